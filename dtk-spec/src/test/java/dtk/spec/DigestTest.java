package dtk.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {
  private static final String TEST_SHA256 =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @Test
  void parsesAndPrintsAlgorithmColonEncoded() {
    Digest d = Digest.parse("sha256:" + TEST_SHA256);
    assertThat(d.algorithm()).isEqualTo("sha256");
    assertThat(d.encoded()).isEqualTo(TEST_SHA256);
    assertThat(d).hasToString("sha256:" + TEST_SHA256);
    assertThat(d.shortHex(12)).isEqualTo("9f86d081884c");
    assertThat(Digest.parse("sha512:" + "ab".repeat(64)).isSha256()).isFalse();
  }

  @Test
  void computesSha256OfBytesAndStreams() throws Exception {
    byte[] test = "test".getBytes(StandardCharsets.UTF_8);
    assertThat(Digest.sha256(test)).isEqualTo(Digest.sha256Hex(TEST_SHA256));
    assertThat(Digest.sha256(new ByteArrayInputStream(test))).isEqualTo(Digest.sha256(test));
    assertThat(Digest.sha256Hex(TEST_SHA256).matches(test)).isTrue();
    assertThat(Digest.sha256Hex(TEST_SHA256).matches("tesT".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
  }

  @Test
  void rejectsWhatIsNotADigest() {
    assertThatThrownBy(() -> Digest.parse("sha256:xyz")).hasMessageContaining("'sha256:xyz'");
    assertThatThrownBy(() -> Digest.parse("sha256:" + "a".repeat(63)))
        .hasMessageContaining("64 lower-case hex digits");
    assertThatThrownBy(() -> Digest.parse(TEST_SHA256)).hasMessageContaining("sha256:<64 hex");
    assertThatThrownBy(() -> Digest.parse("")).isInstanceOf(Digest.InvalidException.class);
    assertThat(Digest.parseOrNull("")).isNull();
    assertThat(Digest.parseOrNull(null)).isNull();
  }
}

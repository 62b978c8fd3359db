package dtk.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageRefTest {
  @Test
  void parsesRegistryRepositoryTagAndDigest() {
    assertThat(ImageRef.parse("quay.io/centos/centos:stream9"))
        .isEqualTo(new ImageRef("quay.io", "centos/centos", "stream9", null));
    assertThat(ImageRef.parse("127.0.0.1:5000/dtk/x@sha256:" + "a".repeat(64)).registry()).isEqualTo("127.0.0.1:5000");
    assertThat(ImageRef.parse("debian:bookworm")).isEqualTo(new ImageRef("", "debian", "bookworm", null));
    assertThat(ImageRef.parse("localhost/x").registry()).isEqualTo("localhost");
  }

  @Test
  void rejectsWhatRegistriesReject() {
    assertThatThrownBy(() -> ImageRef.parse("quay.io/Centos/centos")).hasMessageContaining("'Centos'");
    assertThatThrownBy(() -> ImageRef.parse("quay.io:99999/a")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> ImageRef.parse("a:-x")).hasMessageContaining("not a valid tag");
    assertThatThrownBy(() -> ImageRef.parse("a@sha256:xyz")).hasMessageContaining("digest");
    assertThatThrownBy(() -> ImageRef.parse("")).isInstanceOf(ImageRef.InvalidException.class);
  }

  @Test
  void plusBecomesUnderscoreInTags() {
    assertThat(ImageRef.normaliseTag("5.14.0-498.el9+rt")).isEqualTo("5.14.0-498.el9_rt");
    assertThat(ImageRef.isValidTag("5.14.0-498.el9_rt")).isTrue();
    assertThat(ImageRef.isValidTag("5.14.0-498.el9+rt")).isFalse();
  }
}

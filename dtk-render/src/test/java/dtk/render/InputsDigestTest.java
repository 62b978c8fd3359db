package dtk.render;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.Digest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputsDigestTest {
  private static Digest digest(
      Map<String, String> files,
      Map<String, String> args,
      Map<String, String> labels,
      List<String> unset) {
    return InputsDigest.of("linux/amd64", "base:1", null, files, args, labels, unset);
  }

  @Test
  void isIndependentOfMapOrder_butNotOfContent() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("x", "1");
    a.put("y", "2");
    Map<String, String> b = new LinkedHashMap<>();
    b.put("y", "2");
    b.put("x", "1");
    Digest base = digest(Map.of("Containerfile", "FROM x\n"), a, a, List.of("u", "v"));
    assertThat(digest(Map.of("Containerfile", "FROM x\n"), b, b, List.of("v", "u")))
        .isEqualTo(base);
    assertThat(digest(Map.of("Containerfile", "FROM y\n"), a, a, List.of("u", "v")))
        .isNotEqualTo(base);
    assertThat(
            digest(
                Map.of("Containerfile", "FROM x\n"),
                Map.of("x", "1", "y", "3"),
                a,
                List.of("u", "v")))
        .isNotEqualTo(base);
    assertThat(digest(Map.of("Containerfile", "FROM x\n"), a, Map.of("x", "1"), List.of("u", "v")))
        .isNotEqualTo(base);
    assertThat(digest(Map.of("Containerfile", "FROM x\n"), a, a, List.of("u"))).isNotEqualTo(base);
    assertThat(
            InputsDigest.of(
                "linux/arm64",
                "base:1",
                null,
                Map.of("Containerfile", "FROM x\n"),
                a,
                a,
                List.of("u", "v")))
        .isNotEqualTo(base);
    assertThat(
            InputsDigest.of(
                "linux/amd64",
                "base:1",
                Digest.sha256Hex("0".repeat(64)),
                Map.of("Containerfile", "FROM x\n"),
                a,
                a,
                List.of("u", "v")))
        .isNotEqualTo(base);
  }

  @Test
  void lengthPrefixes_keepFieldBoundaries() {
    // the same concatenated text split differently must not collide
    assertThat(digest(Map.of(), Map.of("ab", "c"), Map.of(), List.of()))
        .isNotEqualTo(digest(Map.of(), Map.of("a", "bc"), Map.of(), List.of()));
    assertThat(digest(Map.of("f", "x\nfile g"), Map.of(), Map.of(), List.of()))
        .isNotEqualTo(digest(Map.of("f", "x", "g", ""), Map.of(), Map.of(), List.of()));
  }

  @Test
  void knownValue_keepsTheFormatStable() {
    // Pins the documented canonical form: changing it changes every image's digest, so it must be
    // deliberate.
    assertThat(
            InputsDigest.of(
                "linux/amd64",
                "base:1",
                null,
                Map.of("Containerfile", "FROM base:1\n"),
                Map.of("KERNEL_VERSION", "1.0"),
                Map.of("a", "b"),
                List.of("c")))
        .isEqualTo(
            sha256(
                "version 12:dtk-inputs-1\nplatform 11:linux/amd64\nfrom 6:base:1\nbase-digest 0:\n"
                    + "file 13:Containerfile\ncontent 12:FROM base:1\n\narg-name 14:KERNEL_VERSION\narg-value 3:1.0\n"
                    + "label-key 1:a\nlabel-value 1:b\nunset-label 1:c\n"));
  }

  private static Digest sha256(String s) {
    try {
      return Digest.sha256Hex(
          java.util.HexFormat.of()
              .formatHex(
                  java.security.MessageDigest.getInstance("SHA-256")
                      .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}

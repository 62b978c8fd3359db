package dtk.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageRefTest {
  @Test
  void parsesRegistryRepositoryTagAndDigest() {
    assertThat(ImageRef.parse("quay.io/centos/centos:stream9"))
        .isEqualTo(new ImageRef("quay.io", "centos/centos", "stream9", null));
    assertThat(ImageRef.parse("127.0.0.1:5000/dtk/x@sha256:" + "a".repeat(64)).registry())
        .isEqualTo("127.0.0.1:5000");
    assertThat(ImageRef.parse("debian:bookworm"))
        .isEqualTo(new ImageRef("", "debian", "bookworm", null));
    assertThat(ImageRef.parse("localhost/x").registry()).isEqualTo("localhost");
  }

  @Test
  void rejectsWhatRegistriesReject() {
    assertThatThrownBy(() -> ImageRef.parse("quay.io/Centos/centos"))
        .hasMessageContaining("'Centos'");
    assertThatThrownBy(() -> ImageRef.parse("quay.io:99999/a"))
        .hasMessageContaining("out of range");
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

  @Test
  void fullReference() {
    ImageRef r = ImageRef.parse("quay.io/centos-bootc/centos-bootc:stream9");
    assertThat(r).isEqualTo(new ImageRef("quay.io", "centos-bootc/centos-bootc", "stream9", null));
    assertThat(r.normalised()).isEqualTo(r);
    assertThat(r.toString()).isEqualTo("quay.io/centos-bootc/centos-bootc:stream9");
  }

  @Test
  void registryWithPortAndDigest() {
    String d = "sha256:" + "0123456789abcdef".repeat(4);
    ImageRef r = ImageRef.parse("127.0.0.1:5000/dtk/busybox:1@" + d).normalised();
    assertThat(r.registry()).isEqualTo("127.0.0.1:5000");
    assertThat(r.repository()).isEqualTo("dtk/busybox");
    assertThat(r.tag()).isEqualTo("1");
    assertThat(r.reference()).isEqualTo(d);
    assertThat(r.toString()).isEqualTo("127.0.0.1:5000/dtk/busybox@" + d);
    assertThat(r.display()).isEqualTo("127.0.0.1:5000/dtk/busybox:1@" + d);
  }

  @Test
  void normalised_readsItAsTheEnginesDo_dockerHubDefaults() {
    assertThat(ImageRef.parse("busybox").normalised())
        .isEqualTo(new ImageRef("docker.io", "library/busybox", "latest", null));
    assertThat(ImageRef.parse("user/img:2").normalised().apiHost())
        .isEqualTo("registry-1.docker.io");
    assertThat(ImageRef.parse("localhost/img").normalised().registry()).isEqualTo("localhost");
    String d = "sha256:" + "a".repeat(64);
    assertThat(ImageRef.parse("quay.io/o/x@" + d).normalised().tag()).isNull();
  }

  @Test
  void badReferencesSayWhy() {
    assertThatThrownBy(() -> ImageRef.parse("quay.io/Centos/x"))
        .hasMessageContaining("not a valid repository name");
    assertThatThrownBy(() -> ImageRef.parse("quay.io/c/x:5.14+rt"))
        .hasMessageContaining("not a valid tag");
    assertThatThrownBy(() -> ImageRef.parse("quay.io/c/x@sha256:12"))
        .hasMessageContaining("not a valid digest");
  }
}

package dtk.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageRefTest {
  @Test
  void fullReference() {
    ImageRef r = ImageRef.parse("quay.io/centos-bootc/centos-bootc:stream9");
    assertThat(r).isEqualTo(new ImageRef("quay.io", "centos-bootc/centos-bootc", "stream9", null));
    assertThat(r.toString()).isEqualTo("quay.io/centos-bootc/centos-bootc:stream9");
  }

  @Test
  void registryWithPortAndDigest() {
    String d = "sha256:" + "0123456789abcdef".repeat(4);
    ImageRef r = ImageRef.parse("127.0.0.1:5000/dtk/busybox:1@" + d);
    assertThat(r.registry()).isEqualTo("127.0.0.1:5000");
    assertThat(r.repository()).isEqualTo("dtk/busybox");
    assertThat(r.tag()).isEqualTo("1");
    assertThat(r.reference()).isEqualTo(d);
    assertThat(r.toString()).isEqualTo("127.0.0.1:5000/dtk/busybox@" + d);
    assertThat(r.display()).isEqualTo("127.0.0.1:5000/dtk/busybox:1@" + d);
  }

  @Test
  void dockerHubDefaults() {
    assertThat(ImageRef.parse("busybox")).isEqualTo(new ImageRef("docker.io", "library/busybox", "latest", null));
    assertThat(ImageRef.parse("user/img:2").apiHost()).isEqualTo("registry-1.docker.io");
    assertThat(ImageRef.parse("localhost/img").registry()).isEqualTo("localhost");
  }

  @Test
  void badReferencesSayWhy() {
    assertThatThrownBy(() -> ImageRef.parse("quay.io/Centos/x")).hasMessageContaining("not a valid repository name");
    assertThatThrownBy(() -> ImageRef.parse("quay.io/c/x:5.14+rt")).hasMessageContaining("not a valid tag");
    assertThatThrownBy(() -> ImageRef.parse("quay.io/c/x@sha256:12")).hasMessageContaining("not a valid digest");
  }

  @Test
  void platformNames() {
    assertThat(Platform.of("x86_64").oci()).isEqualTo("linux/amd64");
    assertThat(Platform.of("linux/arm64")).isEqualTo(Platform.AARCH64);
    assertThat(Platform.of("aarch64").ociArch()).isEqualTo("arm64");
  }

  @Test
  void toolVersions() {
    assertThat(ToolVersion.parse("podman version 4.3.1")).isEqualTo(ToolVersion.of(4, 3, 1));
    assertThat(ToolVersion.parse("5.0")).isEqualTo(ToolVersion.of(5, 0, 0));
    assertThat(ToolVersion.of(4, 10, 0).atLeast(4, 8, 0)).isTrue();
    assertThatThrownBy(() -> ToolVersion.parse("dev")).hasMessageContaining("no version number");
  }
}

package dtk.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.process.ToolVersion;
import org.junit.jupiter.api.Test;

class PlatformAndToolVersionTest {
  @Test
  void platformNames() {
    assertThat(Platform.of("x86_64").oci()).isEqualTo("linux/amd64");
    assertThat(Platform.of("linux/arm64")).isEqualTo(Platform.AARCH64);
    assertThat(Platform.of("aarch64").ociArch()).isEqualTo("arm64");
  }

  @Test
  void sameArch_comparesKernelAndOciNamesAlike() {
    assertThat(Platform.sameArch("x86_64", "linux/amd64")).isTrue();
    assertThat(Platform.sameArch("arm64", "linux/arm64/v8")).isTrue();
    assertThat(Platform.sameArch("s390x", "s390x")).isTrue();
    assertThat(Platform.sameArch("aarch64", "amd64")).isFalse();
  }

  @Test
  void toolVersions() {
    assertThat(ToolVersion.parse("podman version 4.3.1")).isEqualTo(ToolVersion.of(4, 3, 1));
    assertThat(ToolVersion.parse("5.0")).isEqualTo(ToolVersion.of(5, 0, 0));
    assertThat(ToolVersion.of(4, 10, 0).atLeast(4, 8, 0)).isTrue();
    assertThatThrownBy(() -> ToolVersion.parse("dev")).hasMessageContaining("no version number");
  }
}

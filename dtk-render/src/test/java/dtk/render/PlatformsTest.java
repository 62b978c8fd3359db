package dtk.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformsTest {
  @Test
  void everyKnownArch_mapsToItsOciName_andBack() {
    for (String arch : List.of("x86_64", "aarch64", "ppc64le", "s390x")) {
      assertThat(Platforms.known(arch)).isTrue();
      String oci = Platforms.ociArch(arch);
      assertThat(Platforms.oci(arch)).isEqualTo("linux/" + oci);
      assertThat(Platforms.kernelArch(oci)).isEqualTo(arch);
    }
    assertThat(Platforms.ociArch("x86_64")).isEqualTo("amd64");
    assertThat(Platforms.kernelArch("arm64")).isEqualTo("aarch64");
  }

  @Test
  void unknownNames_passThroughTheLookups_butAreNoPlatform() {
    assertThat(Platforms.ociArch("riscv64")).isEqualTo("riscv64");
    assertThat(Platforms.kernelArch("riscv64")).isEqualTo("riscv64");
    assertThat(Platforms.known("amd64")).isFalse();
    assertThatThrownBy(() -> Platforms.oci("sparc"))
        .hasMessageContaining("unknown platform 'sparc'");
  }
}

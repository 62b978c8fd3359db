package dtk.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryTest {

  @Test
  void writeSources_writesTheKbuildMakefileAndTheGplModule(@TempDir Path dir) throws Exception {
    var files = Canary.writeSources(dir.resolve("canary"));

    assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("Makefile", "dtk_canary.c");
    assertThat(Files.readString(dir.resolve("canary/Makefile"))).contains("obj-m := dtk_canary.o");
    assertThat(Files.readString(dir.resolve("canary/dtk_canary.c")))
        .contains("MODULE_LICENSE(\"GPL\")", "module_init(dtk_canary_init)", "module_exit(dtk_canary_exit)");
  }

  @Test
  void writeSources_overwritesAnOlderCopy(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("Makefile"), "stale");

    Canary.writeSources(dir);

    assertThat(Files.readString(dir.resolve("Makefile"))).isEqualTo(Canary.source("Makefile"));
  }

  @Test
  void source_rejectsFilesThatAreNotPartOfTheCanary() {
    assertThatThrownBy(() -> Canary.source("../pom.xml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a canary file");
  }

  @Test
  void vermagic_isReadFromModinfoOutput() {
    String modinfo = """
        filename:       /tmp/dtk-canary/dtk_canary.ko
        license:        GPL
        name:           dtk_canary
        vermagic:       6.1.0-56-amd64 SMP preempt mod_unload modversions\s
        """;

    assertThat(Canary.vermagic(modinfo)).contains("6.1.0-56-amd64 SMP preempt mod_unload modversions");
  }

  @Test
  void vermagic_isEmptyWhenModinfoHasNone() {
    assertThat(Canary.vermagic("filename: x.ko\nlicense: GPL\n")).isEmpty();
  }

  @Test
  void matchesRelease_needsTheWholeFirstWord() {
    String vermagic = "6.1.0-56-amd64 SMP preempt mod_unload modversions";

    assertThat(Canary.matchesRelease(vermagic, "6.1.0-56-amd64")).isTrue();
    assertThat(Canary.matchesRelease(vermagic, "6.1.0-5")).isFalse();
    assertThat(Canary.matchesRelease(vermagic, "6.1.0-56-cloud-amd64")).isFalse();
    assertThat(Canary.matchesRelease(vermagic, "")).isFalse();
    assertThat(Canary.matchesRelease("5.14.0-498.el9.x86_64 SMP preempt mod_unload modversions",
        "5.14.0-498.el9.x86_64")).isTrue();
  }
}

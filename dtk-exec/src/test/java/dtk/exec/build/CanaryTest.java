package dtk.exec.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryTest {

  @Test
  void writeSources_writesOnlyTheKbuildMakefileAndTheModule(@TempDir Path dir) throws Exception {
    var files = Canary.writeSources(dir.resolve("canary"));

    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("Makefile", "dtk_canary.c");
    try (var listing = Files.list(dir.resolve("canary"))) {
      assertThat(listing).hasSize(2);
    }
  }

  @Test
  void writeContext_writesTheContainerfileTheCheckAndTheGplModule(@TempDir Path dir)
      throws Exception {
    var files = Canary.writeContext(dir.resolve("canary"));

    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("Containerfile", "Makefile", "check.sh", "dtk_canary.c");
    assertThat(Files.readString(dir.resolve("canary/Makefile"))).contains("obj-m := dtk_canary.o");
    assertThat(Files.readString(dir.resolve("canary/dtk_canary.c")))
        .contains(
            "MODULE_LICENSE(\"GPL\")",
            "module_init(dtk_canary_init)",
            "module_exit(dtk_canary_exit)");
  }

  @Test
  void containerfile_buildsFromTheImageArgument_andCopiesEveryOtherFile() {
    String containerfile = Canary.source("Containerfile");

    assertThat(containerfile)
        .contains("ARG " + Canary.IMAGE_ARG + "\nFROM ${" + Canary.IMAGE_ARG + "}")
        .contains("ARG " + Canary.KERNEL_ARG)
        .contains("RUN sh /opt/dtk-canary/src/check.sh");
    for (String f : Canary.CONTEXT_FILES) {
      if (!f.equals("Containerfile")) {
        assertThat(containerfile)
            .containsPattern("COPY .*\\b" + java.util.regex.Pattern.quote(f) + "\\b");
      }
    }
  }

  @Test
  void check_failsOnWarnings_andOnAVermagicOfAnotherRelease_andKeepsItsOutput() {
    String check = Canary.source("check.sh");

    assertThat(check)
        .contains("if grep -i 'warning:'")
        .contains("\"$release\" | \"$release \"*) echo \"dtk-canary: ok:")
        .contains("*) fail \"built against $build, vermagic is")
        .contains("out=" + Canary.OUTPUT_DIR);
  }

  @Test
  void writeContext_overwritesAnOlderCopy(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("Makefile"), "stale");

    Canary.writeContext(dir);

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
    String modinfo =
        """
        filename:       /tmp/dtk-canary/dtk_canary.ko
        license:        GPL
        name:           dtk_canary
        vermagic:       6.1.0-56-amd64 SMP preempt mod_unload modversions\s
        """;

    assertThat(Canary.vermagic(modinfo))
        .contains("6.1.0-56-amd64 SMP preempt mod_unload modversions");
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
    assertThat(
            Canary.matchesRelease(
                "5.14.0-498.el9.x86_64 SMP preempt mod_unload modversions",
                "5.14.0-498.el9.x86_64"))
        .isTrue();
  }
}

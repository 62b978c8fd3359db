package dtk.spec;

import static dtk.spec.Load.write;
import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.model.Spec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large spec set loads in parallel with results that do not depend on timing (no timing
 * asserted).
 */
class ManySpecsTest {
  @TempDir Path dir;

  @Test
  void thousandGeneratedSpecs_loadWithDeterministicResults() {
    write(
        dir,
        "common.yaml",
        "apiVersion: dtk/v1\nkind: DriverToolkitDefaults\npackageManager: dnf\n"
            + "platforms: [x86_64, aarch64]\nimage: { registry: quay.io, name: driver-toolkit, tag: \"${kernel.version}\" }\n");
    for (int i = 0; i < 1000; i++) {
      String name = String.format("t%04d", i);
      String extra = i % 100 == 7 ? "bogus: true\n" : "";
      write(
          dir,
          name + ".yaml",
          "apiVersion: dtk/v1\nkind: DriverToolkit\nextends: common.yaml\n"
              + "metadata: { name: "
              + name
              + " }\nbaseImage: quay.io/centos/centos:stream9\n"
              + "kernel: { version: 5.14.0-"
              + i
              + ".el9 }\nimage: { organization: o"
              + i
              + " }\n"
              + extra);
    }
    LoadResult first = SpecLoader.standard().load(List.of(dir));
    LoadResult second = SpecLoader.standard().load(List.of(dir));

    assertThat(first.filesChecked()).isEqualTo(1001);
    assertThat(first.specs()).hasSize(990);
    assertThat(first.specs().get(0).name()).isEqualTo("t0000");
    assertThat(first.specs()).extracting(Spec::name).isSorted();
    assertThat(first.diagnostics())
        .hasSize(10)
        .allSatisfy(
            d -> {
              assertThat(d.code()).isEqualTo("schema/additionalProperties");
              assertThat(d.at().line()).isEqualTo(8);
            });
    assertThat(first.diagnostics().get(0).at().file().getFileName().toString())
        .isEqualTo("t0007.yaml");
    assertThat(Load.lines(second)).isEqualTo(Load.lines(first));
    assertThat(second.specs())
        .extracting(Spec::name)
        .isEqualTo(first.specs().stream().map(Spec::name).toList());
  }
}

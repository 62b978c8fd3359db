package dtk.exec.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.render.BuildContext;
import dtk.render.Pins;
import dtk.render.Renderer;
import dtk.render.Target;
import dtk.spec.LoadResult;
import dtk.spec.SpecLoader;
import dtk.spec.model.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stages of {@link Pipeline} that need no registry. */
class PipelineTest {
  private static final String BASE = "sha256:" + "b".repeat(64);

  private static Spec centos() {
    LoadResult r = SpecLoader.standard().load(List.of(Path.of("../specs/centos.yaml")));
    assertThat(r.diagnostics()).isEmpty();
    return r.specs().get(0);
  }

  private static Pins pins(String... kernels) {
    return new Pins(
        List.of(kernels),
        Map.of("compose", "CentOS-Stream-9-20240101.0"),
        Map.of("x86_64", BASE, "aarch64", BASE),
        "c0ffee",
        1700000000L);
  }

  @Test
  void theExpandedTargetsAreHandedOn() throws Exception {
    List<List<Target>> handed = new ArrayList<>();

    Pipeline.Rendered r =
        Pipeline.render(
            List.of(centos()),
            List.of(),
            pins("5.14.0-498.el9", "5.14.0-499.el9"),
            Renderer.builtIn(),
            Pipeline.Resolve.offline(),
            handed::add);

    assertThat(r.ok()).isTrue();
    assertThat(handed).hasSize(1);
    assertThat(handed.get(0)).hasSize(4); // 2 kernels x 2 platforms
    assertThat(handed.get(0))
        .containsExactlyElementsOf(r.contexts().stream().map(BuildContext::target).toList());
  }

  @Test
  void theyAreHandedOnBeforeRendering_soEvenWhenRenderingFails(@TempDir Path templates)
      throws Exception {
    Files.createDirectories(templates.resolve("dnf"));
    Files.writeString(templates.resolve("dnf/Containerfile.ftl"), "FROM [=noSuchValue]\n");
    List<List<Target>> handed = new ArrayList<>();

    Pipeline.Rendered r =
        Pipeline.render(
            List.of(centos()),
            List.of(),
            pins("5.14.0-498.el9"),
            Renderer.withTemplates(templates),
            Pipeline.Resolve.offline(),
            handed::add);

    assertThat(r.ok()).isFalse();
    assertThat(handed).hasSize(1);
    assertThat(handed.get(0)).hasSize(2);
  }

  @Test
  void targetsThatCannotBeExpandedAreNotHandedOn() throws Exception {
    List<List<Target>> handed = new ArrayList<>();

    Pipeline.Rendered r =
        Pipeline.render(
            List.of(centos()),
            List.of(),
            Pins.NONE, // offline, centos reads its kernel and compose from an image
            Renderer.builtIn(),
            Pipeline.Resolve.offline(),
            handed::add);

    assertThat(r.ok()).isFalse();
    assertThat(handed).isEmpty();
  }
}

package dtk.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.apply.plan.RenderedTargets;
import dtk.exec.apply.run.ClusterSettings;
import dtk.exec.registry.RegistryOptions;
import dtk.render.BuildContext;
import dtk.render.OfflineResolver;
import dtk.render.Pins;
import dtk.render.Renderer;
import dtk.render.Resolution;
import dtk.render.Target;
import dtk.render.TargetExpander;
import dtk.spec.LoadResult;
import dtk.spec.Overrides;
import dtk.spec.SpecLoader;
import dtk.spec.model.Spec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shipped specs rendered offline with fixed kernels and pins, as the golden tests of dtk-render
 * do.
 */
final class TestTargets {
  static final Path SPECS = Path.of("../specs");
  static final Map<String, String> KERNELS =
      Map.of(
          "centos", "5.14.0-570.el9",
          "rhel", "5.14.0-427.13.1.el9_4",
          "fedora", "6.8.5-301.fc40",
          "debian", "6.1.0-56-amd64");
  static final Pins PINS =
      new Pins(
          List.of(), Map.of("compose", "CentOS-Stream-9-20240708.0"), Map.of(), "0123abcd", null);

  private TestTargets() {}

  static RenderedTargets shipped() {
    LoadResult r = SpecLoader.standard().load(List.of(SPECS), Overrides.parse(List.of()));
    assertThat(r.diagnostics()).as("shipped specs load cleanly").isEmpty();
    List<BuildContext> contexts = new ArrayList<>();
    for (Spec spec : r.specs()) {
      Pins pins =
          KERNELS.containsKey(spec.name())
              ? PINS.withKernelVersions(List.of(KERNELS.get(spec.name())))
              : PINS;
      Resolution res = OfflineResolver.resolve(spec, spec.platforms(), pins);
      for (Target t : TargetExpander.targets(spec, null, res)) {
        contexts.add(Renderer.builtIn().render(t));
      }
    }
    return new RenderedTargets(contexts);
  }

  static ClusterSettings settings(Path logDir) {
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("rhsm-org", "rhsm/org");
    secrets.put("rhsm-activationkey", "rhsm/activationkey");
    Map<String, String> requests = new LinkedHashMap<>();
    requests.put("cpu", "2");
    requests.put("memory", "4Gi");
    requests.put("ephemeral-storage", "20Gi");
    return new ClusterSettings(
        "dtk-builds",
        null,
        "registry-push",
        ClusterSettings.DEFAULT_BUILDER_IMAGE,
        secrets,
        requests,
        Map.of("memory", "8Gi"),
        Duration.ofHours(2),
        Duration.ofHours(24),
        logDir,
        new RegistryOptions(true, null),
        Duration.ofMillis(20));
  }
}

package dtk.render;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.LoadResult;
import dtk.spec.Overrides;
import dtk.spec.SpecLoader;
import dtk.spec.model.Spec;
import dtk.spec.model.Variant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The rendered context of every shipped spec, on each of its platforms, with its kernel variants
 * off and on, against checked-in files under {@code src/test/resources/golden/<spec>/<case>/}.
 * Rewrite them with {@code mvn -pl dtk-render test -Dtest=GoldenTest -Dgolden.update=true} and
 * review the diff.
 */
class GoldenTest {
  static final Path SPECS = Path.of("../specs");
  static final Path GOLDEN = Path.of("src/test/resources/golden");
  static final boolean UPDATE = Boolean.getBoolean("golden.update");

  /** Kernels for the specs that read theirs from a registry; a pinned spec keeps its own. */
  static final Map<String, String> KERNELS =
      Map.of(
          "centos", "5.14.0-570.el9",
          "rhel", "5.14.0-427.13.1.el9_4",
          "fedora", "6.8.5-301.fc40",
          "debian", "6.1.0-56-amd64");

  static final Pins PINS =
      new Pins(
          List.of(), Map.of("compose", "CentOS-Stream-9-20240708.0"), Map.of(), "0123abcd", null);

  static List<Spec> load(List<String> sets) {
    LoadResult r = SpecLoader.standard().load(List.of(SPECS), Overrides.parse(sets));
    assertThat(r.diagnostics()).as("shipped specs load cleanly").isEmpty();
    return r.specs();
  }

  /** Every golden case: spec name / arch [-variants] -> its context files. */
  static Map<String, Map<String, String>> render() {
    Map<String, Map<String, String>> cases = new TreeMap<>();
    List<Spec> plain = load(List.of());
    for (Spec spec : plain) {
      add(cases, spec, "");
      if (spec.kernel() != null && !spec.kernel().variants().isEmpty()) {
        List<String> on = new ArrayList<>();
        for (Variant v : spec.kernel().variants()) {
          on.add(spec.name() + ":kernel.variants." + v.name() + ".enabled=true");
        }
        Spec withVariants =
            load(on).stream().filter(s -> s.name().equals(spec.name())).findFirst().orElseThrow();
        add(cases, withVariants, "-variants");
      }
    }
    return cases;
  }

  private static void add(Map<String, Map<String, String>> cases, Spec spec, String suffix) {
    Pins pins =
        KERNELS.containsKey(spec.name())
            ? PINS.withKernelVersions(List.of(KERNELS.get(spec.name())))
            : PINS;
    Resolution r = OfflineResolver.resolve(spec, spec.platforms(), pins);
    for (Target t : TargetExpander.targets(spec, null, r)) {
      BuildContext c = Renderer.builtIn().render(t);
      cases.put(spec.name() + "/" + t.arch() + suffix, ContextWriter.files(c));
    }
  }

  @Test
  void everyShippedSpec_hasGoldenCases() {
    Map<String, Map<String, String>> cases = render();
    assertThat(cases.keySet())
        .contains(
            "centos/x86_64",
            "centos/x86_64-variants",
            "centos/aarch64",
            "centos/aarch64-variants",
            "rhel/x86_64",
            "rhel/x86_64-variants",
            "fedora/x86_64",
            "fedora/aarch64",
            "debian/x86_64");
  }

  @Test
  void renderingTwice_isByteIdentical() {
    assertThat(render()).isEqualTo(render());
  }

  @TestFactory
  Stream<DynamicTest> renderedContexts_matchGoldenFiles() throws IOException {
    Map<String, Map<String, String>> cases = render();
    if (UPDATE) {
      update(cases);
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (var c : cases.entrySet()) {
      tests.add(
          DynamicTest.dynamicTest(
              c.getKey(),
              () -> {
                Path dir = GOLDEN.resolve(c.getKey());
                assertThat(dir)
                    .as("golden files of " + c.getKey() + " missing; run with -Dgolden.update=true")
                    .isDirectory();
                assertThat(list(dir))
                    .as("files of " + c.getKey())
                    .containsExactlyElementsOf(c.getValue().keySet().stream().sorted().toList());
                for (var f : c.getValue().entrySet()) {
                  assertThat(Files.readString(dir.resolve(f.getKey()), StandardCharsets.UTF_8))
                      .as(
                          c.getKey()
                              + "/"
                              + f.getKey()
                              + " differs from the golden file (if intended: -Dgolden.update=true, then review git diff)")
                      .isEqualTo(f.getValue());
                }
              }));
    }
    tests.add(
        DynamicTest.dynamicTest(
            "no stale golden cases",
            () -> assertThat(cases(GOLDEN)).containsExactlyElementsOf(cases.keySet())));
    return tests.stream();
  }

  private static void update(Map<String, Map<String, String>> cases) throws IOException {
    if (Files.exists(GOLDEN)) {
      FileTrees.deleteQuietly(GOLDEN);
    }
    for (var c : cases.entrySet()) {
      for (var f : c.getValue().entrySet()) {
        Path p = GOLDEN.resolve(c.getKey()).resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
      }
    }
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  private static List<String> cases(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root, 2)) {
      return s.filter(p -> root.relativize(p).getNameCount() == 2)
          .filter(Files::isDirectory)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }
}

package dtk.render;

import dtk.spec.Location;
import dtk.spec.model.BuildSpec;
import dtk.spec.model.CompilerSpec;
import dtk.spec.model.ImageSpec;
import dtk.spec.model.KernelSpec;
import dtk.spec.model.Kind;
import dtk.spec.model.LabelSource;
import dtk.spec.model.Metadata;
import dtk.spec.model.PackageEntry;
import dtk.spec.model.PackageManager;
import dtk.spec.model.SecretSpec;
import dtk.spec.model.SourceMap;
import dtk.spec.model.Spec;
import dtk.spec.model.UserSpec;
import dtk.spec.model.Variant;
import dtk.spec.model.VerifySpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Specs built as records, the way the loader returns them, for tests that need no YAML. */
final class TestSpecs {
  private TestSpecs() {}

  /** A source map that knows the lines of some pointers and falls back to the file's line 1. */
  static SourceMap lines(Path file, Map<String, Integer> lines) {
    return pointer -> {
      String p = pointer;
      while (true) {
        Integer l = lines.get(p);
        if (l != null) {
          return new Location(file, l, 3);
        }
        int slash = p.lastIndexOf('/');
        if (slash < 0) {
          return new Location(file, 1, 1);
        }
        p = p.substring(0, slash);
      }
    };
  }

  static Spec centosLike(boolean rt) {
    Path file = Path.of("specs/test-centos.yaml");
    return new Spec(
        file,
        lines(file, Map.of("/kernel", 8, "/labels/version", 20, "/facts/compose", 14)),
        "dtk/v1",
        Kind.DriverToolkit,
        new Metadata("test-centos", "Test toolkit"),
        "quay.io/centos/centos:stream9",
        PackageManager.dnf,
        List.of("x86_64", "aarch64"),
        new KernelSpec(
            List.of("5.14.0-498.el9"),
            null,
            List.of(
                "kernel-core-${kernel.version}",
                "kernel-devel-${kernel.version}",
                "kernel-modules-${kernel.version}"),
            List.of(
                new Variant(
                    "rt",
                    rt,
                    List.of("x86_64"),
                    List.of("rt"),
                    List.of(
                        "kernel-rt-devel-${kernel.version}",
                        "kernel-rt-modules-${kernel.version}")),
                new Variant(
                    "64k",
                    rt,
                    List.of("aarch64"),
                    List.of(),
                    List.of("kernel-64k-devel-${kernel.version}")))),
        Map.of(),
        List.of(),
        new CompilerSpec(true),
        List.of(
            new PackageEntry("binutils", List.of()),
            new PackageEntry("gcc", List.of()),
            new PackageEntry("mokutil", List.of("x86_64", "aarch64")),
            new PackageEntry("only-ppc", List.of("ppc64le"))),
        labels("name", "driver-toolkit", "version", "${kernel.version}"),
        List.of("release", "url"),
        new ImageSpec("quay.io", "centos", "driver-toolkit", "${kernel.version}", null),
        new BuildSpec(Map.of(), List.of(), new UserSpec("builder", 1001), true),
        new VerifySpec(true, true));
  }

  static Map<String, String> labels(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static Spec with(Spec s, Map<String, String> labels) {
    return new Spec(
        s.file(),
        s.source(),
        s.apiVersion(),
        s.kind(),
        s.metadata(),
        s.baseImage(),
        s.packageManager(),
        s.platforms(),
        s.kernel(),
        s.facts(),
        s.repositories(),
        s.compiler(),
        s.packages(),
        labels,
        s.unsetLabels(),
        s.image(),
        s.build(),
        s.verify());
  }

  static Spec withPackages(Spec s, List<PackageEntry> packages) {
    return new Spec(
        s.file(),
        s.source(),
        s.apiVersion(),
        s.kind(),
        s.metadata(),
        s.baseImage(),
        s.packageManager(),
        s.platforms(),
        s.kernel(),
        s.facts(),
        s.repositories(),
        s.compiler(),
        packages,
        s.labels(),
        s.unsetLabels(),
        s.image(),
        s.build(),
        s.verify());
  }

  static Spec withKernel(Spec s, KernelSpec kernel) {
    return new Spec(
        s.file(),
        s.source(),
        s.apiVersion(),
        s.kind(),
        s.metadata(),
        s.baseImage(),
        s.packageManager(),
        s.platforms(),
        kernel,
        s.facts(),
        s.repositories(),
        s.compiler(),
        s.packages(),
        s.labels(),
        s.unsetLabels(),
        s.image(),
        s.build(),
        s.verify());
  }

  static Spec withFacts(Spec s, Map<String, LabelSource> facts, List<Path> repos) {
    return new Spec(
        s.file(),
        s.source(),
        s.apiVersion(),
        s.kind(),
        s.metadata(),
        s.baseImage(),
        s.packageManager(),
        s.platforms(),
        s.kernel(),
        facts,
        repos,
        s.compiler(),
        s.packages(),
        s.labels(),
        s.unsetLabels(),
        s.image(),
        s.build(),
        s.verify());
  }

  static Spec withBase(Spec s, String baseImage, List<String> platforms) {
    return new Spec(
        s.file(),
        s.source(),
        s.apiVersion(),
        s.kind(),
        s.metadata(),
        baseImage,
        s.packageManager(),
        platforms,
        s.kernel(),
        s.facts(),
        s.repositories(),
        s.compiler(),
        s.packages(),
        s.labels(),
        s.unsetLabels(),
        s.image(),
        s.build(),
        s.verify());
  }

  static Spec withBuild(Spec s, BuildSpec build) {
    return new Spec(
        s.file(),
        s.source(),
        s.apiVersion(),
        s.kind(),
        s.metadata(),
        s.baseImage(),
        s.packageManager(),
        s.platforms(),
        s.kernel(),
        s.facts(),
        s.repositories(),
        s.compiler(),
        s.packages(),
        s.labels(),
        s.unsetLabels(),
        s.image(),
        build,
        s.verify());
  }

  static Spec debianLike() {
    Path file = Path.of("specs/test-debian.yaml");
    return new Spec(
        file,
        lines(file, Map.of()),
        "dtk/v1",
        Kind.DriverToolkit,
        new Metadata("test-debian", ""),
        "docker.io/library/debian:bookworm",
        PackageManager.apt,
        List.of("x86_64"),
        new KernelSpec(
            List.of("6.1.0-18-amd64"), null, List.of("linux-headers-${kernel.version}"), List.of()),
        Map.of(),
        List.of(),
        new CompilerSpec(true),
        List.of(
            new PackageEntry("gcc", List.of()),
            new PackageEntry("make", List.of()),
            new PackageEntry("kmod", List.of())),
        labels(),
        List.of(),
        new ImageSpec("quay.io", "", "dtk-debian", "${kernel.version}", null),
        new BuildSpec(
            Map.of("EXTRA", "x"), List.of(new SecretSpec("token", "TOKEN", null)), null, true),
        new VerifySpec(false, false));
  }

  static List<Target> targets(Spec spec) {
    return TargetExpander.targets(
        spec, null, OfflineResolver.resolve(spec, spec.platforms(), Pins.NONE));
  }
}

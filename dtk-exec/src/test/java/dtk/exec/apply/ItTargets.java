package dtk.exec.apply;

import dtk.render.BuildContext;
import dtk.render.ImageRefs;
import dtk.render.InputsDigest;
import dtk.render.Target;
import dtk.spec.Digest;
import dtk.spec.Location;
import dtk.spec.model.ImageSpec;
import dtk.spec.model.KernelSpec;
import dtk.spec.model.Kind;
import dtk.spec.model.Metadata;
import dtk.spec.model.PackageManager;
import dtk.spec.model.Spec;
import dtk.spec.model.VerifySpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Build contexts for the apply integration tests, made the way render makes them (same records,
 * same inputs digest) but from a tiny Containerfile over {@link MultiArchBase}: it creates {@code
 * /lib/modules/<kver>.<arch>}, the release file and {@code /etc/dtk-uname} (what {@code uname -m}
 * said during the build, i.e. whether qemu ran it).
 */
final class ItTargets {
  private final MultiArchBase base;
  private final String repository;
  private final Map<String, String> fromOverride = new LinkedHashMap<>();
  private final Map<String, String> digestOverride = new LinkedHashMap<>();
  final Map<String, String> labels = new LinkedHashMap<>();
  boolean verify = true;

  /** Extra shell appended to the RUN step of one arch (e.g. {@code && false}). */
  final Map<String, String> extraRun = new LinkedHashMap<>();

  /** Kernel written into the release file instead of the target's, per arch. */
  final Map<String, String> releaseKernel = new LinkedHashMap<>();

  ItTargets(MultiArchBase base, String repositoryName) {
    this.base = base;
    this.repository = base.registry.host() + "/apply-it/" + repositoryName;
    labels.put("name", "dtk-apply-it");
  }

  void baseFor(String arch, String digest) {
    fromOverride.put(arch, base.repository + "@" + digest);
    digestOverride.put(arch, digest);
  }

  List<BuildContext> contexts(List<String> archs, List<String> kernels) {
    Spec spec = spec();
    return kernels.stream().flatMap(k -> archs.stream().map(a -> context(spec, a, k))).toList();
  }

  String index(String kernel) {
    return repository + ":" + kernel;
  }

  String image(String kernel, String arch) {
    return repository + ":" + kernel + "." + arch;
  }

  private Spec spec() {
    Path file = Path.of("apply-it.yaml");
    return new Spec(
        file,
        pointer -> Location.ofFile(file),
        "dtk/v1",
        Kind.DriverToolkit,
        new Metadata("apply-it", ""),
        base.repository,
        PackageManager.apt,
        List.of("x86_64", "aarch64"),
        new KernelSpec(List.of("0"), null, List.of(), List.of()),
        Map.of(),
        List.of(),
        null,
        List.of(),
        labels,
        List.of(),
        new ImageSpec(base.registry.host(), "apply-it", "x", "${kernel.version}", null),
        null,
        new VerifySpec(verify, false));
  }

  private BuildContext context(Spec spec, String arch, String kernel) {
    String digest = digestOverride.getOrDefault(arch, base.digests.get(arch));
    String from = fromOverride.getOrDefault(arch, base.from(arch));
    String release = releaseKernel.getOrDefault(arch, kernel) + "." + arch;
    Map<String, String> l = new LinkedHashMap<>(labels);
    l.put("org.opencontainers.image.base.digest", digest);
    StringBuilder cf = new StringBuilder();
    cf.append("FROM ").append(from).append('\n');
    cf.append("ARG KERNEL_VERSION\n");
    cf.append("RUN mkdir -p /lib/modules/${KERNEL_VERSION}.")
        .append(arch)
        .append(" && echo '{\"KERNEL_VERSION\": \"")
        .append(release)
        .append("\"}' > /etc/driver-toolkit-release.json")
        .append(" && uname -m > /etc/dtk-uname")
        .append(extraRun.getOrDefault(arch, ""))
        .append('\n');
    l.forEach((k, v) -> cf.append("LABEL ").append(k).append("=\"").append(v).append("\"\n"));
    Map<String, String> args = Map.of("KERNEL_VERSION", kernel);
    String platform = dtk.exec.Platform.of(arch).oci();
    Digest inputs =
        InputsDigest.of(
            platform,
            from,
            Digest.parseOrNull(digest),
            Map.of(BuildContext.CONTAINERFILE, cf.toString()),
            args,
            l,
            List.of());
    Target t =
        new Target(
            spec,
            arch,
            kernel,
            Map.of(),
            null,
            ImageRefs.of(repository, kernel, kernel + "." + arch),
            base.repository,
            Digest.parseOrNull(digest),
            0L);
    return new BuildContext(
        t, cf.toString(), Map.of(), args, l, Map.of(), List.of(), List.of(), inputs);
  }
}

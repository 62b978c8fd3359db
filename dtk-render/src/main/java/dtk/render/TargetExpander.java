package dtk.render;

import dtk.render.internal.Values;
import dtk.spec.Diagnostic;
import dtk.spec.DiagnosticCode;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import dtk.spec.model.ImageSpec;
import dtk.spec.model.Kind;
import dtk.spec.model.Spec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** Expands a spec into its {@link Target}s: one per platform and kernel version. */
public final class TargetExpander {
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern FACT = Pattern.compile("[^\\x00-\\x1f\\x7f]*");

  private TargetExpander() {}

  /**
   * The targets of {@code spec}, platforms in the spec's order, kernels in resolution order. A
   * {@code DriverToolkitDefaults} spec has none.
   *
   * @param platforms only these platforms (those the spec does not build are skipped); {@code null}
   *     or empty = all of the spec's
   * @throws RenderException for values that cannot make a valid target (a kernel version or tag
   *     that is not legal, a platform without a kernel)
   */
  public static List<Target> targets(
      Spec spec, Collection<String> platforms, Resolution resolution) {
    List<Target> out = new ArrayList<>();
    if (spec.kind() != Kind.DriverToolkit) {
      return out;
    }
    List<Diagnostic> problems = new ArrayList<>();
    for (String arch : archs(spec, platforms)) {
      if (!Platforms.known(arch)) {
        problems.add(
            Diagnostic.error(
                DiagnosticCode.PLAN_PLATFORM,
                spec.source().locate("/platforms"),
                "unknown platform '" + arch + "'",
                "use x86_64, aarch64, ppc64le or s390x"));
        continue;
      }
      List<String> kernels = resolution.kernelVersions(arch);
      if (kernels.isEmpty()) {
        problems.add(
            Diagnostic.error(
                DiagnosticCode.PLAN_UNPINNED_KERNEL,
                spec.source().locate("/kernel"),
                "no kernel version for spec '" + spec.name() + "' on " + arch,
                Pins.unpinnedKernelHint(spec.name())));
        continue;
      }
      String digest = resolution.baseDigests().get(arch);
      if (digest != null && !DIGEST.matcher(digest).matches()) {
        problems.add(
            Diagnostic.error(
                DiagnosticCode.PLAN_BASE_DIGEST,
                spec.source().locate("/baseImage"),
                "base image digest '" + digest + "' for " + arch + " is not a sha256 digest"));
        continue;
      }
      for (String kernel : kernels) {
        Target t =
            target(
                spec,
                arch,
                kernel,
                resolution,
                digest == null ? null : Digest.parse(digest),
                problems);
        if (t != null) {
          out.add(t);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new RenderException(problems);
    }
    return out;
  }

  /**
   * The targets of several specs, resolved with {@code resolver}: specs in order, each as {@link
   * #targets(Spec, Collection, Resolution)}. A spec that builds none of {@code platforms} is
   * skipped without asking the resolver.
   *
   * @throws RenderException with the problems of every spec, not only the first
   */
  public static List<Target> targets(
      List<Spec> specs, Collection<String> platforms, Resolver resolver) {
    List<Target> out = new ArrayList<>();
    List<Diagnostic> problems = new ArrayList<>();
    for (Spec spec : specs) {
      List<String> archs = archs(spec, platforms);
      if (archs.isEmpty() || spec.kind() != Kind.DriverToolkit) {
        continue;
      }
      try {
        out.addAll(targets(spec, archs, resolver.resolve(spec, archs)));
      } catch (RenderException e) {
        problems.addAll(e.diagnostics());
      }
    }
    if (!problems.isEmpty()) {
      throw new RenderException(problems);
    }
    return out;
  }

  /** The platforms of {@code spec} that {@code filter} keeps ({@code null}/empty keeps all). */
  public static List<String> archs(Spec spec, Collection<String> filter) {
    List<String> archs = new ArrayList<>();
    for (String a : spec.platforms()) {
      if (filter == null || filter.isEmpty() || filter.contains(a)) {
        archs.add(a);
      }
    }
    return archs;
  }

  private static Target target(
      Spec spec,
      String arch,
      String kernel,
      Resolution r,
      Digest digest,
      List<Diagnostic> problems) {
    String kernelPointer =
        spec.kernel() != null && spec.kernel().versions().size() > 1
            ? "/kernel/versions"
            : "/kernel/version";
    String bad = dtk.spec.ValueRules.kernelRelease(kernel);
    if (bad != null) {
      problems.add(
          Diagnostic.error(
              DiagnosticCode.PLAN_KERNEL_VERSION,
              spec.source().locate(kernelPointer),
              "kernel version '" + dtk.render.internal.Escapes.printable(kernel) + "' " + bad,
              null));
      return null;
    }
    var facts = r.facts(arch);
    for (var e : facts.entrySet()) {
      if (!FACT.matcher(e.getValue()).matches()) {
        problems.add(
            Diagnostic.error(
                DiagnosticCode.PLAN_FACT_VALUE,
                spec.source().locate("/facts/" + e.getKey()),
                "fact '"
                    + e.getKey()
                    + "' has a value with a newline or control character, which cannot be written safely"));
        return null;
      }
    }
    Values values = new Values(spec, arch, kernel, facts, r.vcsRef());
    int before = problems.size();
    ImageSpec image = spec.image();
    if (image == null) {
      problems.add(
          Diagnostic.error(
              DiagnosticCode.PLAN_IMAGE,
              spec.source().locate(""),
              "spec '" + spec.name() + "' has no image:",
              "add image: { registry: ..., name: ..., tag: \"${kernel.version}\" }"));
      return null;
    }
    String registry = values.interpolate(image.registry(), "/image/registry", problems);
    String org = values.interpolate(image.organization(), "/image/organization", problems);
    String name = values.interpolate(image.name(), "/image/name", problems);
    String tag = values.interpolate(image.tag(), "/image/tag", problems);
    String platformTag =
        image.platformTag() == null
            ? null
            : values.interpolate(image.platformTag(), "/image/platformTag", problems);
    String base = values.interpolate(spec.baseImage(), "/baseImage", problems);
    if (problems.size() > before) {
      return null;
    }
    tag = dtk.spec.ImageRef.normaliseTag(tag);
    platformTag =
        platformTag == null ? tag + "." + arch : dtk.spec.ImageRef.normaliseTag(platformTag);
    for (String[] t :
        new String[][] {
          {tag, "/image/tag"},
          {platformTag, image.platformTag() == null ? "/image/tag" : "/image/platformTag"}
        }) {
      if (!TAG.matcher(t[0]).matches()) {
        problems.add(
            Diagnostic.error(
                DiagnosticCode.PLAN_TAG,
                spec.source().locate(t[1]),
                "image tag '"
                    + dtk.render.internal.Escapes.printable(t[0])
                    + "' for "
                    + arch
                    + " is not a valid tag",
                "a tag is up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'"));
        return null;
      }
    }
    if (digest == null) {
      // a base image pinned by digest in the spec records that digest
      int at = base.indexOf("@sha256:");
      if (at >= 0 && DIGEST.matcher(base.substring(at + 1)).matches()) {
        digest = Digest.parse(base.substring(at + 1));
      }
    }
    String repository = registry + "/" + (org.isEmpty() ? "" : org + "/") + name;
    ImageRefs images;
    try {
      images = ImageRefs.of(repository, tag, platformTag);
    } catch (ImageRef.InvalidException e) {
      problems.add(
          Diagnostic.error(
              DiagnosticCode.PLAN_IMAGE,
              spec.source().locate("/image"),
              "image '"
                  + dtk.render.internal.Escapes.printable(repository)
                  + "' for "
                  + arch
                  + " is not a valid reference: "
                  + e.getMessage(),
              "registry, organization and name make registry[:port]/organization/name"));
      return null;
    }
    return new Target(
        spec, arch, kernel, facts, r.vcsRef(), images, base, digest, r.sourceDateEpoch());
  }
}

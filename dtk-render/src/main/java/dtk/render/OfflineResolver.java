package dtk.render;

import dtk.spec.Diagnostic;
import dtk.spec.DiagnosticCode;
import dtk.spec.model.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills a {@link Resolution} without touching the network: kernels and facts must be pinned in the
 * spec or on the command line; anything unpinned is a diagnostic that says how to pin it.
 */
public final class OfflineResolver {
  private OfflineResolver() {}

  /** A {@link Resolver} that answers from {@code pins} and the spec's own pins. */
  public static Resolver of(Pins pins) {
    return (spec, archs) -> resolve(spec, archs, pins);
  }

  /**
   * The resolution of {@code spec} for {@code archs} from pins alone.
   *
   * @throws RenderException naming every unpinned kernel or fact
   */
  public static Resolution resolve(Spec spec, List<String> archs, Pins pins) {
    List<Diagnostic> problems = new ArrayList<>();
    List<String> versions =
        !pins.kernelVersions().isEmpty()
            ? pins.kernelVersions()
            : spec.kernel() == null ? List.of() : spec.kernel().versions();
    boolean fromNodes =
        archs.stream().anyMatch(a -> !NodeKernel.accepted(spec, a, pins.nodeKernels()).isEmpty());
    if (versions.isEmpty() && !fromNodes) {
      String from =
          spec.kernel() != null && spec.kernel().source() != null
              ? " (it is read from label '"
                  + spec.kernel().source().label()
                  + "' of "
                  + spec.kernel().source().image()
                  + " when planning online)"
              : spec.kernel() != null && spec.kernel().repository() != null
                  ? " (its kernels are read from "
                      + spec.kernel().repository().where()
                      + " when planning online)"
                  : "";
      problems.add(
          Diagnostic.error(
              DiagnosticCode.PLAN_UNPINNED_KERNEL,
              spec.source().locate("/kernel"),
              "spec '"
                  + spec.name()
                  + "' does not pin a kernel version"
                  + from
                  + "; dtk render and dtk plan --offline read no registry",
              Pins.unpinnedKernelHint(spec.name()) + "; dtk plan without --offline looks it up"));
    }
    Map<String, String> facts = new LinkedHashMap<>();
    spec.facts()
        .forEach(
            (name, source) -> {
              String v = pins.facts().get(name);
              if (v == null) {
                problems.add(
                    Diagnostic.error(
                        DiagnosticCode.PLAN_UNPINNED_FACT,
                        spec.source().locate("/facts/" + name),
                        "fact '"
                            + name
                            + "' of spec '"
                            + spec.name()
                            + "' is read from label '"
                            + source.label()
                            + "' of "
                            + source.image()
                            + " when planning online; dtk render and dtk plan --offline read no registry, so pass --fact "
                            + name
                            + "=VALUE",
                        "dtk plan without --offline reads the label"));
              } else {
                facts.put(name, v);
              }
            });
    if (!problems.isEmpty()) {
      throw new RenderException(problems);
    }
    Map<String, List<String>> kv = new LinkedHashMap<>();
    Map<String, Map<String, String>> f = new LinkedHashMap<>();
    Map<String, Map<String, String>> origins = new LinkedHashMap<>();
    String origin =
        !pins.kernelVersions().isEmpty()
            ? "pinned by --kernel-version"
            : "pinned by kernel.version";
    for (String arch : archs) {
      Map<String, String> o = new LinkedHashMap<>();
      List<String> ks = pins.withNodeKernels(spec, arch, versions, origin, o);
      if (!ks.isEmpty()) {
        kv.put(arch, ks);
      }
      origins.put(arch, o);
      f.put(arch, facts);
    }
    return new Resolution(
        kv, f, pins.baseDigests(), pins.vcsRef(), pins.sourceDateEpoch(), origins, List.of());
  }
}

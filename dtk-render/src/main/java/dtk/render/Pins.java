package dtk.render;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the command line pins for an offline plan, on top of what the spec pins itself.
 *
 * @param kernelVersions {@code --kernel-version} values; empty = take the spec's {@code
 *     kernel.version(s)}
 * @param facts fact values by name ({@code --fact NAME=VALUE}), for facts the spec reads from image
 *     labels
 * @param baseDigests base image digest per arch, when known
 * @param vcsRef the commit, or {@code null}
 * @param sourceDateEpoch reproducible timestamp, or {@code null}
 * @param nodeKernels kernels of cluster nodes ({@code --kernels-from}), added to the kernels of the
 *     specs whose {@code kernel.match} takes them, unless {@code --kernel-version} pins the kernels
 */
public record Pins(
    List<String> kernelVersions,
    Map<String, String> facts,
    Map<String, String> baseDigests,
    String vcsRef,
    Long sourceDateEpoch,
    List<NodeKernel> nodeKernels) {
  public static final Pins NONE = new Pins(List.of(), Map.of(), Map.of(), null, null);

  /** Pins without node kernels. */
  public Pins(
      List<String> kernelVersions,
      Map<String, String> facts,
      Map<String, String> baseDigests,
      String vcsRef,
      Long sourceDateEpoch) {
    this(kernelVersions, facts, baseDigests, vcsRef, sourceDateEpoch, List.of());
  }

  public Pins {
    nodeKernels = nodeKernels == null ? List.of() : List.copyOf(nodeKernels);
    kernelVersions = kernelVersions == null ? List.of() : List.copyOf(kernelVersions);
    facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts == null ? Map.of() : facts));
    baseDigests =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(baseDigests == null ? Map.of() : baseDigests));
  }

  /**
   * How to pin the kernel of the spec named {@code name}: {@code --set NAME:kernel.version=...}
   * pins that spec whatever else is planned; {@code --kernel-version} only when it is the only one.
   */
  public static String unpinnedKernelHint(String name) {
    return "pin it with --set "
        + name
        + ":kernel.version=VERSION (or --kernel-version VERSION when it is the only spec given)";
  }

  public Pins withKernelVersions(List<String> versions) {
    return new Pins(versions, facts, baseDigests, vcsRef, sourceDateEpoch, nodeKernels);
  }

  public Pins withNodeKernels(List<NodeKernel> nodes) {
    return new Pins(kernelVersions, facts, baseDigests, vcsRef, sourceDateEpoch, nodes);
  }

  /**
   * The kernels of {@code spec} on {@code arch} from {@code base} (pins or a source) and the node
   * kernels it takes, in that order without repeats; {@code origins} gets where each came from.
   * {@code --kernel-version} pins exactly: no node kernel is added then.
   */
  public List<String> withNodeKernels(
      dtk.spec.model.Spec spec,
      String arch,
      List<String> base,
      String baseOrigin,
      Map<String, String> origins) {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    for (String k : base) {
      if (out.add(k) && baseOrigin != null) {
        origins.putIfAbsent(k, baseOrigin);
      }
    }
    if (kernelVersions.isEmpty()) {
      NodeKernel.accepted(spec, arch, nodeKernels)
          .forEach(
              (k, nodes) -> {
                out.add(k);
                origins.merge(k, NodeKernel.origin(nodes), (a, b) -> a + "; " + b);
              });
    }
    return List.copyOf(out);
  }
}

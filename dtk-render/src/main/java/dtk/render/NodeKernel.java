package dtk.render;

import dtk.spec.model.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kernel a cluster node runs ({@code status.nodeInfo.kernelVersion} of {@code kubectl get nodes
 * -o json}): it becomes a kernel of every spec whose {@code kernel.match} finds it, on the node's
 * platform.
 *
 * @param node the node's name
 * @param arch the node's platform as specs write it ({@code x86_64} for {@code
 *     kubernetes.io/arch=amd64})
 * @param kernelVersion what the node reports ({@code 5.14.0-503.el9.x86_64}, {@code
 *     6.1.0-57-amd64})
 */
public record NodeKernel(String node, String arch, String kernelVersion) {
  public NodeKernel {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(kernelVersion, "kernelVersion");
  }

  /** The kernel as a spec names it: a trailing {@code .<arch>} stripped, as for the bootc label. */
  public String version() {
    String suffix = "." + arch;
    return kernelVersion.endsWith(suffix)
        ? kernelVersion.substring(0, kernelVersion.length() - suffix.length())
        : kernelVersion;
  }

  /**
   * Whether {@code spec} takes this kernel: it builds the node's platform and its {@code
   * kernel.match} finds it.
   */
  public boolean acceptedBy(Spec spec) {
    String match = spec.kernel() == null ? null : spec.kernel().match();
    return match != null
        && spec.platforms().contains(arch)
        && Pattern.compile(match).matcher(version()).find();
  }

  /**
   * The node kernels {@code spec} takes on {@code arch}: kernel version to the nodes that run it,
   * in first-seen order.
   */
  public static Map<String, List<String>> accepted(Spec spec, String arch, List<NodeKernel> nodes) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (NodeKernel n : nodes) {
      if (n.arch.equals(arch) && n.acceptedBy(spec)) {
        out.computeIfAbsent(n.version(), k -> new ArrayList<>()).add(n.node);
      }
    }
    return out;
  }

  /**
   * One line per node kernel that no spec of {@code specs} takes ({@code 6.6.0-1-amd64 (x86_64) on
   * nodes a, b}), never silently dropped.
   */
  public static List<String> unclaimed(List<Spec> specs, List<NodeKernel> nodes) {
    Map<String, List<String>> left = new LinkedHashMap<>();
    for (NodeKernel n : nodes) {
      if (specs.stream().noneMatch(n::acceptedBy)) {
        left.computeIfAbsent(n.version() + " (" + n.arch + ")", k -> new ArrayList<>()).add(n.node);
      }
    }
    List<String> out = new ArrayList<>();
    left.forEach(
        (k, v) ->
            out.add(k + " on " + (v.size() == 1 ? "node " : "nodes ") + String.join(", ", v)));
    return out;
  }

  /** {@code "nodes a, b"} / {@code "node a"}, for a kernel's origin. */
  public static String origin(List<String> nodes) {
    return (nodes.size() == 1 ? "node " : "nodes ") + String.join(", ", nodes);
  }
}

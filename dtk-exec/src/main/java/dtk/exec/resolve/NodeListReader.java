package dtk.exec.resolve;

import dtk.render.NodeKernel;
import dtk.render.Platforms;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the kernels of a cluster's nodes from {@code kubectl get nodes -o json} (a {@code List} of
 * {@code Node}s) or the API's {@code NodeList}: each node's {@code status.nodeInfo.kernelVersion}
 * on the platform of its {@code kubernetes.io/arch} label ({@code status.nodeInfo.architecture}
 * when the label is missing), amd64 as x86_64 and arm64 as aarch64.
 */
public final class NodeListReader {
  /** Input that is not a node list, or a node without a kernel: what is wrong and where. */
  public static final class InvalidException extends RuntimeException {
    private final String hint;

    InvalidException(String message, String hint) {
      super(message);
      this.hint = hint;
    }

    public String hint() {
      return hint;
    }
  }

  private static final String HINT = "give the output of: kubectl get nodes -o json";

  private NodeListReader() {}

  /**
   * The kernels of every node in {@code json}, in the list's order.
   *
   * @param where the file it came from, for messages ({@code -} for standard input)
   * @throws InvalidException for JSON that is not a node list or a node without kernel or arch
   */
  public static List<NodeKernel> read(String json, String where) {
    JsonNode root;
    try {
      root = JsonMapper.builder().build().readTree(json);
    } catch (JacksonException e) {
      throw new InvalidException(
          where
              + " is not JSON: "
              + e.getOriginalMessage()
              + (e.getLocation() != null
                  ? " at line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()
                  : ""),
          HINT);
    }
    String kind = root != null && root.isObject() ? root.path("kind").asString("") : "";
    if (!kind.equals("NodeList") && !kind.equals("List")) {
      throw new InvalidException(
          where
              + " is not a list of nodes (kind is "
              + (kind.isEmpty() ? "missing" : "'" + kind + "'")
              + ", expected NodeList or List)",
          HINT);
    }
    JsonNode items = root.path("items");
    if (!items.isArray()) {
      throw new InvalidException(where + ": the " + kind + " has no items array", HINT);
    }
    List<NodeKernel> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode n = items.get(i);
      String at = where + ": items[" + i + "]";
      String itemKind = n.path("kind").asString("");
      if (kind.equals("List")
          ? !itemKind.equals("Node")
          : !itemKind.isEmpty() && !itemKind.equals("Node")) {
        throw new InvalidException(
            at + " is " + (itemKind.isEmpty() ? "not a Node" : "a " + itemKind + ", not a Node"),
            HINT);
      }
      String name = n.path("metadata").path("name").asString("");
      if (!name.isEmpty()) {
        at = at + " (node " + name + ")";
      }
      String kernel = n.path("status").path("nodeInfo").path("kernelVersion").asString("").strip();
      if (kernel.isEmpty()) {
        throw new InvalidException(at + " has no status.nodeInfo.kernelVersion", HINT);
      }
      String arch = n.path("metadata").path("labels").path("kubernetes.io/arch").asString("");
      if (arch.isEmpty()) {
        arch = n.path("status").path("nodeInfo").path("architecture").asString("");
      }
      if (arch.isEmpty()) {
        throw new InvalidException(
            at + " has neither a kubernetes.io/arch label nor status.nodeInfo.architecture", HINT);
      }
      arch = arch.toLowerCase(Locale.ROOT);
      out.add(
          new NodeKernel(
              name.isEmpty() ? "items[" + i + "]" : name, Platforms.kernelArch(arch), kernel));
    }
    return out;
  }
}

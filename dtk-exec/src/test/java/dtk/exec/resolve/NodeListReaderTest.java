package dtk.exec.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.render.NodeKernel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code kubectl get nodes -o json} and the API's NodeList, and every input that is neither. */
class NodeListReaderTest {
  private static String node(String name, String arch, String kernel) {
    return "{\"kind\":\"Node\",\"metadata\":{\"name\":\""
        + name
        + "\",\"labels\":{\"kubernetes.io/arch\":\""
        + arch
        + "\"}},\"status\":{\"nodeInfo\":{\"kernelVersion\":\""
        + kernel
        + "\",\"architecture\":\"ignored\"}}}";
  }

  @Test
  void kubectlList_mapsArchLabelsToPlatformNames() {
    List<NodeKernel> k =
        NodeListReader.read(
            "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["
                + node("a", "amd64", "5.14.0-503.el9.x86_64")
                + ","
                + node("b", "arm64", "5.14.0-503.el9.aarch64")
                + "]}",
            "n.json");
    assertThat(k)
        .containsExactly(
            new NodeKernel("a", "x86_64", "5.14.0-503.el9.x86_64"),
            new NodeKernel("b", "aarch64", "5.14.0-503.el9.aarch64"));
    assertThat(k)
        .extracting(NodeKernel::version)
        .containsExactly("5.14.0-503.el9", "5.14.0-503.el9");
  }

  @Test
  void apiNodeList_itemsWithoutKind_andArchitectureWithoutLabel() {
    List<NodeKernel> k =
        NodeListReader.read(
            "{\"kind\":\"NodeList\",\"items\":[{\"metadata\":{\"name\":\"c\"},"
                + "\"status\":{\"nodeInfo\":{\"kernelVersion\":\"6.1.0-57-amd64\",\"architecture\":\"amd64\"}}}]}",
            "-");
    assertThat(k).containsExactly(new NodeKernel("c", "x86_64", "6.1.0-57-amd64"));
    assertThat(k.get(0).version()).isEqualTo("6.1.0-57-amd64");
  }

  @Test
  void notJson_notAList_aPod_noKernel_noArch_areEachSaid() {
    assertThatThrownBy(() -> NodeListReader.read("{\"kind\":", "n.json"))
        .hasMessageStartingWith("n.json is not JSON: ");
    assertThatThrownBy(() -> NodeListReader.read("{\"kind\":\"PodList\",\"items\":[]}", "n.json"))
        .hasMessage("n.json is not a list of nodes (kind is 'PodList', expected NodeList or List)");
    assertThatThrownBy(() -> NodeListReader.read("[1,2]", "n.json"))
        .hasMessage("n.json is not a list of nodes (kind is missing, expected NodeList or List)");
    assertThatThrownBy(
            () ->
                NodeListReader.read("{\"kind\":\"List\",\"items\":[{\"kind\":\"Pod\"}]}", "n.json"))
        .hasMessage("n.json: items[0] is a Pod, not a Node");
    assertThatThrownBy(
            () ->
                NodeListReader.read(
                    "{\"kind\":\"List\",\"items\":[{\"kind\":\"Node\",\"metadata\":{\"name\":\"x\"}}]}",
                    "n.json"))
        .hasMessage("n.json: items[0] (node x) has no status.nodeInfo.kernelVersion");
    assertThatThrownBy(
            () ->
                NodeListReader.read(
                    "{\"kind\":\"NodeList\",\"items\":[{\"status\":{\"nodeInfo\":"
                        + "{\"kernelVersion\":\"6.1.0-1-amd64\"}}}]}",
                    "n.json"))
        .hasMessage(
            "n.json: items[0] has neither a kubernetes.io/arch label nor status.nodeInfo.architecture");
    assertThatThrownBy(() -> NodeListReader.read("{\"kind\":\"NodeList\"}", "n.json"))
        .hasMessage("n.json: the NodeList has no items array");
  }
}

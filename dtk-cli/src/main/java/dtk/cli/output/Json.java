package dtk.cli.output;

import dtk.render.JsonText;
import java.io.PrintWriter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A report's JSON tree, written as every dtk JSON file is ({@link JsonText}: byte-stable, two-space
 * indent).
 */
final class Json {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  static void writePretty(JsonNode node, PrintWriter out) {
    out.print(JsonText.write(MAPPER.treeToValue(node, Object.class)));
    out.flush();
  }
}

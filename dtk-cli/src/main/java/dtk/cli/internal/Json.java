package dtk.cli.internal;

import java.io.PrintWriter;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** Byte-stable pretty JSON: two-space indent, {@code "key": value}, LF line ends on every OS. */
final class Json {
  private static final ObjectWriter WRITER = writer();

  private Json() {}

  private static ObjectWriter writer() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectNameValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter(separators)
            .withObjectIndenter(indenter)
            .withArrayIndenter(indenter);
    return JsonMapper.builder().build().writer().with(printer);
  }

  static void writePretty(JsonNode node, PrintWriter out) {
    out.print(WRITER.writeValueAsString(node));
    out.print('\n');
    out.flush();
  }
}

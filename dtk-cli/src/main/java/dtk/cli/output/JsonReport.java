package dtk.cli.output;

import dtk.spec.Diagnostic;
import java.io.PrintWriter;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The report for scripts; its shape is part of dtk's interface (README, "Output formats"):
 *
 * <pre>
 * {"valid":false,"files":5,"errors":1,"warnings":0,
 *  "diagnostics":[{"file":"specs/centos.yaml","line":12,"column":3,"severity":"error",
 *                  "code":"schema/additionalProperties","message":"...","hint":null}]}
 * </pre>
 *
 * Every key is always present ({@code hint} is {@code null} when there is none; {@code line} and
 * {@code column} are 0 for a problem with the file as a whole); key order is fixed.
 */
public final class JsonReport {
  public void write(ValidationReport report, PrintWriter out) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("valid", report.valid());
    root.put("files", report.filesChecked());
    root.put("errors", report.errors());
    root.put("warnings", report.warnings());
    ArrayNode list = root.putArray("diagnostics");
    for (Diagnostic d : report.diagnostics()) {
      ObjectNode o = list.addObject();
      o.put("file", ReportPaths.display(d.at().file()));
      o.put("line", d.at().line());
      o.put("column", d.at().column());
      o.put("severity", d.severity().word());
      o.put("code", d.code());
      o.put("message", d.message());
      if (d.hint() == null) {
        o.putNull("hint");
      } else {
        o.put("hint", d.hint());
      }
    }
    Json.writePretty(root, out);
  }
}

package dtk.cli.internal;

import dtk.spec.Diagnostic;
import dtk.spec.Severity;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * SARIF 2.1.0 for GitHub code scanning: one run, one rule per diagnostic code (sorted by id),
 * results pointing at repository-relative files.
 */
public final class SarifReport {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  static final String SRCROOT = "%SRCROOT%";

  private final ReportPaths paths;
  private final String version;

  /**
   * @param paths makes file paths repository-relative
   * @param version dtk's version, or {@code null} for a development build
   */
  public SarifReport(ReportPaths paths, String version) {
    this.paths = paths;
    this.version = version;
  }

  public void write(ValidationReport report, PrintWriter out) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    Map<String, Integer> ruleIndex = new TreeMap<>();
    for (Diagnostic d : report.diagnostics()) {
      ruleIndex.put(d.code(), 0);
    }
    int i = 0;
    for (Map.Entry<String, Integer> e : ruleIndex.entrySet()) {
      e.setValue(i++);
    }

    ObjectNode root = f.objectNode();
    root.put("$schema", SCHEMA);
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "dtk");
    if (version != null) {
      driver.put("version", version);
      driver.put("semanticVersion", version);
    }
    ArrayNode rules = driver.putArray("rules");
    for (String code : ruleIndex.keySet()) {
      RuleCatalog.Rule r = RuleCatalog.describe(code);
      ObjectNode rule = rules.addObject();
      rule.put("id", r.id());
      rule.put("name", r.name());
      rule.putObject("shortDescription").put("text", r.shortDescription());
      rule.putObject("fullDescription").put("text", r.fullDescription());
      rule.putObject("help").put("text", r.help());
      rule.putObject("defaultConfiguration").put("level", "error");
    }
    run.put("columnKind", "unicodeCodePoints");
    ArrayNode results = run.putArray("results");
    for (Diagnostic d : report.diagnostics()) {
      ObjectNode result = results.addObject();
      result.put("ruleId", d.code());
      result.put("ruleIndex", ruleIndex.get(d.code()));
      result.put("level", d.severity() == Severity.ERROR ? "error" : "warning");
      String text = d.message();
      if (d.hint() != null && !d.hint().isBlank()) {
        text += " Hint: " + d.hint();
      }
      result.putObject("message").put("text", text);
      ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
      ObjectNode artifact = physical.putObject("artifactLocation");
      String relative = paths.relative(d.at().file());
      if (relative != null) {
        artifact.put("uri", ReportPaths.uriReference(relative));
        artifact.put("uriBaseId", SRCROOT);
      } else {
        artifact.put("uri", paths.absoluteUri(d.at().file()));
      }
      // SARIF requires startLine >= 1: a problem with the whole file has no region
      if (d.at().line() >= 1) {
        ObjectNode region = physical.putObject("region");
        region.put("startLine", d.at().line());
        if (d.at().column() >= 1) {
          region.put("startColumn", d.at().column());
        }
      }
    }
    Json.writePretty(root, out);
  }
}

package dtk.cli.output;

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
    // problems in command-line arguments (--set) name no file: they are notifications about
    // the tool's configuration, not results in the repository
    ArrayNode notifications = null;
    for (Diagnostic d : report.diagnostics()) {
      if (ReportPaths.isCommandLine(d.at().file())) {
        if (notifications == null) {
          ObjectNode invocation = run.putArray("invocations").addObject();
          invocation.put("executionSuccessful", true);
          notifications = invocation.putArray("toolConfigurationNotifications");
        }
        ObjectNode n = notifications.addObject();
        n.put("level", level(d));
        n.putObject("message").put("text", d.at() + ": " + text(d));
        ObjectNode rule = n.putObject("associatedRule");
        rule.put("id", d.code());
        rule.put("index", ruleIndex.get(d.code()));
      }
    }
    ArrayNode results = run.putArray("results");
    for (Diagnostic d : report.diagnostics()) {
      if (ReportPaths.isCommandLine(d.at().file())) {
        continue;
      }
      ObjectNode result = results.addObject();
      result.put("ruleId", d.code());
      result.put("ruleIndex", ruleIndex.get(d.code()));
      result.put("level", level(d));
      result.putObject("message").put("text", text(d));
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

  private static String level(Diagnostic d) {
    return d.severity() == Severity.ERROR ? "error" : "warning";
  }

  private static String text(Diagnostic d) {
    return d.hint() == null || d.hint().isBlank()
        ? d.message()
        : d.message() + " Hint: " + d.hint();
  }
}

package dtk.cli.output;

import dtk.spec.Diagnostic;
import dtk.spec.Printable;
import dtk.spec.Severity;
import java.io.PrintWriter;

/**
 * GitHub Actions workflow commands, one annotation per diagnostic, then a plain summary line
 * (GitHub shows only the first few annotations of a step; SARIF carries the full list).
 *
 * <pre>::error file=specs/a.yaml,line=9,col=1,title=dtk schema/type::integer found, string expected
 * </pre>
 */
public final class GithubReport {
  private final ReportPaths paths;

  public GithubReport(ReportPaths paths) {
    this.paths = paths;
  }

  public void write(ValidationReport report, PrintWriter out) {
    for (Diagnostic d : report.diagnostics()) {
      StringBuilder b = new StringBuilder("::");
      b.append(d.severity() == Severity.ERROR ? "error" : "warning");
      String message = d.message();
      if (ReportPaths.isCommandLine(d.at().file())) {
        // not a file of the repository: an annotation of the run, naming the argument
        message = d.at() + ": " + message;
        b.append(" title=").append(property("dtk " + d.code()));
      } else {
        String relative = paths.relative(d.at().file());
        b.append(" file=")
            .append(property(relative != null ? relative : ReportPaths.display(d.at().file())));
        if (d.at().line() >= 1) {
          b.append(",line=").append(d.at().line());
          if (d.at().column() >= 1) {
            b.append(",col=").append(d.at().column());
          }
        }
        b.append(",title=").append(property("dtk " + d.code()));
      }
      if (d.hint() != null && !d.hint().isBlank()) {
        message += "\nhint: " + d.hint();
      }
      b.append("::").append(data(message));
      out.println(b);
    }
    out.println("dtk validate: " + Printable.escape(report.summary()));
    out.flush();
  }

  /**
   * Escapes a command's message as {@code @actions/core} does ({@code %} first, then CR and LF),
   * then shows the remaining control and format characters as escapes ({@link Printable#escape}):
   * the log viewer would interpret ESC.
   */
  static String data(String s) {
    return Printable.escape(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"));
  }

  /** Escapes a property value: the message escapes plus {@code :} and {@code ,}. */
  static String property(String s) {
    return data(s).replace(":", "%3A").replace(",", "%2C");
  }
}

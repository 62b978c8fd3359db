package dtk.cli.output;

import dtk.spec.Diagnostic;
import dtk.spec.Printable;
import dtk.spec.Severity;
import java.io.PrintWriter;

/**
 * The human report: one {@code FILE:LINE:COL: error CODE: message} line per diagnostic, its hint
 * indented below, then a summary.
 *
 * <pre>
 * specs/centos.yaml:12:3: error schema/additionalProperties: property 'tgas' is not allowed
 *   hint: did you mean 'tags'?
 * 1 error in 1 of 5 files
 * </pre>
 *
 * Colours are plain SGR codes added around fixed parts only: user text is never interpreted as
 * markup, and its control characters are escaped ({@link Printable}).
 */
public final class TextReport {
  private static final String RESET = "\u001B[0m";
  private static final String BOLD = "\u001B[1m";
  private static final String RED = "\u001B[1;31m";
  private static final String YELLOW = "\u001B[1;33m";
  private static final String GREEN = "\u001B[1;32m";
  private static final String CYAN = "\u001B[36m";

  private final boolean colour;

  /**
   * @param colour whether to emit ANSI colours (the caller decides: TTY and NO_COLOR)
   */
  public TextReport(boolean colour) {
    this.colour = colour;
  }

  /** Writes the diagnostics (with hints) to {@code out}, without the summary. */
  public void writeDiagnostics(ValidationReport report, PrintWriter out) {
    for (Diagnostic d : report.diagnostics()) {
      String word = d.severity().word();
      String wordColour = d.severity() == Severity.ERROR ? RED : YELLOW;
      out.println(
          paint(BOLD, Printable.escape(d.at().toString()) + ":")
              + " "
              + paint(wordColour, word)
              + " "
              + paint(BOLD, d.code() + ":")
              + " "
              + Printable.escape(d.message()));
      if (d.hint() != null && !d.hint().isBlank()) {
        for (String line : d.hint().split("\\R", -1)) {
          out.println("  " + paint(CYAN, "hint:") + " " + Printable.escape(line));
        }
      }
    }
  }

  /** Writes the one-line summary ({@code 3 errors in 2 of 5 files}). */
  public void writeSummary(ValidationReport report, PrintWriter out) {
    out.println(paint(report.valid() ? GREEN : RED, report.summary()));
  }

  private String paint(String sgr, String text) {
    return colour ? sgr + text + RESET : text;
  }
}

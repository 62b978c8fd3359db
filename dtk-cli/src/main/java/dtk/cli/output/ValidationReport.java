package dtk.cli.output;

import dtk.spec.Diagnostic;
import dtk.spec.Severity;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code dtk validate} found: the loader's diagnostics (already sorted) and how many spec
 * files it read.
 */
public record ValidationReport(List<Diagnostic> diagnostics, int filesChecked) {
  public ValidationReport {
    diagnostics = List.copyOf(diagnostics);
    if (filesChecked < 0) {
      throw new IllegalArgumentException("filesChecked < 0: " + filesChecked);
    }
  }

  public long errors() {
    return count(Severity.ERROR);
  }

  public long warnings() {
    return count(Severity.WARNING);
  }

  /** Valid when no diagnostic is an error; warnings do not fail validation. */
  public boolean valid() {
    return errors() == 0;
  }

  /** The distinct files that have at least one error, in diagnostic order. */
  public Set<Path> filesWithErrors() {
    Set<Path> files = new LinkedHashSet<>();
    for (Diagnostic d : diagnostics) {
      if (d.severity() == Severity.ERROR) {
        files.add(d.at().file());
      }
    }
    return files;
  }

  /** {@code 3 errors in 2 of 5 files}, {@code 5 files valid}, {@code 1 file valid (2 warnings)}. */
  public String summary() {
    long errors = errors();
    long warnings = warnings();
    if (errors > 0) {
      String s = plural(errors, "error");
      if (warnings > 0) {
        s += " and " + plural(warnings, "warning");
      }
      int bad = filesWithErrors().size();
      // a file refused before it is read (a link out of the spec root) still counts as given
      return s + " in " + bad + " of " + plural(Math.max(filesChecked, bad), "file");
    }
    String s = plural(filesChecked, "file") + " valid";
    return warnings > 0 ? s + " (" + plural(warnings, "warning") + ")" : s;
  }

  private long count(Severity severity) {
    return diagnostics.stream().filter(d -> d.severity() == severity).count();
  }

  static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}

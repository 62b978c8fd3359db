package dtk.cli;

import dtk.spec.Diagnostic;
import dtk.spec.DiagnosticCode;
import dtk.spec.Severity;
import java.util.List;
import java.util.Set;

/**
 * Load diagnostics that are about the command line, not the specs: a {@code --set} that is not
 * {@code PATH=VALUE}, a {@code TARGET:} prefix naming no loaded spec, a directory with nothing to
 * check. Every command that loads specs ends with exit 2 for them, and exit 3 for the rest.
 */
final class UsageProblems {
  private static final Set<DiagnosticCode> CODES =
      Set.of(
          DiagnosticCode.OVERRIDE_SYNTAX,
          DiagnosticCode.OVERRIDE_TARGET,
          DiagnosticCode.OVERRIDE_TYPE,
          DiagnosticCode.OVERRIDE_UNKNOWN_KEY,
          DiagnosticCode.FILE_NO_SPECS);

  private UsageProblems() {}

  static boolean isUsage(Diagnostic d) {
    return d.severity() == Severity.ERROR && CODES.stream().anyMatch(d::is);
  }

  /**
   * The usage error for {@code diagnostics}, or {@code null} when none is about the command line.
   */
  static CommandException of(List<Diagnostic> diagnostics) {
    List<Diagnostic> usage = diagnostics.stream().filter(UsageProblems::isUsage).toList();
    if (usage.isEmpty()) {
      return null;
    }
    StringBuilder message = new StringBuilder();
    for (Diagnostic d : usage) {
      if (!message.isEmpty()) {
        message.append("\n  ");
      }
      message.append(
          d.is(DiagnosticCode.FILE_NO_SPECS)
              ? "nothing to check: " + d.at() + " holds no spec files (*.yaml, *.yml)"
              : d.at() + ": " + d.message());
    }
    Diagnostic first = usage.get(0);
    String hint =
        first.is(DiagnosticCode.FILE_NO_SPECS)
            ? "give spec files, or a directory that holds them"
            : first.hint() != null
                ? first.hint()
                : "write --set PATH=VALUE, e.g. --set kernel.version=5.14.0-503.el9";
    return CommandException.usage(message.toString(), hint);
  }
}

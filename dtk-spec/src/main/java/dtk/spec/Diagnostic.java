package dtk.spec;

import java.util.Objects;

/**
 * One problem found in a spec, pointing at the user's text.
 *
 * <pre>
 * specs/centos.yaml:12:3: error schema/additionalProperties: unknown key 'tgas' (did you mean 'tags'?)
 * </pre>
 *
 * @param code a stable identifier such as {@code yaml/duplicate-key} or {@code schema/type}, the
 *     {@link DiagnosticCode#id()} of a catalogued code; used as the SARIF rule id and in annotation
 *     titles
 * @param hint what to try, or {@code null}
 */
public record Diagnostic(Severity severity, String code, Location at, String message, String hint) {
  public Diagnostic {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(message, "message");
  }

  public static Diagnostic error(String code, Location at, String message, String hint) {
    return new Diagnostic(Severity.ERROR, code, at, message, hint);
  }

  public static Diagnostic error(String code, Location at, String message) {
    return error(code, at, message, null);
  }

  /** An error with a catalogued code. */
  public static Diagnostic error(DiagnosticCode code, Location at, String message, String hint) {
    return error(code.id(), at, message, hint);
  }

  public static Diagnostic error(DiagnosticCode code, Location at, String message) {
    return error(code.id(), at, message, null);
  }

  /** Whether this diagnostic carries {@code code}. */
  public boolean is(DiagnosticCode code) {
    return this.code.equals(code.id());
  }

  /**
   * The one-line form {@code FILE:LINE:COL: error CODE: message}, control characters escaped
   * ({@link Printable#escape}).
   */
  public String line() {
    return Printable.escape(at + ": " + severity.word() + " " + code + ": " + message);
  }

  @Override
  public String toString() {
    return hint == null ? line() : line() + "\n  hint: " + Printable.block(hint, "  hint: ");
  }
}

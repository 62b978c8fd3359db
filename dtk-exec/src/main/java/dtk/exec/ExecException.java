package dtk.exec;

/**
 * A build, push, registry or tool failure (exit code 4): says what failed, where, and what to try.
 * The message is meant for the user as it is; no stack trace needed.
 */
public class ExecException extends RuntimeException {
  private final String hint;

  public ExecException(String message, String hint) {
    this(message, hint, null);
  }

  public ExecException(String message, String hint, Throwable cause) {
    super(message, cause);
    this.hint = hint;
  }

  /** What to try, or {@code null}. */
  public String hint() {
    return hint;
  }

  /** The message followed by the hint on its own line. */
  public String describe() {
    return hint == null ? getMessage() : getMessage() + "\n  hint: " + hint;
  }
}

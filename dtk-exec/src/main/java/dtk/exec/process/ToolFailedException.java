package dtk.exec.process;

import dtk.exec.ExecException;

/** An external program failed or could not be started: what ran, how it ended, what to try. */
public class ToolFailedException extends ExecException {
  private final Invocation invocation;
  private final int exitCode;
  private final String outputTail;

  public ToolFailedException(Invocation invocation, int exitCode, String outputTail, String hint) {
    super(
        invocation.program()
            + " failed with exit code "
            + exitCode
            + ": "
            + invocation.commandLine()
            + (outputTail == null || outputTail.isBlank() ? "" : "\n" + indent(outputTail)),
        hint);
    this.invocation = invocation;
    this.exitCode = exitCode;
    this.outputTail = outputTail == null ? "" : outputTail;
  }

  /** A program that could not be started at all (not installed, not executable). */
  public ToolFailedException(Invocation invocation, String reason, String hint, Throwable cause) {
    super("cannot run " + invocation.program() + ": " + reason, hint, cause);
    this.invocation = invocation;
    this.exitCode = -1;
    this.outputTail = "";
  }

  public Invocation invocation() {
    return invocation;
  }

  /** The exit code, or -1 when the program never started or was killed. */
  public int exitCode() {
    return exitCode;
  }

  public String outputTail() {
    return outputTail;
  }

  private static String indent(String s) {
    return "  | " + s.stripTrailing().replace("\n", "\n  | ");
  }
}

package dtk.exec.process;

import java.io.IOException;
import java.time.Duration;

/** A program ran longer than its invocation's timeout; its whole process tree was killed. */
public class ProcessTimeoutException extends IOException {
  private final Invocation invocation;
  private final String stdout;
  private final String stderr;

  public ProcessTimeoutException(
      Invocation invocation, Duration timeout, String stdout, String stderr) {
    super(
        invocation.program()
            + " did not finish within "
            + timeout.toSeconds()
            + " s and was killed: "
            + invocation.commandLine());
    this.invocation = invocation;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  public Invocation invocation() {
    return invocation;
  }

  /** What the program had printed on stdout before it was killed. */
  public String stdout() {
    return stdout;
  }

  public String stderr() {
    return stderr;
  }

  /**
   * The last {@code n} lines of stderr (or of stdout when stderr is empty), as {@link
   * ProcessResult#tail} gives them.
   */
  public String tail(int n) {
    return Text.tail(stderr.isBlank() ? stdout : stderr, n);
  }
}

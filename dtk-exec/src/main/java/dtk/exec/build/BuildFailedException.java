package dtk.exec.build;

import dtk.exec.ExecException;
import java.nio.file.Path;

/** A target's build failed: names the target and its log file, and carries the log's tail. */
public class BuildFailedException extends ExecException {
  private final String target;
  private final Path log;
  private final String logTail;
  private final String reason;

  public BuildFailedException(
      String target, Path log, String logTail, String reason, String hint, Throwable cause) {
    super(
        "build of " + target + " failed: " + reason + (log == null ? "" : " (log: " + log + ")"),
        hint,
        cause);
    this.target = target;
    this.log = log;
    this.logTail = logTail == null ? "" : logTail;
    this.reason = reason;
  }

  /** Why, without the target or the log: {@code podman exited with 1}. */
  public String reason() {
    return reason;
  }

  public String target() {
    return target;
  }

  /** The engine's full log of this target, or {@code null}. */
  public Path log() {
    return log;
  }

  /** The last lines of the log, to show the user. */
  public String logTail() {
    return logTail;
  }
}

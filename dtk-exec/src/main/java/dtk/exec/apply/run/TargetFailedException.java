package dtk.exec.apply.run;

import java.nio.file.Path;
import java.util.List;

/**
 * A target (or index) failed at {@code stage}; {@code logTail} holds the last lines of the engine's
 * output.
 */
public final class TargetFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String stage;
  private final transient Path log;
  private final List<String> logTail;

  public TargetFailedException(
      String stage, String message, Path log, List<String> logTail, Throwable cause) {
    super(message, cause);
    this.stage = stage;
    this.log = log;
    this.logTail = logTail == null ? List.of() : List.copyOf(logTail);
  }

  public TargetFailedException(String stage, String message) {
    this(stage, message, null, List.of(), null);
  }

  public String stage() {
    return stage;
  }

  /** The full log of the failed stage, or {@code null}. */
  public Path log() {
    return log;
  }

  public List<String> logTail() {
    return logTail;
  }
}

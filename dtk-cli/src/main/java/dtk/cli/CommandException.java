package dtk.cli;

import java.util.Objects;

/**
 * A failure a command reports to the user as {@code dtk: error: MESSAGE} plus {@code hint: ...},
 * exiting with its {@link ExitStatus}; no stack trace unless {@code --stacktrace}.
 *
 * <p>Commands throw it for expected failures (a missing path, an invalid spec set, a tool that
 * failed); anything else that escapes a command is an internal error (exit 1).
 */
public class CommandException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ExitStatus status;
  private final String hint;

  public CommandException(ExitStatus status, String message, String hint, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.status = Objects.requireNonNull(status, "status");
    if (status == ExitStatus.OK) {
      throw new IllegalArgumentException("a CommandException is a failure, not " + status);
    }
    this.hint = hint;
  }

  /** Exit 2: the command line is wrong (a path that does not exist, a malformed value). */
  public static CommandException usage(String message, String hint) {
    return new CommandException(ExitStatus.USAGE, message, hint, null);
  }

  /** Exit 3: the specs are invalid; the diagnostics have already been reported. */
  public static CommandException invalidSpec(String message, String hint) {
    return new CommandException(ExitStatus.INVALID_SPEC, message, hint, null);
  }

  /** Exit 4: a build, push or external tool failed. */
  public static CommandException toolFailed(String message, String hint, Throwable cause) {
    return new CommandException(ExitStatus.TOOL_FAILED, message, hint, cause);
  }

  /**
   * Exit 2: a path the user gave cannot be used ({@code cannot write /tmp/ro/out: permission
   * denied}), in the words of {@link FileErrors}.
   */
  public static CommandException path(
      String action, java.nio.file.Path given, java.nio.file.FileSystemException e) {
    return new CommandException(
        ExitStatus.USAGE, FileErrors.describe(action, given, e), FileErrors.hint(e, true), e);
  }

  public ExitStatus status() {
    return status;
  }

  /** What to try, or {@code null}. */
  public String hint() {
    return hint;
  }
}

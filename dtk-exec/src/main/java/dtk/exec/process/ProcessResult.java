package dtk.exec.process;

import java.time.Duration;
import java.util.Objects;

/** How a program ended: its exit code, what it printed on each stream, and how long it ran. */
public record ProcessResult(int exitCode, String stdout, String stderr, Duration duration) {
  public ProcessResult {
    stdout = stdout == null ? "" : stdout;
    stderr = stderr == null ? "" : stderr;
    Objects.requireNonNull(duration, "duration");
  }

  public boolean ok() {
    return exitCode == 0;
  }

  /** The last {@code n} lines of stderr (or of stdout when stderr is empty), for error messages. */
  public String tail(int n) {
    String s = stderr.isBlank() ? stdout : stderr;
    return Text.tail(s, n);
  }
}

package dtk.exec.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One program to run: an argv (never a shell string), extra environment variables on top of the
 * inherited environment, a working directory, a timeout, optional standard input, and an optional
 * listener that receives output lines as they arrive (for long builds and their log files).
 *
 * <pre>
 * Invocation.of("podman", "version", "--format", "{{.Client.Version}}").withTimeout(Duration.ofSeconds(30))
 * </pre>
 *
 * @param env variables added to (or replacing in) the inherited environment
 * @param workDir the working directory, or {@code null} for the current one
 * @param timeout how long the program may run, or {@code null} for no limit
 * @param stdin text written to the program's standard input, or {@code null} to close it at once
 * @param output receives each line of stdout and stderr as it is read, or {@code null}
 */
public record Invocation(
    List<String> argv,
    Map<String, String> env,
    Path workDir,
    Duration timeout,
    String stdin,
    OutputListener output) {

  /** Default limit for short commands (version queries, git, inspect). */
  public static final Duration SHORT = Duration.ofMinutes(2);

  public Invocation {
    Objects.requireNonNull(argv, "argv");
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv is empty");
    }
    for (String a : argv) {
      Objects.requireNonNull(a, "argv element");
    }
    argv = List.copyOf(argv);
    env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  public static Invocation of(List<String> argv) {
    return new Invocation(argv, Map.of(), null, SHORT, null, null);
  }

  public static Invocation of(String... argv) {
    return of(List.of(argv));
  }

  public Invocation withEnv(Map<String, String> extra) {
    Map<String, String> m = new LinkedHashMap<>(env);
    m.putAll(extra);
    return new Invocation(argv, m, workDir, timeout, stdin, output);
  }

  public Invocation withWorkDir(Path dir) {
    return new Invocation(argv, env, dir, timeout, stdin, output);
  }

  public Invocation withTimeout(Duration t) {
    return new Invocation(argv, env, workDir, t, stdin, output);
  }

  public Invocation withStdin(String text) {
    return new Invocation(argv, env, workDir, timeout, text, output);
  }

  public Invocation withOutput(OutputListener listener) {
    return new Invocation(argv, env, workDir, timeout, stdin, listener);
  }

  /** The program name, for messages: {@code podman}. */
  public String program() {
    return argv.get(0);
  }

  /** The argv as one line for messages and logs (display only: never run through a shell). */
  public String commandLine() {
    StringBuilder b = new StringBuilder();
    for (String a : argv) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(
          a.isEmpty() || a.matches(".*[\\s'\"$`\\\\|&;<>(){}*?!#~].*")
              ? "'" + a.replace("'", "'\\''") + "'"
              : a);
    }
    return b.toString();
  }
}

package dtk.exec.testing;

import dtk.exec.process.Invocation;
import dtk.exec.process.OutputListener;
import dtk.exec.process.ProcessResult;
import dtk.exec.process.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A scripted {@link ProcessRunner} for argv-level tests: each expected call names the exact argv
 * and what the "program" answers. An unexpected or out-of-order call fails the test with both argvs
 * side by side. {@link #ANY} matches one argv element whose value is not known in advance (a
 * temporary file).
 *
 * <pre>
 * fake.expect("podman", "version", "--format", "{{.Client.Version}}").answer(0, "4.3.1\n", "");
 * </pre>
 */
public final class FakeProcessRunner implements ProcessRunner {
  /** Matches any single argv element. */
  public static final String ANY = "\u0000any";

  /** What a scripted call does: may write files named in the argv, then returns a result. */
  @FunctionalInterface
  public interface Action {
    ProcessResult apply(Invocation inv) throws IOException;
  }

  /** One expected call. */
  public final class Expectation {
    private final List<String> argv;
    private Action action = inv -> result(0, "", "");

    private Expectation(List<String> argv) {
      this.argv = argv;
    }

    public FakeProcessRunner answer(int exitCode, String stdout, String stderr) {
      action = inv -> result(exitCode, stdout, stderr);
      return FakeProcessRunner.this;
    }

    public FakeProcessRunner answer(Action a) {
      action = a;
      return FakeProcessRunner.this;
    }

    /**
     * Succeeds after writing {@code content} to the file named by the argv element after {@code
     * option}.
     */
    public FakeProcessRunner writesFileAfter(String option, String content) {
      action =
          inv -> {
            Files.writeString(Path.of(valueAfter(inv, option)), content, StandardCharsets.UTF_8);
            return result(0, "", "");
          };
      return FakeProcessRunner.this;
    }
  }

  private final Deque<Expectation> expected = new ArrayDeque<>();
  private final List<Invocation> calls = new ArrayList<>();

  public Expectation expect(String... argv) {
    return expect(List.of(argv));
  }

  public synchronized Expectation expect(List<String> argv) {
    Expectation e = new Expectation(List.copyOf(argv));
    expected.add(e);
    return e;
  }

  @Override
  public synchronized ProcessResult run(Invocation inv) throws IOException {
    calls.add(inv);
    Expectation e = expected.poll();
    if (e == null) {
      throw new AssertionError("unexpected call: " + inv.argv());
    }
    if (!matches(e.argv, inv.argv())) {
      throw new AssertionError(
          "argv differs\n expected: " + show(e.argv) + "\n   actual: " + inv.argv());
    }
    ProcessResult r = e.action.apply(inv);
    OutputListener l = inv.output();
    if (l != null) {
      r.stdout().lines().forEach(s -> l.line(OutputListener.Stream.STDOUT, s));
      r.stderr().lines().forEach(s -> l.line(OutputListener.Stream.STDERR, s));
    }
    return r;
  }

  /** Every call made so far, in order. */
  public synchronized List<Invocation> calls() {
    return List.copyOf(calls);
  }

  /** Fails when some expected call was never made. */
  public synchronized void verifyDone() {
    if (!expected.isEmpty()) {
      throw new AssertionError(
          "expected calls not made: " + expected.stream().map(x -> show(x.argv)).toList());
    }
  }

  public static ProcessResult result(int exitCode, String stdout, String stderr) {
    return new ProcessResult(exitCode, stdout, stderr, Duration.ZERO);
  }

  /**
   * The argv element after {@code option} ({@code --iidfile /tmp/x/iid} gives {@code /tmp/x/iid}).
   */
  public static String valueAfter(Invocation inv, String option) {
    int i = inv.argv().indexOf(option);
    if (i < 0 || i + 1 >= inv.argv().size()) {
      throw new AssertionError("no " + option + " in " + inv.argv());
    }
    return inv.argv().get(i + 1);
  }

  /** Writes a file the "program" would have written; for {@link Action}s. */
  public static void write(String file, String content) {
    try {
      Files.writeString(Path.of(file), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean matches(List<String> expected, List<String> actual) {
    if (expected.size() != actual.size()) {
      return false;
    }
    for (int i = 0; i < expected.size(); i++) {
      if (!expected.get(i).equals(ANY) && !expected.get(i).equals(actual.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static String show(List<String> argv) {
    return argv.stream().map(a -> a.equals(ANY) ? "<any>" : a).toList().toString();
  }
}

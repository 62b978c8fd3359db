package dtk.exec.apply.run;

import dtk.exec.process.OutputListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The engine log of one target: every line to a file, the last lines kept for error messages. */
final class TargetLog implements OutputListener, AutoCloseable {
  private static final int TAIL = 30;

  private final Path file;
  private final BufferedWriter out;
  private final Deque<String> tail = new ArrayDeque<>();

  private TargetLog(Path file, boolean append) throws IOException {
    this.file = file;
    Files.createDirectories(file.getParent());
    this.out =
        Files.newBufferedWriter(
            file,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
  }

  /** A new log (an earlier one is replaced). */
  static TargetLog create(Path file) throws IOException {
    return new TargetLog(file, false);
  }

  /** Continues the log the build wrote. */
  static TargetLog append(Path file) throws IOException {
    return new TargetLog(file, true);
  }

  Path file() {
    return file;
  }

  @Override
  public synchronized void line(Stream stream, String line) {
    try {
      out.write(line);
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the log " + file + ": " + e.getMessage(), e);
    }
    tail.addLast(line);
    if (tail.size() > TAIL) {
      tail.removeFirst();
    }
  }

  /**
   * Writes a line of dtk's own (a stage marker) into the log, on one line whatever {@code text}
   * holds.
   */
  void note(String text) {
    line(Stream.STDERR, "### dtk: " + dtk.spec.Printable.escape(text));
  }

  synchronized List<String> tail(int n) {
    List<String> all = List.copyOf(tail);
    return all.subList(Math.max(0, all.size() - n), all.size());
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException ignored) {
      // the log is best effort once the target has ended
    }
  }
}

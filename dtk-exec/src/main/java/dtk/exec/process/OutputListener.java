package dtk.exec.process;

/** Receives a running program's output line by line, from the threads that drain its pipes. */
@FunctionalInterface
public interface OutputListener {
  /** Which pipe a line came from. */
  enum Stream {
    STDOUT,
    STDERR
  }

  /**
   * Called once per line (without its line terminator); must be thread-safe and must not block for
   * long.
   */
  void line(Stream stream, String line);
}

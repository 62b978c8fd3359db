package dtk.exec;

import java.time.Duration;

/** What dtk-exec reports while it works; the CLI decides how to show it (dtk-exec never prints). */
public sealed interface ExecEvent extends Event permits ExecEvent.Step, ExecEvent.Note {
  /**
   * The target the event is about ({@code centos/x86_64/5.14.0-498.el9}), or an index reference.
   */
  String target();

  /** How a step stands. */
  enum Status {
    STARTED,
    DONE,
    FAILED
  }

  /**
   * A step of a target began or ended: {@code render}, {@code build}, {@code push}, {@code index}.
   *
   * @param elapsed time since the step started ({@link Duration#ZERO} when it starts)
   * @param detail what came out (an image id, a digest, a log file), or {@code null}
   */
  record Step(String target, String step, Status status, Duration elapsed, String detail)
      implements ExecEvent {}

  /** Something the user should know that is not a failure (a fallback taken, a value unknown). */
  record Note(String target, String message) implements ExecEvent {}
}

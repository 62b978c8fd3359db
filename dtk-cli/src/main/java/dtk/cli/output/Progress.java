package dtk.cli.output;

import dtk.exec.ExecEvent;
import dtk.exec.ExecListener;
import dtk.spec.Printable;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Shows dtk-exec's events as one line each on stderr (control characters escaped): target, step, how it ended, elapsed time. */
public final class Progress implements ExecListener {
  private final PrintWriter err;
  private final boolean verbose;

  public Progress(PrintWriter err, boolean verbose) {
    this.err = err;
    this.verbose = verbose;
  }

  @Override
  public synchronized void on(ExecEvent event) {
    if (event instanceof ExecEvent.Note n) {
      err.println(Printable.escape(n.target() + ": note: " + n.message()));
    } else if (event instanceof ExecEvent.Step s) {
      if (s.step().equals("render") && !verbose && s.status() != ExecEvent.Status.FAILED) {
        return;
      }
      switch (s.status()) {
        case STARTED -> err.println(Printable.escape(s.target() + ": " + s.step() + " ..."
            + (verbose && s.detail() != null ? " (" + s.detail() + ")" : "")));
        case DONE -> err.println(Printable.escape(s.target() + ": " + s.step() + " done in " + seconds(s.elapsed())
            + (s.detail() != null ? ": " + s.detail() : "")));
        case FAILED -> err.println(Printable.escape(s.target() + ": " + s.step() + " FAILED after " + seconds(s.elapsed())));
      }
    }
    err.flush();
  }

  public static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}

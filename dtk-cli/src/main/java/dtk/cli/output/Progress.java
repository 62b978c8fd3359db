package dtk.cli.output;

import dtk.exec.Event;
import dtk.exec.EventListener;
import dtk.exec.ExecEvent;
import dtk.exec.apply.run.ApplyEvent;
import dtk.spec.Printable;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one progress display, on stderr, of every {@link Event} (control characters escaped).
 *
 * <ul>
 *   <li>{@link ExecEvent}s ({@code dtk build}, {@code dtk push}): one line each: target, step, how
 *       it ended, elapsed time.
 *   <li>{@link ApplyEvent}s ({@code dtk apply}): on a terminal, finished steps scroll by as lines,
 *       and below them one line per running target (its stage and elapsed time) is redrawn every
 *       second; elsewhere (CI logs, files) one line per event, nothing redrawn.
 * </ul>
 */
public final class Progress implements EventListener, AutoCloseable {
  private final PrintWriter err;
  private final boolean verbose;
  private final boolean live;
  private final Map<String, long[]> running = new LinkedHashMap<>(); // id -> {start, stage start}
  private final Map<String, String> stages = new LinkedHashMap<>();
  private final ScheduledExecutorService ticker;
  private int drawn;

  /**
   * Line by line, for {@code dtk build} and {@code dtk push}; {@code verbose} adds render steps and
   * details.
   */
  public Progress(PrintWriter err, boolean verbose) {
    this(err, verbose, false);
  }

  private Progress(PrintWriter err, boolean verbose, boolean live) {
    this.err = err;
    this.verbose = verbose;
    this.live = live;
    if (live) {
      ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "dtk-apply-progress");
                t.setDaemon(true);
                return t;
              });
      ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
    } else {
      ticker = null;
    }
  }

  /** For {@code dtk apply}: redrawn live when {@code terminal}, else line by line. */
  public static Progress open(PrintWriter err, boolean terminal) {
    return new Progress(err, false, terminal);
  }

  @Override
  public synchronized void on(Event event) {
    if (event instanceof ExecEvent e) {
      onExec(e);
    } else if (event instanceof ApplyEvent e) {
      onApply(e);
    }
  }

  private void onExec(ExecEvent event) {
    if (event instanceof ExecEvent.Note n) {
      err.println(Printable.escape(n.target() + ": note: " + n.message()));
    } else if (event instanceof ExecEvent.Step s) {
      if (s.step().equals("render") && !verbose && s.status() != ExecEvent.Status.FAILED) {
        return;
      }
      switch (s.status()) {
        case STARTED ->
            err.println(
                Printable.escape(
                    s.target()
                        + ": "
                        + s.step()
                        + " ..."
                        + (verbose && s.detail() != null ? " (" + s.detail() + ")" : "")));
        case DONE ->
            err.println(
                Printable.escape(
                    s.target()
                        + ": "
                        + s.step()
                        + " done in "
                        + seconds(s.elapsed())
                        + (s.detail() != null ? ": " + s.detail() : "")));
        case FAILED ->
            err.println(
                Printable.escape(
                    s.target() + ": " + s.step() + " FAILED after " + seconds(s.elapsed())));
      }
    }
    err.flush();
  }

  private void onApply(ApplyEvent e) {
    long now = System.nanoTime();
    if (e instanceof ApplyEvent.TargetStarted s) {
      running.put(s.target().id(), new long[] {now, now});
      stages.put(s.target().id(), "starting");
    } else if (e instanceof ApplyEvent.TargetStage s && running.containsKey(s.target().id())) {
      running.get(s.target().id())[1] = now;
      stages.put(s.target().id(), s.stage());
    } else if (e instanceof ApplyEvent.TargetFinished f) {
      running.remove(f.result().target().id());
      stages.remove(f.result().target().id());
    }
    String line = ApplyText.progress(e);
    if (!live) {
      if (line != null) {
        err.println(line);
        err.flush();
      }
      return;
    }
    if (line != null
        && !(e instanceof ApplyEvent.TargetStage)
        && !(e instanceof ApplyEvent.TargetStarted)) {
      clear();
      err.println(line);
    }
    redraw();
  }

  private synchronized void redraw() {
    if (!live) {
      return;
    }
    clear();
    long now = System.nanoTime();
    for (Map.Entry<String, long[]> r : running.entrySet()) {
      err.println(
          "  "
              + Printable.escape(r.getKey() + "  " + stages.get(r.getKey()))
              + " "
              + wholeSeconds(now - r.getValue()[1])
              + "  ("
              + wholeSeconds(now - r.getValue()[0])
              + " in all)");
    }
    drawn = running.size();
    err.flush();
  }

  /** Removes the block of running targets drawn last (cursor up, clear line). */
  private void clear() {
    for (; drawn > 0; drawn--) {
      err.print("\u001b[1A\u001b[2K");
    }
  }

  private static String wholeSeconds(long nanos) {
    return (nanos / 1_000_000_000L) + "s";
  }

  public static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
      clear();
      err.flush();
    }
  }
}

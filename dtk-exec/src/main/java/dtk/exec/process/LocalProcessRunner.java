package dtk.exec.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs real processes. The only class in dtk that touches {@link ProcessBuilder}.
 *
 * <p>Both pipes are drained concurrently by their own threads (a chatty build fills stderr while we
 * would otherwise wait on stdout), both threads are joined before the result is returned (no
 * truncated output), and on timeout or interrupt the whole process tree is killed: descendants
 * first (snapshotted while they are still our descendants), then the process itself, politely and
 * then forcibly.
 */
public final class LocalProcessRunner implements ProcessRunner {
  /** How long a killed tree gets to exit after SIGTERM before SIGKILL. */
  private static final Duration GRACE = Duration.ofSeconds(3);

  /** Captured output per stream is capped; the tail is kept (errors are at the end). */
  private static final int CAPTURE_LIMIT = 4 * 1024 * 1024;

  /** Children still running; killed with their trees if the JVM exits first (SIGTERM, Ctrl-C). */
  private static final java.util.Set<Process> LIVE =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Temporary files and directories to remove if the JVM exits while they are in use. */
  private static final java.util.Set<java.nio.file.Path> TEMP =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(LocalProcessRunner::cleanUpAtExit, "dtk-process-cleanup"));
  }

  LocalProcessRunner() {}

  /**
   * Registers a temporary file or directory to remove should the JVM exit before its owner does;
   * the owner removes it itself and then calls {@link #forgetTemporary}.
   */
  public static void removeAtExit(java.nio.file.Path p) {
    TEMP.add(p);
  }

  public static void forgetTemporary(java.nio.file.Path p) {
    TEMP.remove(p);
  }

  private static void cleanUpAtExit() {
    // every process of this JVM descends from it; the registry covers children already re-parented
    List<ProcessHandle> all =
        new ArrayList<>(ProcessHandle.current().descendants().collect(Collectors.toList()));
    for (Process p : LIVE) {
      all.addAll(p.descendants().collect(Collectors.toList()));
      all.add(p.toHandle());
    }
    kill(all);
    for (java.nio.file.Path p : TEMP) {
      try {
        dtk.render.FileTrees.deleteQuietly(p);
      } catch (RuntimeException e) {
        // exiting anyway: nothing better to do with a file that will not go
      }
    }
  }

  @Override
  public ProcessResult run(Invocation inv) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process p = start(inv.argv(), inv);
    Pump out = new Pump(p.getInputStream(), OutputListener.Stream.STDOUT, inv);
    Pump err = new Pump(p.getErrorStream(), OutputListener.Stream.STDERR, inv);
    Thread feeder = feed(p, inv);
    try {
      boolean finished;
      if (inv.timeout() == null) {
        p.waitFor();
        finished = true;
      } else {
        finished = p.waitFor(inv.timeout().toNanos(), TimeUnit.NANOSECONDS);
      }
      if (!finished) {
        killTree(p);
        out.join(GRACE);
        err.join(GRACE);
        throw new ProcessTimeoutException(inv, inv.timeout(), out.text(), err.text());
      }
      // A background grandchild may keep a pipe open after the child exits: bound the wait.
      Duration rest =
          inv.timeout() == null ? null : inv.timeout().minusNanos(System.nanoTime() - start);
      if (!out.join(rest) || !err.join(rest)) {
        throw new ProcessTimeoutException(inv, inv.timeout(), out.text(), err.text());
      }
      return new ProcessResult(
          p.exitValue(), out.text(), err.text(), Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      killTree(p);
      out.join(GRACE);
      err.join(GRACE);
      Thread.currentThread().interrupt();
      throw e;
    } finally {
      if (feeder != null) {
        feeder.interrupt();
      }
      if (p.isAlive()) {
        killTree(p);
      }
    }
  }

  /**
   * Starts a long-running background process (a test registry, for example); its output goes to the
   * invocation's listener. The caller stops it with {@link Background#close()}.
   */
  public Background start(Invocation inv) throws IOException {
    Process p = start(inv.argv(), inv);
    Pump out = new Pump(p.getInputStream(), OutputListener.Stream.STDOUT, inv);
    Pump err = new Pump(p.getErrorStream(), OutputListener.Stream.STDERR, inv);
    feed(p, inv);
    return new Background(inv, p, out, err);
  }

  /** A process started with {@link #start(Invocation)}; closing it kills its tree. */
  public static final class Background implements AutoCloseable {
    private final Invocation inv;
    private final Process process;
    private final Pump out;
    private final Pump err;

    private Background(Invocation inv, Process process, Pump out, Pump err) {
      this.inv = inv;
      this.process = process;
      this.out = out;
      this.err = err;
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    public long pid() {
      return process.pid();
    }

    /** What it printed so far on stdout and stderr, for error messages. */
    public String output() {
      return out.text() + err.text();
    }

    public Invocation invocation() {
      return inv;
    }

    @Override
    public void close() {
      killTree(process);
      try {
        out.join(GRACE);
        err.join(GRACE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Process start(List<String> argv, Invocation inv) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().putAll(inv.env());
    if (inv.workDir() != null) {
      pb.directory(inv.workDir().toFile());
    }
    Process p = pb.start();
    LIVE.add(p);
    p.onExit().thenRun(() -> LIVE.remove(p));
    return p;
  }

  private static Thread feed(Process p, Invocation inv) throws IOException {
    if (inv.stdin() == null) {
      p.getOutputStream().close();
      return null;
    }
    Thread t =
        new Thread(
            () -> {
              try (OutputStream os = p.getOutputStream()) {
                os.write(inv.stdin().getBytes(StandardCharsets.UTF_8));
              } catch (IOException ignored) {
                // the program closed its stdin early (exited, or does not read it): nothing to
                // deliver
              }
            },
            "dtk-stdin-" + inv.program());
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Kills the descendants (snapshotted first, since they stop being descendants once re-parented),
   * then the process.
   */
  static void killTree(Process p) {
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().collect(Collectors.toList()));
    tree.add(p.toHandle());
    kill(tree);
    // A child that forked between the snapshot and its death: sweep once more.
    p.descendants().forEach(ProcessHandle::destroyForcibly);
  }

  /** SIGTERM to all, a grace period, then SIGKILL to the survivors. */
  private static void kill(List<ProcessHandle> tree) {
    for (ProcessHandle h : tree) {
      h.destroy();
    }
    long deadline = System.nanoTime() + GRACE.toNanos();
    for (ProcessHandle h : tree) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        try {
          h.onExit().get(left, TimeUnit.NANOSECONDS);
        } catch (Exception notYet) {
          // timed out or interrupted: forced below
        }
      }
    }
    for (ProcessHandle h : tree) {
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
  }

  /** Drains one pipe on its own thread, keeps the tail of what it read, forwards lines. */
  private static final class Pump implements Runnable {
    private final InputStream in;
    private final OutputListener.Stream stream;
    private final OutputListener listener;
    private final StringBuilder buf = new StringBuilder();
    private final Thread thread;

    Pump(InputStream in, OutputListener.Stream stream, Invocation inv) {
      this.in = in;
      this.stream = stream;
      this.listener = inv.output();
      this.thread =
          new Thread(
              this,
              "dtk-" + stream.name().toLowerCase(java.util.Locale.ROOT) + "-" + inv.program());
      this.thread.setDaemon(true);
      this.thread.start();
    }

    @Override
    public void run() {
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (buf) {
            buf.append(line).append('\n');
            if (buf.length() > CAPTURE_LIMIT) {
              buf.delete(0, buf.length() - CAPTURE_LIMIT / 2);
            }
          }
          if (listener != null) {
            try {
              listener.line(stream, line);
            } catch (RuntimeException e) {
              // a failing listener (a full log disk) must not stop draining, or the child blocks
            }
          }
        }
      } catch (IOException e) {
        // the pipe was closed under us (process killed): what was read so far stays
      }
    }

    /**
     * Waits for the pump to finish; {@code null} waits without limit. Returns whether it finished.
     */
    boolean join(Duration max) throws InterruptedException {
      if (max == null) {
        thread.join();
      } else if (!max.isNegative() && !max.isZero()) {
        thread.join(Math.max(1, max.toMillis()));
      }
      return !thread.isAlive();
    }

    String text() {
      synchronized (buf) {
        return buf.toString();
      }
    }
  }
}

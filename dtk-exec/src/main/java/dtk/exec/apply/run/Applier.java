package dtk.exec.apply.run;

import dtk.exec.EventListener;
import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.plan.Plan;
import dtk.exec.apply.plan.RegistryView;
import dtk.exec.apply.plan.RemoteImage;
import dtk.exec.apply.plan.Step;
import dtk.exec.build.ModuleResult;
import dtk.spec.Digest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executes a {@link Plan} exactly: up-to-date targets cost nothing more, {@link Step.Build}s run on
 * the {@link TargetExecutor} with {@code jobs} at once, then each index is published only when all
 * of its platforms succeeded. One failed target does not stop the others unless {@link
 * ApplyOptions#failFast()}. Interrupting the calling thread stops running targets (the executor
 * kills their processes) and publishes no index.
 */
public final class Applier {
  private final TargetExecutor executor;
  private final RegistryView registry;
  private final ApplyLocks locks;
  private final ApplyOptions options;
  private final EventListener events;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Running running = new Running();
  private volatile boolean cancelled;

  /**
   * @param registry used only when a lock was held by another run: the target is inspected again,
   *     and not rebuilt if that run pushed it meanwhile; must answer afresh (not from the planning
   *     round's cache)
   */
  public Applier(
      TargetExecutor executor, RegistryView registry, ApplyOptions options, EventListener events) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.options = Objects.requireNonNull(options, "options");
    this.events = Objects.requireNonNull(events, "events");
    this.locks = new ApplyLocks(options.stateDir());
  }

  public ApplyReport apply(Plan plan) throws InterruptedException {
    long start = System.nanoTime();
    Map<ApplyTarget, TargetResult> results = new LinkedHashMap<>();
    List<Step.Build> builds = new ArrayList<>();
    for (Step step : plan.steps()) {
      if (step instanceof Step.UpToDate u) {
        results.put(
            u.target(),
            new TargetResult(
                u.target(),
                TargetResult.Action.NONE,
                TargetResult.Outcome.UP_TO_DATE,
                "up-to-date",
                u.digest(),
                Duration.ZERO,
                null,
                null));
      } else if (step instanceof Step.Blocked b) {
        results.put(
            b.target(),
            new TargetResult(
                b.target(),
                TargetResult.Action.NONE,
                TargetResult.Outcome.BLOCKED,
                "registry did not answer",
                null,
                Duration.ZERO,
                b.message(),
                null));
      } else if (step instanceof Step.Build b) {
        builds.add(b);
        results.put(b.target(), null);
      }
    }
    for (TargetResult r : results.values()) {
      if (r != null) {
        events.on(new ApplyEvent.TargetFinished(r));
      }
    }

    boolean interrupted = cancelled;
    if (!builds.isEmpty()) {
      interrupted = runBuilds(builds, results, stop);
    }

    List<IndexResult> indexes = new ArrayList<>();
    for (Step step : plan.steps()) {
      if (step instanceof Step.IndexUpToDate u) {
        IndexResult r =
            new IndexResult(
                u.index(),
                archs(u.members()),
                IndexResult.Outcome.UP_TO_DATE,
                u.digest(),
                "up-to-date",
                Duration.ZERO);
        indexes.add(r);
        events.on(new ApplyEvent.IndexFinished(r));
      } else if (step instanceof Step.PublishIndex p) {
        IndexResult r =
            publish(
                p,
                results,
                interrupted || cancelled || Thread.currentThread().isInterrupted(),
                stop.get());
        indexes.add(r);
        events.on(new ApplyEvent.IndexFinished(r));
        if (Thread.currentThread().isInterrupted()) {
          interrupted = true;
        }
      }
    }
    interrupted |= cancelled;
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return new ApplyReport(
        new ArrayList<>(results.values()),
        indexes,
        Duration.ofNanos(System.nanoTime() - start),
        interrupted);
  }

  /** Runs the builds; returns whether the calling thread was interrupted meanwhile. */
  /**
   * Stops the run from another thread (Ctrl-C): nothing more starts, running targets are
   * interrupted (their processes killed) and reported as cancelled, no index is published.
   */
  public void cancel() {
    cancelled = true;
    stop.set(true);
    running.interruptAll(null);
  }

  private boolean runBuilds(
      List<Step.Build> builds, Map<ApplyTarget, TargetResult> results, AtomicBoolean stop) {
    int threads = Math.min(options.jobs(), builds.size());
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "dtk-apply-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ExecutorService pool = Executors.newFixedThreadPool(threads, factory);
    Map<Step.Build, Future<TargetResult>> futures = new LinkedHashMap<>();
    boolean interrupted = false;
    try {
      for (Step.Build b : builds) {
        futures.put(b, pool.submit(() -> runOne(b, stop, running)));
      }
      for (Map.Entry<Step.Build, Future<TargetResult>> e : futures.entrySet()) {
        TargetResult r = null;
        while (r == null) {
          try {
            r = e.getValue().get();
          } catch (InterruptedException ie) {
            // Ctrl-C: stop starting targets, interrupt the running ones (their processes are
            // killed)
            // and keep collecting their results, so that the report says what happened.
            interrupted = true;
            stop.set(true);
            running.interruptAll(null);
          } catch (ExecutionException ee) {
            r =
                new TargetResult(
                    e.getKey().target(),
                    TargetResult.Action.BUILD,
                    TargetResult.Outcome.FAILED,
                    e.getKey().reason().describe(),
                    null,
                    Duration.ZERO,
                    "internal error: " + ee.getCause(),
                    null);
            events.on(new ApplyEvent.TargetFinished(r));
          }
        }
        results.put(e.getKey().target(), r);
      }
    } finally {
      pool.shutdown();
    }
    return interrupted;
  }

  /** The threads running targets now, so that --fail-fast and interrupts can stop them. */
  private static final class Running {
    private final Map<Thread, ApplyTarget> threads = new LinkedHashMap<>();

    synchronized void enter(ApplyTarget t) {
      threads.put(Thread.currentThread(), t);
    }

    synchronized void leave() {
      threads.remove(Thread.currentThread());
      Thread.interrupted(); // an interrupt meant for this target must not reach the next one
    }

    synchronized void interruptAll(Thread except) {
      threads.keySet().stream().filter(t -> t != except).forEach(Thread::interrupt);
    }
  }

  private TargetResult runOne(Step.Build b, AtomicBoolean stop, Running running) {
    ApplyTarget t = b.target();
    running.enter(t);
    try {
      if (stop.get()) {
        TargetResult r =
            cancelled(b, "not started: the run was stopped (--fail-fast or interrupt)");
        events.on(new ApplyEvent.TargetFinished(r));
        return r;
      }
      TargetResult r = build(b, stop);
      if (!r.outcome().ok()
          && r.outcome() != TargetResult.Outcome.CANCELLED
          && options.failFast()
          && stop.compareAndSet(false, true)) {
        running.interruptAll(Thread.currentThread());
      }
      events.on(new ApplyEvent.TargetFinished(r));
      return r;
    } finally {
      running.leave();
    }
  }

  private TargetResult build(Step.Build b, AtomicBoolean stop) {
    TargetResult r = buildOnce(b, stop);
    List<ModuleResult> modules = executor.moduleResults(b.target());
    return modules.isEmpty() ? r : r.withModules(modules);
  }

  private TargetResult buildOnce(Step.Build b, AtomicBoolean stop) {
    ApplyTarget t = b.target();
    long start = System.nanoTime();
    try (ApplyLocks.Held lock =
        locks.acquire(
            t.image(),
            (file, holder) -> events.on(new ApplyEvent.WaitingForLock(t.image(), file, holder)))) {
      if (lock.waited()) {
        Digest pushed = pushedMeanwhile(t);
        if (pushed != null) {
          return new TargetResult(
              t,
              TargetResult.Action.BUILD,
              TargetResult.Outcome.PUSHED_ELSEWHERE,
              b.reason().describe(),
              pushed,
              elapsed(start),
              null,
              null);
        }
      }
      events.on(new ApplyEvent.TargetStarted(t, executor.logFile(t).orElse(null)));
      Digest digest =
          executor.execute(
              t, stage -> events.on(new ApplyEvent.TargetStage(t, stage, elapsed(start))));
      return new TargetResult(
          t,
          TargetResult.Action.BUILD,
          TargetResult.Outcome.PUSHED,
          b.reason().describe(),
          digest,
          elapsed(start),
          null,
          executor.logFile(t).orElse(null));
    } catch (TargetFailedException e) {
      if (cancelled) {
        // the run was stopped: its processes were killed, which is how this target ended
        return new TargetResult(
            t,
            TargetResult.Action.BUILD,
            TargetResult.Outcome.CANCELLED,
            b.reason().describe(),
            null,
            elapsed(start),
            "stopped while running (interrupt)",
            e.log() != null ? e.log() : executor.logFile(t).orElse(null));
      }
      return new TargetResult(
          t,
          TargetResult.Action.BUILD,
          TargetResult.Outcome.FAILED,
          b.reason().describe(),
          null,
          elapsed(start),
          e.stage() + ": " + e.getMessage() + tail(e.logTail()),
          e.log() != null ? e.log() : executor.logFile(t).orElse(null));
    } catch (InterruptedException e) {
      return new TargetResult(
          t,
          TargetResult.Action.BUILD,
          TargetResult.Outcome.CANCELLED,
          b.reason().describe(),
          null,
          elapsed(start),
          stop.get() ? "stopped while running (--fail-fast or interrupt)" : "interrupted",
          executor.logFile(t).orElse(null));
    } catch (RuntimeException e) {
      return new TargetResult(
          t,
          TargetResult.Action.BUILD,
          cancelled ? TargetResult.Outcome.CANCELLED : TargetResult.Outcome.FAILED,
          b.reason().describe(),
          null,
          elapsed(start),
          e.getMessage() == null ? e.toString() : e.getMessage(),
          executor.logFile(t).orElse(null));
    }
  }

  /**
   * After waiting for another run's lock: the digest it pushed with our inputs, or {@code null}.
   */
  private Digest pushedMeanwhile(ApplyTarget t) throws InterruptedException {
    RegistryView.Snapshot s = registry.inspect(Set.of(t.image()), Set.of());
    if (s.image(t.image()) instanceof RemoteImage.Present p
        && t.inputsDigest().toString().equals(p.labels().get(ApplyTarget.INPUTS_DIGEST_LABEL))) {
      return p.digest();
    }
    return null;
  }

  private IndexResult publish(
      Step.PublishIndex p,
      Map<ApplyTarget, TargetResult> results,
      boolean interrupted,
      boolean stopped) {
    List<String> platforms = archs(p.members());
    if (interrupted) {
      return new IndexResult(
          p.index(),
          platforms,
          IndexResult.Outcome.SKIPPED,
          null,
          "not published: interrupted; index untouched",
          Duration.ZERO);
    }
    List<String> failed = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    List<TargetExecutor.IndexMember> members = new ArrayList<>();
    for (ApplyTarget t : p.members()) {
      TargetResult r = results.containsKey(t) ? results.get(t) : null;
      if (!results.containsKey(t)) {
        absent.add(
            t.arch()); // not part of this run (--indexes-only) and not up to date in the registry
      } else if (r == null || !r.outcome().ok() || r.digest() == null) {
        failed.add(t.arch());
      } else {
        members.add(new TargetExecutor.IndexMember(t.arch(), t.image(), r.digest()));
      }
    }
    if (!failed.isEmpty() || !absent.isEmpty()) {
      List<String> why = new ArrayList<>();
      if (!failed.isEmpty()) {
        why.add(String.join(", ", failed) + " failed");
      }
      if (!absent.isEmpty()) {
        why.add(
            String.join(", ", absent)
                + " not in the registry up to date (build it first: dtk apply --only "
                + p.members().stream()
                    .filter(m -> absent.contains(m.arch()))
                    .findFirst()
                    .map(ApplyTarget::id)
                    .orElse("")
                + ")");
      }
      return new IndexResult(
          p.index(),
          platforms,
          IndexResult.Outcome.SKIPPED,
          null,
          "not published: " + String.join("; ", why) + "; index untouched",
          Duration.ZERO);
    }
    if (stopped) {
      return new IndexResult(
          p.index(),
          platforms,
          IndexResult.Outcome.SKIPPED,
          null,
          "not published: --fail-fast stopped the run; index untouched",
          Duration.ZERO);
    }
    long start = System.nanoTime();
    events.on(new ApplyEvent.IndexStarted(p.index()));
    try {
      ApplyLocks.Held lock =
          locks.acquire(
              p.index(),
              (file, holder) -> events.on(new ApplyEvent.WaitingForLock(p.index(), file, holder)));
      try {
        Digest digest = executor.publishIndex(p.index(), members, stage -> {});
        return new IndexResult(
            p.index(),
            platforms,
            IndexResult.Outcome.PUSHED,
            digest,
            p.reason().describe(),
            elapsed(start));
      } finally {
        lock.close();
      }
    } catch (TargetFailedException e) {
      return new IndexResult(
          p.index(),
          platforms,
          IndexResult.Outcome.FAILED,
          null,
          e.stage() + ": " + e.getMessage(),
          elapsed(start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new IndexResult(
          p.index(),
          platforms,
          IndexResult.Outcome.SKIPPED,
          null,
          "not published: interrupted; index untouched",
          elapsed(start));
    } catch (RuntimeException e) {
      return new IndexResult(
          p.index(),
          platforms,
          IndexResult.Outcome.FAILED,
          null,
          String.valueOf(e.getMessage()),
          elapsed(start));
    }
  }

  /**
   * The last lines of the engine's output, indented under the error (what failed, without opening
   * the log).
   */
  private static String tail(List<String> lines) {
    List<String> last =
        lines.subList(Math.max(0, lines.size() - 12), lines.size()).stream()
            .filter(l -> !l.isBlank())
            .toList();
    return last.isEmpty() ? "" : "\n  | " + String.join("\n  | ", last);
  }

  private static TargetResult cancelled(Step.Build b, String why) {
    return new TargetResult(
        b.target(),
        TargetResult.Action.BUILD,
        TargetResult.Outcome.CANCELLED,
        b.reason().describe(),
        null,
        Duration.ZERO,
        why,
        null);
  }

  private static List<String> archs(List<ApplyTarget> members) {
    return members.stream().map(ApplyTarget::arch).toList();
  }

  private static Duration elapsed(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}

package dtk.exec.apply.run;

import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.build.ModuleResult;
import dtk.spec.Digest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one target ended.
 *
 * @param action what the plan said: {@code build} or {@code none}
 * @param reason the plan's reason ({@code missing}, {@code stale: ...}, {@code up-to-date})
 * @param digest the manifest digest now at {@link ApplyTarget#image()}, or {@code null} when
 *     unknown
 * @param error what went wrong (failed, blocked), or {@code null}
 * @param log the engine log of this target, or {@code null}
 * @param modules how the driver sources of {@code verify.modules} built (empty: none built)
 */
public record TargetResult(
    ApplyTarget target,
    Action action,
    Outcome outcome,
    String reason,
    Digest digest,
    Duration time,
    String error,
    Path log,
    List<ModuleResult> modules) {

  public TargetResult(
      ApplyTarget target,
      Action action,
      Outcome outcome,
      String reason,
      Digest digest,
      Duration time,
      String error,
      Path log) {
    this(target, action, outcome, reason, digest, time, error, log, List.of());
  }

  /** This result with the driver modules that were built for it. */
  public TargetResult withModules(List<ModuleResult> built) {
    return new TargetResult(target, action, outcome, reason, digest, time, error, log, built);
  }

  public TargetResult {
    modules = List.copyOf(modules == null ? List.of() : modules);
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(time, "time");
  }

  public enum Action {
    BUILD,
    NONE;

    public String word() {
      return this == BUILD ? "build" : "none";
    }
  }

  public enum Outcome {
    /** Built, verified and pushed in this run. */
    PUSHED(true),
    /** Already up to date; nothing done. */
    UP_TO_DATE(true),
    /** Pushed meanwhile by another {@code dtk apply} that held the lock; nothing done here. */
    PUSHED_ELSEWHERE(true),
    FAILED(false),
    /** The registry did not answer when planning. */
    BLOCKED(false),
    /** Not started or stopped: {@code --fail-fast} or an interrupt. */
    CANCELLED(false);

    private final boolean ok;

    Outcome(boolean ok) {
      this.ok = ok;
    }

    public boolean ok() {
      return ok;
    }

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }
}

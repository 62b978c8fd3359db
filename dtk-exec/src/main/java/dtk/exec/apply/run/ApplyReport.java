package dtk.exec.apply.run;

import java.time.Duration;
import java.util.List;

/** Everything {@code dtk apply} did: the summary table and {@code --report FILE}. */
public record ApplyReport(
    List<TargetResult> targets, List<IndexResult> indexes, Duration time, boolean interrupted) {
  public ApplyReport {
    targets = List.copyOf(targets);
    indexes = List.copyOf(indexes);
  }

  /** Every target and index ended well. */
  public boolean ok() {
    return !interrupted
        && targets.stream().allMatch(t -> t.outcome().ok())
        && indexes.stream().allMatch(i -> i.outcome().ok());
  }

  /** Number of targets built and pushed in this run. */
  public long built() {
    return targets.stream().filter(t -> t.outcome() == TargetResult.Outcome.PUSHED).count();
  }

  public List<TargetResult> failed() {
    return targets.stream().filter(t -> !t.outcome().ok()).toList();
  }

  /** Nothing was built and no index was written: the registry already matched the specs. */
  public boolean changedNothing() {
    return built() == 0
        && indexes.stream().noneMatch(i -> i.outcome() == IndexResult.Outcome.PUSHED);
  }
}

package dtk.exec.apply.plan;

import java.util.List;

/**
 * What {@code dtk apply} will do, as data: computed once against the registry, printed by {@code
 * dtk plan} and {@code --dry-run}, executed as is by {@link Applier}.
 *
 * @param targets every target of the spec set, in plan order
 * @param steps one target step per target (in the same order), then one index step per index
 */
public record Plan(List<ApplyTarget> targets, List<Step> steps) {
  public Plan {
    targets = List.copyOf(targets);
    steps = List.copyOf(steps);
  }

  public List<Step.Build> builds() {
    return steps.stream().filter(Step.Build.class::isInstance).map(Step.Build.class::cast).toList();
  }

  public List<Step.PublishIndex> publishes() {
    return steps.stream()
        .filter(Step.PublishIndex.class::isInstance)
        .map(Step.PublishIndex.class::cast)
        .toList();
  }

  /** Whether applying this plan would change nothing in the registry. */
  public boolean nothingToDo() {
    return steps.stream()
        .allMatch(s -> s instanceof Step.UpToDate || s instanceof Step.IndexUpToDate);
  }
}

package dtk.exec.apply.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parts of a {@link Plan} for a run split across a CI matrix: {@link #only} keeps some targets
 * (built and pushed, no index), {@link #indexesOnly} keeps the indexes (published once every
 * platform image is in the registry, nothing built).
 */
public final class PlanSelection {
  private PlanSelection() {}

  /** A selector that names no target of the plan: says which targets there are. */
  public static final class NoSuchTargetException extends IllegalArgumentException {
    private final List<String> ids;

    NoSuchTargetException(String selector, List<String> ids) {
      super("--only " + selector + " names no target of the plan");
      this.ids = List.copyOf(ids);
    }

    /** The ids of the plan's targets. */
    public List<String> ids() {
      return ids;
    }
  }

  /**
   * Whether {@code selector} picks {@code target}: its id ({@code centos/x86_64/5.14.0-503.el9}),
   * or a leading part of it ending at a {@code /} ({@code centos/x86_64}, {@code centos}).
   */
  public static boolean matches(String selector, ApplyTarget target) {
    String s = selector.endsWith("/") ? selector.substring(0, selector.length() - 1) : selector;
    return target.id().equals(s) || target.id().startsWith(s + "/");
  }

  /**
   * The target steps (build, up to date, blocked) whose target one of {@code selectors} picks; no
   * index step: the indexes are published by a run with {@link #indexesOnly}.
   *
   * @throws NoSuchTargetException for a selector that picks nothing
   */
  public static Plan only(Plan plan, List<String> selectors) {
    List<String> ids = plan.targets().stream().map(ApplyTarget::id).toList();
    for (String s : selectors) {
      if (plan.targets().stream().noneMatch(t -> matches(s, t))) {
        throw new NoSuchTargetException(s, ids);
      }
    }
    List<Step> steps = new ArrayList<>();
    Set<ApplyTarget> kept = new LinkedHashSet<>();
    for (Step step : plan.steps()) {
      ApplyTarget t = target(step);
      if (t != null && selectors.stream().anyMatch(s -> matches(s, t))) {
        steps.add(step);
        kept.add(t);
      }
    }
    return new Plan(List.copyOf(kept), steps);
  }

  /**
   * The index steps, and the up-to-date targets they are made of; a target that would need a build
   * is left out, so its index is not published ({@link Applier} says which platform is missing).
   */
  public static Plan indexesOnly(Plan plan) {
    List<Step> steps = new ArrayList<>();
    for (Step step : plan.steps()) {
      if (step instanceof Step.UpToDate
          || step instanceof Step.Blocked
          || step instanceof Step.PublishIndex
          || step instanceof Step.IndexUpToDate) {
        steps.add(step);
      }
    }
    return new Plan(plan.targets(), steps);
  }

  private static ApplyTarget target(Step step) {
    if (step instanceof Step.Build b) {
      return b.target();
    }
    if (step instanceof Step.UpToDate u) {
      return u.target();
    }
    if (step instanceof Step.Blocked b) {
      return b.target();
    }
    return null;
  }
}

package dtk.cli.internal;

import dtk.render.BuildContext;
import dtk.render.OfflineResolver;
import dtk.render.Pins;
import dtk.render.Planner;
import dtk.render.RenderException;
import dtk.render.Renderer;
import dtk.render.Target;
import dtk.spec.Diagnostic;
import dtk.spec.LoadResult;
import dtk.spec.Overrides;
import dtk.spec.Severity;
import dtk.spec.SpecLoader;
import dtk.spec.model.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Load specs, resolve them from pins only and render every target: what {@code dtk render} and
 * {@code dtk plan --offline} share. Problems are collected, never thrown one at a time.
 */
public final class OfflinePlanning {
  private OfflinePlanning() {}

  /** The outcome: the rendered contexts in spec, platform, kernel order, or the problems. */
  public record Outcome(List<Spec> specs, List<BuildContext> contexts, List<Diagnostic> diagnostics) {
    public boolean ok() {
      return diagnostics.stream().noneMatch(d -> d.severity() == Severity.ERROR);
    }
  }

  /** Loads {@code paths}; specs may name files in their spec root and under {@code allowed}. */
  public static LoadResult load(List<Path> paths, List<String> sets, List<Path> allowed) {
    return SpecLoader.standard().allowingPaths(allowed).load(paths, Overrides.parse(sets));
  }

  /**
   * Plans and renders {@code specs} offline.
   *
   * @param platforms keep only these platforms (empty = all)
   */
  public static Outcome plan(List<Spec> specs, Collection<String> platforms, Pins pins, Renderer renderer) {
    List<Diagnostic> problems = new ArrayList<>();
    List<Target> targets = List.of();
    try {
      targets = Planner.targets(specs, platforms, OfflineResolver.of(pins));
    } catch (RenderException e) {
      problems.addAll(e.diagnostics());
    }
    return render(specs, targets, problems, renderer);
  }

  /** Renders {@code targets} unless planning already found {@code problems}; rendering adds its own. */
  static Outcome render(List<Spec> specs, List<Target> targets, List<Diagnostic> problems, Renderer renderer) {
    List<BuildContext> contexts = List.of();
    if (problems.isEmpty()) {
      try {
        contexts = renderer.renderAll(targets);
      } catch (RenderException e) {
        problems.addAll(e.diagnostics());
      }
    }
    return new Outcome(specs, contexts, problems);
  }
}

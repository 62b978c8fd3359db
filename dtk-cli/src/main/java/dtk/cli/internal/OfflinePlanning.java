package dtk.cli.internal;

import dtk.render.BuildContext;
import dtk.render.OfflineResolver;
import dtk.render.Pins;
import dtk.render.Planner;
import dtk.render.RenderException;
import dtk.render.Renderer;
import dtk.render.Resolution;
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
import java.util.stream.IntStream;

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

    /** Whether every error is about a {@code --set} argument (a usage error, not a spec error). */
    public boolean onlySetErrors() {
      return diagnostics.stream().filter(d -> d.severity() == Severity.ERROR)
          .allMatch(d -> d.at().file().toString().startsWith("--set["));
    }
  }

  public static LoadResult load(List<Path> paths, List<String> sets) {
    return SpecLoader.standard().load(paths, Overrides.parse(sets));
  }

  /**
   * Plans and renders {@code specs} offline.
   *
   * @param platforms keep only these platforms (empty = all)
   */
  public static Outcome plan(List<Spec> specs, Collection<String> platforms, Pins pins, Renderer renderer) {
    List<Diagnostic> problems = new ArrayList<>();
    List<List<Target>> perSpec = new ArrayList<>();
    for (Spec spec : specs) {
      try {
        List<String> archs = Planner.archs(spec, platforms);
        if (archs.isEmpty()) {
          continue;    // the spec builds none of the platforms asked for
        }
        Resolution r = OfflineResolver.resolve(spec, archs, pins);
        perSpec.add(Planner.targets(spec, archs, r));
      } catch (RenderException e) {
        problems.addAll(e.diagnostics());
      }
    }
    List<Target> targets = perSpec.stream().flatMap(List::stream).toList();
    BuildContext[] contexts = new BuildContext[targets.size()];
    List<List<Diagnostic>> renderProblems = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      renderProblems.add(null);
    }
    // Targets render independently; FreeMarker's configuration is shared and thread-safe.
    IntStream.range(0, targets.size()).parallel().forEach(i -> {
      try {
        contexts[i] = renderer.render(targets.get(i));
      } catch (RenderException e) {
        renderProblems.set(i, e.diagnostics());
      }
    });
    for (List<Diagnostic> p : renderProblems) {
      if (p != null) {
        for (Diagnostic d : p) {
          if (!problems.contains(d)) {
            problems.add(d);
          }
        }
      }
    }
    return new Outcome(specs, problems.isEmpty() ? List.of(contexts) : List.of(), problems);
  }
}

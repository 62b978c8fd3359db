package dtk.cli.internal;

import dtk.exec.resolve.OnlineResolver;
import dtk.render.Pins;
import dtk.render.Planner;
import dtk.render.RenderException;
import dtk.render.Renderer;
import dtk.render.Resolution;
import dtk.render.Target;
import dtk.spec.Diagnostic;
import dtk.spec.model.Spec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Plans and renders specs with values resolved online (kernels and facts from image labels, base
 * digests, git): what {@code dtk plan}, {@code dtk build} share. Registry and tool failures are
 * {@link dtk.exec.ExecException}s (exit 4); spec problems are collected as diagnostics (exit 3).
 */
public final class OnlinePlanning {
  private OnlinePlanning() {}

  public static OfflinePlanning.Outcome plan(List<Spec> specs, Collection<String> platforms, Pins pins, Renderer renderer,
      OnlineResolver resolver) throws InterruptedException {
    List<Spec> building = new ArrayList<>();
    for (Spec s : specs) {
      if (!Planner.archs(s, platforms).isEmpty()) {
        building.add(s);
      }
    }
    Map<Spec, Resolution> resolved = resolver.resolveAll(building, List.copyOf(platforms), pins);
    List<Diagnostic> problems = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    for (Spec s : building) {
      try {
        targets.addAll(Planner.targets(s, Planner.archs(s, platforms), resolved.get(s)));
      } catch (RenderException e) {
        problems.addAll(e.diagnostics());
      }
    }
    return OfflinePlanning.render(specs, targets, problems, renderer);
  }
}

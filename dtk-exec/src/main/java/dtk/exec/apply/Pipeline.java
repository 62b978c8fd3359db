package dtk.exec.apply;

import dtk.exec.EventListener;
import dtk.exec.apply.plan.InspectorRegistryView;
import dtk.exec.apply.plan.Plan;
import dtk.exec.apply.plan.Planner;
import dtk.exec.apply.plan.RegistryView;
import dtk.exec.apply.plan.RenderedTargets;
import dtk.exec.apply.run.Applier;
import dtk.exec.apply.run.ApplyOptions;
import dtk.exec.apply.run.ApplyReport;
import dtk.exec.apply.run.LocalExecutor;
import dtk.exec.apply.run.TargetExecutor;
import dtk.exec.build.ImageBuilder;
import dtk.exec.build.StateStore;
import dtk.exec.engine.ContainerEngine;
import dtk.exec.process.ProcessRunner;
import dtk.exec.registry.ImageInspector;
import dtk.exec.registry.Registries;
import dtk.exec.registry.RegistryOptions;
import dtk.exec.resolve.OnlineResolver;
import dtk.render.BuildContext;
import dtk.render.OfflineResolver;
import dtk.render.Pins;
import dtk.render.RenderException;
import dtk.render.Renderer;
import dtk.render.Resolution;
import dtk.render.Target;
import dtk.render.TargetExpander;
import dtk.spec.Diagnostic;
import dtk.spec.ImageRef;
import dtk.spec.LoadResult;
import dtk.spec.Overrides;
import dtk.spec.Severity;
import dtk.spec.SpecLoader;
import dtk.spec.model.Kind;
import dtk.spec.model.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one pipeline every command runs, stage by stage: {@link #load load} the specs, {@link #render
 * resolve} their values (from pins only, or online from registries, repositories and git), expand
 * each spec into targets and render their build contexts, {@link #plan plan} them against the
 * registry in one parallel round, then {@link #apply(Planned, TargetExecutor, EventListener) run}
 * exactly that plan. {@code dtk render} stops after rendering, {@code dtk plan} after planning,
 * {@code dtk build} builds what was rendered, {@code dtk apply} runs it all. The CLI only parses
 * options and prints.
 */
public final class Pipeline {

  /**
   * @param platforms only these platforms (empty: each spec's own)
   * @param templates a user template directory, or {@code null} for the built-in templates
   * @param stateDir build records and lock files ({@code .dtk/state})
   * @param build how targets are built (work and log directories, engine arguments, pull policy)
   */
  public record Options(
      List<String> platforms,
      Pins pins,
      Path templates,
      boolean force,
      RegistryOptions registry,
      int jobs,
      boolean failFast,
      Path stateDir,
      ImageBuilder.Options build) {
    public Options {
      platforms = List.copyOf(platforms);
      Objects.requireNonNull(pins, "pins");
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(stateDir, "stateDir");
    }
  }

  /**
   * A computed plan with the contexts it was computed from.
   *
   * @param notes what resolution found worth saying (a kernel only some platforms get)
   */
  public record Planned(RenderedTargets targets, Plan plan, List<String> notes) {
    public Planned {
      notes = List.copyOf(notes);
    }

    public Planned(RenderedTargets targets, Plan plan) {
      this(targets, plan, List.of());
    }

    /**
     * The same targets and notes with another plan (a part of this one, see {@link PlanSelection}).
     */
    public Planned withPlan(Plan other) {
      return new Planned(targets, other, notes);
    }
  }

  /**
   * What the resolve, expand and render stages made: the contexts in spec, platform, kernel order,
   * or the problems (every spec's, not only the first one's).
   *
   * @param resolutions how each spec that builds a selected platform was resolved
   */
  public record Rendered(
      List<Spec> specs,
      List<BuildContext> contexts,
      List<Diagnostic> diagnostics,
      Map<Spec, Resolution> resolutions) {
    public Rendered {
      specs = List.copyOf(specs);
      contexts = List.copyOf(contexts);
      diagnostics = List.copyOf(diagnostics);
      resolutions = Collections.unmodifiableMap(new LinkedHashMap<>(resolutions));
    }

    public boolean ok() {
      return diagnostics.stream().noneMatch(d -> d.severity() == Severity.ERROR);
    }

    /** What resolution found worth saying, spec by spec (a kernel only some platforms get). */
    public List<String> notes() {
      List<String> notes = new ArrayList<>();
      resolutions.values().forEach(r -> notes.addAll(r.notes()));
      return notes;
    }
  }

  /** The resolve stage: kernels, facts and digests for each spec, from pins only or online. */
  @FunctionalInterface
  public interface Resolve {
    /**
     * @throws RenderException a spec's values cannot be resolved (with every spec's problems)
     */
    Map<Spec, Resolution> resolveAll(List<Spec> specs, List<String> platforms, Pins pins)
        throws InterruptedException;

    /**
     * From pins alone ({@code dtk render}, {@code dtk plan --offline}): no network, no processes.
     */
    static Resolve offline() {
      return (specs, platforms, pins) -> {
        Map<Spec, Resolution> out = new LinkedHashMap<>();
        List<Diagnostic> problems = new ArrayList<>();
        for (Spec s : specs) {
          try {
            out.put(s, OfflineResolver.resolve(s, TargetExpander.archs(s, platforms), pins));
          } catch (RenderException e) {
            problems.addAll(e.diagnostics()); // every spec's problems, not only the first one's
          }
        }
        if (!problems.isEmpty()) {
          throw new RenderException(problems);
        }
        return out;
      };
    }

    /** Online: image labels and digests, kernel repositories, git. */
    static Resolve online(OnlineResolver resolver) {
      return resolver::resolveAll;
    }
  }

  /**
   * Stage 1: loads {@code paths}; specs may name files in their spec root and under {@code
   * allowed}.
   */
  public static LoadResult load(List<Path> paths, List<String> sets, List<Path> allowed) {
    return SpecLoader.standard().allowingPaths(allowed).load(paths, Overrides.parse(sets));
  }

  /**
   * Stages 2 to 4: resolves {@code specs} with {@code resolve}, expands them into targets and
   * renders every context. A spec that builds none of {@code platforms} is skipped without
   * resolving it. Spec problems are collected; registry and tool failures are thrown.
   *
   * @param platforms keep only these platforms (empty = each spec's own)
   * @throws dtk.exec.ExecException an online source could not be read (exit 4)
   */
  public static Rendered render(
      List<Spec> specs, Collection<String> platforms, Pins pins, Renderer renderer, Resolve resolve)
      throws InterruptedException {
    return render(specs, platforms, pins, renderer, resolve, targets -> {});
  }

  /**
   * {@link #render(List, Collection, Pins, Renderer, Resolve)} that hands the expanded targets to
   * {@code expanded} before rendering them (the planner starts its registry requests there, so they
   * are in flight while the contexts render).
   */
  static Rendered render(
      List<Spec> specs,
      Collection<String> platforms,
      Pins pins,
      Renderer renderer,
      Resolve resolve,
      Consumer<List<Target>> expanded)
      throws InterruptedException {
    List<Spec> building = new ArrayList<>();
    for (Spec s : specs) {
      if (s.kind() == Kind.DriverToolkit && !TargetExpander.archs(s, platforms).isEmpty()) {
        building.add(s);
      }
    }
    List<Diagnostic> problems = new ArrayList<>();
    Map<Spec, Resolution> resolved;
    try {
      resolved = resolve.resolveAll(building, List.copyOf(platforms), pins);
    } catch (RenderException e) {
      return new Rendered(specs, List.of(), e.diagnostics(), Map.of());
    }
    List<Target> targets = new ArrayList<>();
    for (Spec s : building) {
      try {
        targets.addAll(
            TargetExpander.targets(s, TargetExpander.archs(s, platforms), resolved.get(s)));
      } catch (RenderException e) {
        problems.addAll(e.diagnostics());
      }
    }
    List<BuildContext> contexts = List.of();
    if (problems.isEmpty()) {
      expanded.accept(List.copyOf(targets));
      try {
        contexts = renderer.renderAll(targets);
      } catch (RenderException e) {
        problems.addAll(e.diagnostics());
      }
    }
    return new Rendered(specs, contexts, problems, resolved);
  }

  /**
   * {@link #render} from pins alone: what {@code dtk render} and {@code dtk plan --offline} run.
   */
  public static Rendered renderOffline(
      List<Spec> specs, Collection<String> platforms, Pins pins, Renderer renderer) {
    try {
      return render(specs, platforms, pins, renderer, Resolve.offline());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // offline resolution never waits
      throw new IllegalStateException(e);
    }
  }

  private final ProcessRunner runner;
  private final Options options;
  private final ImageInspector inspector;
  private Applier current;
  private boolean cancelled;

  public Pipeline(ProcessRunner runner, Options options) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.options = Objects.requireNonNull(options, "options");
    this.inspector = Registries.inspector(options.registry());
  }

  /**
   * Resolves, renders and plans {@code specs}.
   *
   * @throws dtk.render.RenderException a spec cannot make a valid target (exit 3)
   * @throws dtk.exec.registry.RegistryException a source image could not be read (exit 4)
   */
  public Planned plan(List<Spec> specs) throws InterruptedException {
    Renderer renderer =
        options.templates() == null
            ? Renderer.builtIn()
            : Renderer.withTemplates(options.templates());
    Rendered rendered =
        render(
            specs,
            options.platforms(),
            options.pins(),
            renderer,
            Resolve.online(
                OnlineResolver.standard(inspector, runner, System.getenv(), options.registry())),
            this::prefetch);
    if (!rendered.ok()) {
      throw new RenderException(rendered.diagnostics());
    }
    RenderedTargets targets = new RenderedTargets(rendered.contexts());
    for (BuildContext c : rendered.contexts()) {
      Target t = c.target();
      targets.kernelOrigin(
          t.id(), rendered.resolutions().get(t.spec()).kernelOrigin(t.arch(), t.kernelVersion()));
    }
    Plan plan =
        new Planner(new InspectorRegistryView(inspector)).plan(targets.targets(), options.force());
    return new Planned(targets, plan, rendered.notes());
  }

  /**
   * Starts the inspections the planner will read (each target's platform tag and index tag) on the
   * inspector that caches them, without waiting: they run while the contexts render.
   */
  private void prefetch(List<Target> targets) {
    if (options.force()) {
      return; // a forced plan reads no registry
    }
    for (Target t : targets) {
      inspector.inspectAsync(t.images().platform().normalised());
      inspector.inspectAsync(t.images().index().normalised());
    }
  }

  /** Executes {@code planned} exactly with {@code engine}; progress goes to {@code events}. */
  public ApplyReport apply(Planned planned, ContainerEngine engine, EventListener events)
      throws InterruptedException {
    return apply(planned, localExecutor(planned, engine), events);
  }

  /**
   * The executor {@link #apply(Planned, ContainerEngine, EventListener)} builds with: this
   * machine's {@code engine}.
   */
  public TargetExecutor localExecutor(Planned planned, ContainerEngine engine) {
    Objects.requireNonNull(options.build(), "build options");
    return new LocalExecutor(
        engine, runner, planned.targets(), options.build(), new StateStore(options.stateDir()));
  }

  /**
   * Executes {@code planned} exactly with {@code executor} (a cluster's); progress goes to {@code
   * events}.
   */
  public ApplyReport apply(Planned planned, TargetExecutor executor, EventListener events)
      throws InterruptedException {
    // a fresh inspector: after waiting for another run's lock, the registry must be read again
    RegistryView recheck = new InspectorRegistryView(Registries.inspector(options.registry()));
    Applier applier =
        new Applier(
            executor,
            recheck,
            new ApplyOptions(options.jobs(), options.failFast(), options.stateDir()),
            events);
    synchronized (this) {
      current = applier;
      if (cancelled) {
        applier.cancel();
      }
    }
    return applier.apply(planned.plan());
  }

  /** Stops a running {@link #apply} from another thread (Ctrl-C); see {@link Applier#cancel()}. */
  public synchronized void cancel() {
    cancelled = true;
    if (current != null) {
      current.cancel();
    }
  }

  /** How often each image was fetched from its registry in this run (at most once each). */
  public Map<ImageRef, Integer> fetchCounts() {
    return inspector.fetchCounts();
  }
}

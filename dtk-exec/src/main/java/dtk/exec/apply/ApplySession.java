package dtk.exec.apply;

import dtk.exec.apply.plan.InspectorRegistryView;
import dtk.exec.apply.plan.Plan;
import dtk.exec.apply.plan.Planner;
import dtk.exec.apply.plan.RegistryView;
import dtk.exec.apply.plan.RenderedTargets;
import dtk.exec.apply.run.Applier;
import dtk.exec.apply.run.ApplyEvent;
import dtk.exec.apply.run.ApplyOptions;
import dtk.exec.apply.run.ApplyReport;
import dtk.exec.apply.run.LocalExecutor;
import dtk.exec.apply.run.TargetExecutor;
import dtk.exec.build.ImageBuilder;
import dtk.exec.build.StateStore;
import dtk.exec.engine.ContainerEngine;
import dtk.exec.process.ProcessRunner;
import dtk.exec.registry.ImageInspector;
import dtk.exec.registry.RegistryOptions;
import dtk.exec.resolve.OnlineResolver;
import dtk.render.BuildContext;
import dtk.render.Pins;
import dtk.render.Renderer;
import dtk.render.Resolution;
import dtk.render.Target;
import dtk.spec.ImageRef;
import dtk.spec.model.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One {@code dtk plan} / {@code dtk apply} run, from loaded specs to a report: resolve online,
 * expand into targets, render every context, plan against the registry (one parallel round), then
 * execute exactly that plan. The CLI only parses options and prints.
 */
public final class ApplySession {

  /**
   * @param platforms only these platforms (empty: each spec's own)
   * @param templates a user template directory, or {@code null} for the built-in templates
   * @param stateDir build records and lock files ({@code .dtk/state})
   * @param build how targets are built (work and log directories, engine arguments, pull policy)
   */
  public record Options(
      List<String> platforms, Pins pins, Path templates, boolean force, RegistryOptions registry, int jobs,
      boolean failFast, Path stateDir, ImageBuilder.Options build) {
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

    /** The same targets and notes with another plan (a part of this one, see {@link PlanSelection}). */
    public Planned withPlan(Plan other) {
      return new Planned(targets, other, notes);
    }
  }

  private final ProcessRunner runner;
  private final Options options;
  private final ImageInspector inspector;
  private Applier current;
  private boolean cancelled;

  public ApplySession(ProcessRunner runner, Options options) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.options = Objects.requireNonNull(options, "options");
    this.inspector = ImageInspector.registry(options.registry());
  }

  /**
   * Resolves, renders and plans {@code specs}.
   *
   * @throws dtk.render.RenderException a spec cannot make a valid target (exit 3)
   * @throws dtk.exec.registry.RegistryException a source image could not be read (exit 4)
   */
  public Planned plan(List<Spec> specs) throws InterruptedException {
    Map<Spec, Resolution> resolutions = OnlineResolver.standard(inspector, runner, System.getenv(), options.registry())
        .resolveAll(specs, options.platforms(), options.pins());
    List<Target> targets = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Spec s : specs) {
      targets.addAll(dtk.render.Planner.targets(s, options.platforms(), resolutions.get(s)));
      notes.addAll(resolutions.get(s).notes());
    }
    Renderer renderer = options.templates() == null ? Renderer.builtIn() : Renderer.withTemplates(options.templates());
    List<BuildContext> contexts = renderer.renderAll(targets);
    RenderedTargets rendered = new RenderedTargets(contexts);
    for (BuildContext c : contexts) {
      Target t = c.target();
      rendered.kernelOrigin(t.id(), resolutions.get(t.spec()).kernelOrigin(t.arch(), t.kernelVersion()));
    }
    Plan plan = new Planner(new InspectorRegistryView(inspector)).plan(rendered.targets(), options.force());
    return new Planned(rendered, plan, notes);
  }

  /** Executes {@code planned} exactly with {@code engine}; progress goes to {@code events}. */
  public ApplyReport apply(Planned planned, ContainerEngine engine, Consumer<ApplyEvent> events) throws InterruptedException {
    return apply(planned, localExecutor(planned, engine), events);
  }

  /** The executor {@link #apply(Planned, ContainerEngine, Consumer)} builds with: this machine's {@code engine}. */
  public TargetExecutor localExecutor(Planned planned, ContainerEngine engine) {
    Objects.requireNonNull(options.build(), "build options");
    return new LocalExecutor(engine, runner, planned.targets(), options.build(), new StateStore(options.stateDir()));
  }

  /** Executes {@code planned} exactly with {@code executor} (a cluster's); progress goes to {@code events}. */
  public ApplyReport apply(Planned planned, TargetExecutor executor, Consumer<ApplyEvent> events) throws InterruptedException {
    // a fresh inspector: after waiting for another run's lock, the registry must be read again
    RegistryView recheck = new InspectorRegistryView(ImageInspector.registry(options.registry()));
    Applier applier = new Applier(executor, recheck,
        new ApplyOptions(options.jobs(), options.failFast(), options.stateDir()), events);
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

package dtk.cli;

import dtk.cli.output.Progress;
import dtk.exec.ExecException;
import dtk.exec.apply.Pipeline;
import dtk.exec.build.BuildFailedException;
import dtk.exec.build.BuildRecord;
import dtk.exec.build.ImageBuilder;
import dtk.exec.process.ProcessRunner;
import dtk.exec.registry.ImageInspector;
import dtk.exec.registry.Registries;
import dtk.exec.resolve.OnlineResolver;
import dtk.render.BuildContext;
import dtk.spec.LoadResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;

/** {@code dtk build}: resolve, render and build every target locally (what {@code make} did). */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = {
      "Build the images of specs locally: resolve kernels and facts from registries, render, build with the engine.",
      "Each target is tagged with its per-platform image reference and recorded (image id, tags, inputs digest) "
          + "in the state directory, so that 'dtk push' pushes exactly what was built. The engine's output goes to one "
          + "log per target; its tail is shown when a build fails (exit code 4).",
    })
public final class BuildCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec CommandSpec command;

  @Mixin CommonFlags common;
  @Mixin PlanFlags plan;
  @Mixin EngineFlags engine;
  @Mixin BuildFlags build;

  @Parameters(
      arity = "0..*",
      paramLabel = "PATH",
      description = "Spec files or directories of them (default: specs/).")
  List<Path> paths = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    PlanFlags.checkKnown(plan.platforms);
    CommonFlags.checkEnvironment(System.getenv());
    var renderer = RenderCommand.renderer(plan.templates);
    LoadResult loaded = plan.load(paths, common, err, "build");
    Progress progress = new Progress(err, common.verbose());
    List<BuildRecord> built = new ArrayList<>();
    try {
      var containerEngine = engine.engine();
      containerEngine.info(); // a missing or broken engine fails now, before any registry is asked
      ImageInspector inspector = Registries.inspector(engine.registry());
      OnlineResolver resolver =
          OnlineResolver.standard(
              inspector, ProcessRunner.local(), System.getenv(), engine.registry());
      long resolveStart = System.nanoTime();
      Pipeline.Rendered outcome =
          Pipeline.render(
              loaded.specs(),
              plan.platforms,
              plan.pins(),
              renderer,
              Pipeline.Resolve.online(resolver));
      if (common.verbose()) {
        err.println(
            dtk.spec.Printable.escape(
                "resolved in "
                    + Progress.seconds(java.time.Duration.ofNanos(System.nanoTime() - resolveStart))
                    + ": "
                    + inspector.fetchCounts().entrySet().stream()
                        .map(e -> e.getKey() + " inspected " + e.getValue() + "x")
                        .collect(java.util.stream.Collectors.joining(", "))));
      }
      if (!outcome.ok()) {
        throw RenderCommand.reportInvalid(outcome.diagnostics(), err, "build");
      }
      // the records say what the last build of these specs and platforms made: push pushes that,
      // and
      // never again an image an older build made for a kernel that is no longer current
      java.util.Set<String> rebuilt = new java.util.HashSet<>();
      outcome.contexts().forEach(c -> rebuilt.add(c.target().name() + "/" + c.target().arch()));
      engine.state().forget(b -> rebuilt.contains(b.name() + "/" + b.arch()));
      ImageBuilder builder =
          new ImageBuilder(containerEngine, build.buildOptions(engine), engine.state(), progress);
      for (BuildContext ctx : outcome.contexts()) {
        built.add(builder.build(ctx));
      }
    } catch (BuildFailedException e) {
      if (!e.logTail().isBlank()) {
        err.println(
            dtk.spec.Printable.escape(
                "--- last lines of " + (e.log() == null ? "the engine output" : e.log()) + " ---"));
        err.println(dtk.spec.Printable.block(e.logTail(), "  | "));
        err.println("---");
      }
      // the log was named in the tail's heading: the message says the reason only
      throw CommandException.toolFailed(
          e.logTail().isBlank() || e.log() == null
              ? e.getMessage()
              : "build of " + e.target() + " failed: " + e.reason(),
          e.hint(),
          e);
    } catch (ExecException e) {
      throw CommandException.toolFailed(e.getMessage(), e.hint(), e);
    }
    for (BuildRecord b : built) {
      out.println(dtk.spec.Printable.escape(b.target() + "  " + b.image() + "  " + b.imageId()));
    }
    out.println(
        dtk.spec.Printable.escape(
            built.size()
                + (built.size() == 1 ? " image" : " images")
                + " built; push with: dtk push"
                + (paths.isEmpty()
                    ? ""
                    : " " + String.join(" ", paths.stream().map(Path::toString).toList()))));
    out.flush();
    return ExitStatus.OK.code();
  }
}

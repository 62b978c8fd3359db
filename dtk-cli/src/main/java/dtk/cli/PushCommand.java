package dtk.cli;

import dtk.cli.output.Progress;
import dtk.exec.ExecException;
import dtk.exec.apply.Pipeline;
import dtk.exec.build.BuildRecord;
import dtk.exec.build.ImagePusher;
import dtk.spec.LoadResult;
import dtk.spec.model.Spec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dtk push}: push what {@code dtk build} recorded, then the multi-arch indexes. */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description = {
      "Push the images 'dtk build' made for these specs, by image id, to their per-platform tags, then create and "
          + "push each multi-arch index from the pushed digests.",
      "Nothing is resolved again: a kernel released since the build is not pushed under a tag that was never built.",
    })
public final class PushCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec CommandSpec command;

  @Mixin CommonFlags common;
  @Mixin EngineFlags engine;
  @Mixin SupplyFlags supply;

  @Option(
      names = "--platform",
      paramLabel = "ARCH",
      split = ",",
      description = "Only the images built for these platforms (repeatable or comma-separated).")
  List<String> platforms = new ArrayList<>();

  @Option(
      names = "--kernel-version",
      paramLabel = "VERSION",
      split = ",",
      description =
          "Only the images built for these kernel versions (repeatable), as dtk build --kernel-version made them.")
  List<String> kernelVersions = new ArrayList<>();

  @Parameters(
      arity = "0..*",
      paramLabel = "PATH",
      description = "Spec files or directories of them (default: specs/).")
  List<Path> paths = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    PlanFlags.checkKnown(platforms);
    engine.registry(); // a bad --authfile is said before anything else
    dtk.exec.engine.Signing signing = supply.signing(engine.engine);
    LoadResult loaded =
        Pipeline.load(CommonFlags.inputs(paths), common.sets(), common.allowedPaths());
    if (!loaded.ok()) {
      throw RenderCommand.reportInvalid(loaded.diagnostics(), err, "push");
    }
    PlanFlags.checkBuilt(platforms, loaded.specs());
    Set<String> names = loaded.specs().stream().map(Spec::name).collect(Collectors.toSet());
    List<BuildRecord> recorded;
    try {
      recorded =
          engine.state().all().stream()
              .filter(b -> names.contains(b.name()))
              .filter(b -> platforms.isEmpty() || platforms.contains(b.arch()))
              .filter(b -> kernelVersions.isEmpty() || kernelVersions.contains(b.kernelVersion()))
              .toList();
    } catch (ExecException e) {
      throw CommandException.toolFailed(e.getMessage(), e.hint(), e);
    }
    if (recorded.isEmpty()) {
      throw CommandException.usage(
          "nothing was built for "
              + String.join(", ", names.stream().sorted().toList())
              + (platforms.isEmpty() ? "" : " on " + String.join(", ", platforms))
              + (kernelVersions.isEmpty()
                  ? ""
                  : " with kernel " + String.join(", ", kernelVersions))
              + " (no records in "
              + engine.stateDir
              + ")",
          "run dtk build with the same specs and options first");
    }
    ImagePusher.Result result;
    try {
      // containers/image pushes the manifest before it signs: a key that cannot sign must stop
      // everything first
      dtk.exec.supply.SigningCheck.check(dtk.exec.process.ProcessRunner.local(), signing);
      result =
          new ImagePusher(
                  engine.engine(),
                  engine.registry(),
                  signing,
                  engine.state(),
                  new Progress(err, common.verbose()))
              .push(recorded);
    } catch (ExecException e) {
      throw CommandException.toolFailed(e.getMessage(), e.hint(), e);
    }
    for (BuildRecord b : result.pushed()) {
      out.println(
          dtk.spec.Printable.escape(b.target() + "  " + b.image() + "@" + b.pushedDigest()));
    }
    result
        .indexes()
        .forEach(
            (index, digest) ->
                out.println(dtk.spec.Printable.escape("index  " + index + "@" + digest)));
    out.flush();
    if (!result.ok()) {
      for (ExecException e : result.failures()) {
        err.println("dtk: error: " + dtk.spec.Printable.block(e.getMessage(), "  | "));
        if (e.hint() != null) {
          err.println("  hint: " + dtk.spec.Printable.block(e.hint(), "  hint: "));
        }
      }
      ExecException first = result.failures().get(0);
      throw CommandException.toolFailed(
          result.failures().size()
              + " of "
              + (recorded.size() + result.indexes().size())
              + " pushes failed; first: "
              + first.getMessage(),
          first.hint(),
          first);
    }
    return ExitStatus.OK.code();
  }
}

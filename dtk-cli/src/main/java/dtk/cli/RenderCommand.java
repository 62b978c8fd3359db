package dtk.cli;

import dtk.exec.Platform;
import dtk.exec.apply.Pipeline;
import dtk.render.BuildContext;
import dtk.render.ContextWriter;
import dtk.render.Renderer;
import dtk.render.Target;
import dtk.spec.Diagnostic;
import dtk.spec.LoadResult;
import dtk.spec.model.Spec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dtk render SPEC}: the Containerfile of one target, or its whole build context. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Render the build context of one spec for one platform and kernel.",
      "Prints the Containerfile, or writes the whole context (Containerfile, repo files, context.json with "
          + "build arguments, labels and the inputs digest) to the -o directory.",
    })
public final class RenderCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec CommandSpec command;

  @Mixin CommonFlags common;
  @Mixin PlanFlags plan;

  @Parameters(
      index = "0",
      paramLabel = "SPEC",
      description = "The spec file (kind: DriverToolkit).")
  Path spec;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description = {
        "Write the build context to DIR (created, or replaced when it holds a previous render).",
        "A non-empty directory that dtk did not write is refused, and so is a previous render holding files "
            + "dtk did not write there (they are named; nothing is deleted)."
      })
  Path output;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    if (Files.isDirectory(spec)) {
      throw CommandException.usage(
          spec + " is a directory; render takes one spec file",
          "give a spec such as "
              + spec.resolve("centos.yaml")
              + ", or list every target with dtk plan "
              + spec);
    }
    if (!Files.isRegularFile(spec)) {
      throw CommandException.usage(
          "spec file " + spec + " " + dtk.spec.Missing.whyNotAFile(spec),
          "give the path of a spec, such as specs/centos.yaml");
    }
    Renderer renderer = renderer(plan.templates);
    LoadResult loaded = Pipeline.load(List.of(spec), common.sets(), common.allowedPaths());
    if (!loaded.ok()) {
      throw reportInvalid(loaded.diagnostics(), err);
    }
    if (loaded.specs().isEmpty()) {
      throw CommandException.usage(
          spec + " is a shared base (kind: DriverToolkitDefaults), never built on its own",
          "render a spec that extends it");
    }
    PlanFlags.checkKnown(plan.platforms);
    Spec s = loaded.specs().get(0);
    plan.checkKernelVersions(List.of(s));
    for (String p : plan.platforms) {
      if (!s.platforms().contains(p)) {
        throw CommandException.usage(
            "spec '" + s.name() + "' does not build platform " + p,
            "it builds " + String.join(", ", s.platforms()));
      }
    }
    List<String> platforms =
        plan.platforms.isEmpty() ? List.of(defaultPlatform(s)) : plan.platforms;
    Pipeline.Rendered outcome =
        Pipeline.renderOffline(List.of(s), platforms, plan.pins(), renderer);
    if (!outcome.ok()) {
      throw reportInvalid(outcome.diagnostics(), err);
    }
    List<BuildContext> contexts = outcome.contexts();
    if (contexts.size() != 1) {
      String which =
          contexts.stream()
              .map(c -> c.target().arch() + " " + c.target().kernelVersion())
              .collect(Collectors.joining(", "));
      throw CommandException.usage(
          "spec '"
              + s.name()
              + "' has "
              + contexts.size()
              + " targets here ("
              + which
              + "); render renders one",
          "choose one with --platform and --kernel-version");
    }
    BuildContext ctx = contexts.get(0);
    if (output != null && output.toString().isBlank()) {
      throw CommandException.usage(
          "-o/--output is empty; it takes a directory name", "write -o build/" + s.name());
    }
    if (output == null) {
      out.print(ctx.containerfile());
      out.flush();
      return ExitStatus.OK.code();
    }
    try {
      ContextWriter.write(ctx, output);
    } catch (ContextWriter.RefusedException e) {
      throw CommandException.usage(
          e.getMessage(),
          "dtk render only replaces directories it wrote itself (they hold "
              + ContextWriter.MARKER
              + ")");
    } catch (java.nio.file.FileSystemException e) {
      throw CommandException.path("write", output, e);
    }
    Target t = ctx.target();
    int files = ctx.files().size() + 1;
    out.println(
        dtk.spec.Printable.escape(
            "wrote "
                + output
                + ": "
                + t.id()
                + " ("
                + files
                + (files == 1 ? " context file" : " context files")
                + "), inputs "
                + ctx.inputsDigest()));
    out.flush();
    return ExitStatus.OK.code();
  }

  /** The host's platform when the spec builds it, else the spec's first. */
  static String defaultPlatform(Spec s) {
    String host = Platform.host().arch();
    return s.platforms().contains(host) || s.platforms().isEmpty() ? host : s.platforms().get(0);
  }

  static Renderer renderer(Path templates) {
    try {
      return Renderer.withTemplates(templates);
    } catch (IllegalArgumentException e) {
      throw CommandException.usage(
          e.getMessage(),
          "--templates names a directory holding dnf/Containerfile.ftl and the like");
    }
  }

  /**
   * Prints every diagnostic and returns the exception that ends the command: 2 for a problem with
   * the command line itself ({@link UsageProblems}), else 3 (a --set value that makes a spec
   * invalid is an invalid spec, as for validate).
   */
  static CommandException reportInvalid(List<Diagnostic> diagnostics, PrintWriter err) {
    return reportInvalid(diagnostics, err, "render");
  }

  static CommandException reportInvalid(
      List<Diagnostic> diagnostics, PrintWriter err, String verb) {
    CommandException usage = UsageProblems.of(diagnostics);
    for (Diagnostic d : diagnostics) {
      if (usage != null && UsageProblems.isUsage(d)) {
        continue; // said once, in the usage error
      }
      err.println(d);
    }
    err.flush();
    if (usage != null) {
      return usage;
    }
    long errors = diagnostics.stream().filter(d -> d.severity() == dtk.spec.Severity.ERROR).count();
    return CommandException.invalidSpec(
        "cannot " + verb + ": " + errors + (errors == 1 ? " error" : " errors"), null);
  }
}

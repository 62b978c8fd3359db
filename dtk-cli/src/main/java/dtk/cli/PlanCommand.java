package dtk.cli;

import dtk.exec.apply.Pipeline;
import dtk.render.BuildContext;
import dtk.render.ContextWriter;
import dtk.render.JsonText;
import dtk.render.Target;
import dtk.spec.LoadResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dtk plan}: the targets of a spec set, one line (or JSON object) per image. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Per target: whether dtk apply would build it and why (missing, stale: what changed, up to date), "
          + "reading the registry once per image. --offline lists the targets (name, platform, kernel, image "
          + "references, inputs digest) from pinned values only (kernel.version, --kernel-version, --fact), "
          + "without any registry. --format json gives a list for scripts and CI matrices.",
      "It takes the spec, engine, registry and build options of dtk apply, so an apply command line can be planned "
          + "unchanged (the build options are ignored: plan builds nothing); not apply's --jobs, --fail-fast, --force, "
          + "--dry-run or --report.",
    })
public final class PlanCommand implements Callable<Integer> {
  enum Format {
    text,
    json,
    github_matrix
  }

  @picocli.CommandLine.Spec CommandSpec command;

  @Mixin CommonFlags common;
  @Mixin PlanFlags plan;
  @Mixin EngineFlags engine;

  @Mixin
  BuildFlags
      build; // accepted so that an apply command line can be planned unchanged; nothing is built

  @Parameters(
      arity = "0..*",
      paramLabel = "PATH",
      description = "Spec files or directories of them (default: specs/).")
  List<Path> paths = new ArrayList<>();

  @Option(
      names = "--offline",
      description = "Resolve nothing from registries: kernels and facts must be pinned.")
  boolean offline;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      converter = FormatConverter.class,
      description = {
        "Output format: text, json or github-matrix (default: ${DEFAULT-VALUE}). github-matrix prints the",
        "targets that need a build as a GitHub Actions strategy.matrix: {\"include\":[{\"target\":...,\"platform\":...,\"runner\":...}]}."
      })
  Format format;

  @Option(
      names = "--runner",
      paramLabel = "ARCH=LABEL",
      description = {
        "The runs-on label of a platform in --format github-matrix (repeatable; defaults:",
        "x86_64=ubuntu-latest, aarch64=ubuntu-24.04-arm; ppc64le and s390x need one)."
      })
  Map<String, String> runners = new LinkedHashMap<>();

  /** {@code github-matrix} on the command line, {@code github_matrix} in Java. */
  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      for (Format f : Format.values()) {
        if (f.name().replace('_', '-').equals(value)) {
          return f;
        }
      }
      throw new picocli.CommandLine.TypeConversionException(
          "'" + value + "' is not text, json or github-matrix");
    }
  }

  /** The default runs-on label per platform: GitHub's hosted runners. */
  static final Map<String, String> DEFAULT_RUNNERS =
      Map.of("x86_64", "ubuntu-latest", "aarch64", "ubuntu-24.04-arm");

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    PlanFlags.checkKnown(plan.platforms);
    PlanFlags.checkKnown(List.copyOf(runners.keySet()));
    if (format == Format.github_matrix && offline) {
      throw CommandException.usage(
          "--format github-matrix lists the targets that need a build, which only the registry"
              + " tells",
          "drop --offline");
    }
    if (format == Format.github_matrix) {
      var pipeline = ApplyCommand.planningPipeline(plan, engine.registry(), engine.stateDir);
      var planned = ApplyCommand.planOnline(pipeline, paths, common, plan, err);
      out.print(matrix(planned.plan(), runners));
      out.flush();
      return ApplyCommand.blocked(planned) ? ExitStatus.TOOL_FAILED.code() : ExitStatus.OK.code();
    }
    if (!offline) {
      // online: per target, what dtk apply would do and why (missing, stale, up to date)
      var pipeline = ApplyCommand.planningPipeline(plan, engine.registry(), engine.stateDir);
      var planned = ApplyCommand.planOnline(pipeline, paths, common, plan, err);
      out.print(ApplyCommand.planText(planned, format == Format.json));
      out.flush();
      return ApplyCommand.blocked(planned) ? ExitStatus.TOOL_FAILED.code() : ExitStatus.OK.code();
    }
    var renderer = RenderCommand.renderer(plan.templates);
    LoadResult loaded = plan.load(paths, common, err, "plan");
    Pipeline.Rendered outcome =
        Pipeline.renderOffline(loaded.specs(), plan.platforms, plan.pins(), renderer);
    if (!outcome.ok()) {
      throw RenderCommand.reportInvalid(outcome.diagnostics(), err, "plan");
    }
    if (format == Format.json) {
      out.print(json(outcome.contexts()));
    } else {
      text(outcome.contexts(), loaded.specs().size(), out);
    }
    out.flush();
    return ExitStatus.OK.code();
  }

  /**
   * {@code {"include":[{"target","spec","platform","kernel","image","runner"}]}} on one line (for
   * {@code $GITHUB_OUTPUT}): one entry per target the plan builds, empty {@code include} when
   * everything is up to date.
   */
  static String matrix(dtk.exec.apply.plan.Plan plan, Map<String, String> runners) {
    List<Object> include = new ArrayList<>();
    for (dtk.exec.apply.plan.Step.Build b : plan.builds()) {
      var t = b.target();
      String runner = runners.getOrDefault(t.arch(), DEFAULT_RUNNERS.get(t.arch()));
      if (runner == null) {
        throw CommandException.usage(
            "no runner for " + t.arch() + " (target " + t.id() + ")",
            "name one with --runner "
                + t.arch()
                + "=LABEL (GitHub hosts none for "
                + t.arch()
                + ")");
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("target", t.id());
      m.put("spec", t.spec());
      m.put("platform", t.arch());
      m.put("kernel", t.kernelVersion());
      m.put("image", t.image());
      m.put("runner", runner);
      include.add(m);
    }
    return JsonText.writeLine(Map.of("include", include));
  }

  /**
   * {@code {"targets": [...]}}: each entry as context.json describes a context, plus the spec file.
   */
  static String json(List<BuildContext> contexts) {
    List<Object> targets = new ArrayList<>();
    for (BuildContext c : contexts) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("spec", c.target().spec().file().toString().replace('\\', '/'));
      m.putAll(ContextWriter.describe(c));
      targets.add(m);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("targets", targets);
    return JsonText.write(root);
  }

  static void text(List<BuildContext> contexts, int specs, PrintWriter out) {
    String[] head = {"NAME", "PLATFORM", "KERNEL", "IMAGE", "INDEX", "INPUTS"};
    List<String[]> rows = new ArrayList<>();
    rows.add(head);
    for (BuildContext c : contexts) {
      Target t = c.target();
      rows.add(
          java.util.stream.Stream.of(
                  t.name(),
                  t.platform(),
                  t.kernelVersion(),
                  t.images().platform().toString(),
                  t.images().index().toString(),
                  c.inputsDigest().shortForm())
              .map(dtk.spec.Printable::escape)
              .toArray(String[]::new));
    }
    int[] width = new int[head.length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        b.append(r[i]);
        if (i < r.length - 1) {
          b.append(" ".repeat(width[i] - r[i].length() + 2));
        }
      }
      out.println(b);
    }
    out.println(
        contexts.size()
            + (contexts.size() == 1 ? " target" : " targets")
            + " from "
            + specs
            + (specs == 1 ? " spec" : " specs"));
  }
}

package dtk.cli;

import dtk.cli.output.ApplyJson;
import dtk.cli.output.ApplyText;
import dtk.cli.output.Progress;
import dtk.exec.ExecException;
import dtk.exec.apply.Pipeline;
import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.plan.PlanSelection;
import dtk.exec.apply.plan.Step;
import dtk.exec.apply.run.ApplyOptions;
import dtk.exec.apply.run.ApplyReport;
import dtk.exec.apply.run.ClusterExecutors;
import dtk.exec.engine.ContainerEngine;
import dtk.exec.process.ProcessRunner;
import dtk.exec.registry.RegistryOptions;
import dtk.render.BuildContext;
import dtk.render.ContextWriter;
import dtk.render.RenderException;
import dtk.spec.LoadResult;
import dtk.spec.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dtk apply}: bring every spec's images in the registry up to date, building only what is
 * missing or stale.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Plan against the registry (each target missing, stale or up to date), then build, verify and push "
          + "exactly the targets that need it, in parallel, and publish each multi-arch index whose platforms "
          + "all succeeded. A second apply right after builds nothing. --dry-run prints the plan and stops.",
    })
public final class ApplyCommand implements Callable<Integer> {
  enum Format {
    text,
    json
  }

  @picocli.CommandLine.Spec CommandSpec command;

  @Mixin CommonFlags common;
  @Mixin PlanFlags plan;
  @Mixin EngineFlags engine;
  @Mixin BuildFlags build;
  @Mixin ClusterFlags cluster;
  @Mixin SupplyFlags supply;

  @Parameters(
      arity = "0..*",
      paramLabel = "PATH",
      description = "Spec files or directories of them (default: specs/).")
  List<Path> paths = new ArrayList<>();

  @Option(
      names = "--dry-run",
      description = "Print the plan (per target: build or not, and why) and stop.")
  boolean dryRun;

  @Option(names = "--force", description = "Rebuild every target and index, up to date or not.")
  boolean force;

  @Option(
      names = {"-j", "--jobs"},
      paramLabel = "N",
      description =
          "Targets built at once (default: half the processors, at least 1; here ${DEFAULT-VALUE}).")
  int jobs = ApplyOptions.defaultJobs();

  @Option(
      names = "--fail-fast",
      description = "Stop at the first failed target: stop the running ones, publish no index.")
  boolean failFast;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "Plan and summary format on stdout: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--only",
      paramLabel = "TARGET",
      split = ",",
      description = {
        "Build and push only these targets (repeatable): an id as dtk plan prints it (debian/x86_64/6.1.0-57-amd64),",
        "or its leading part (debian/x86_64, debian). No index is published: a run with --indexes-only does that."
      })
  List<String> only = new ArrayList<>();

  @Option(
      names = "--indexes-only",
      description =
          "Build nothing; publish each multi-arch index whose platform images are all in the registry and up to date.")
  boolean indexesOnly;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Also write the summary as JSON (digests, tags, kernel versions) to FILE.")
  Path report;

  @Option(
      names = "--verify-policy",
      paramLabel = "FILE",
      description =
          "Check every pushed image against this containers-policy.json(5) before its tag is written (its "
              + "signature and those of its SBOM and provenance, as dtk verify --policy does), in place of each spec's "
              + "verify.signature. A refused image fails its target: no tag, no index.")
  Path verifyPolicy;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    if (jobs < 1) {
      throw CommandException.usage(
          "--jobs must be at least 1, got " + jobs, "use --jobs 1 to build one target at a time");
    }
    PlanFlags.checkKnown(plan.platforms);
    CommonFlags.checkEnvironment(System.getenv());
    checkReportPath();
    cluster.check();
    if (verifyPolicy != null) {
      if (!Files.isRegularFile(verifyPolicy) || !Files.isReadable(verifyPolicy)) {
        throw CommandException.usage(
            "--verify-policy "
                + verifyPolicy
                + (Files.exists(verifyPolicy) ? " cannot be read" : " not found"),
            "give a containers policy.json (see containers-policy.json(5))");
      }
      if (cluster.kubernetes()) {
        throw CommandException.usage(
            "--verify-policy is not run by --executor kubernetes (the pod writes the tag)",
            "build with the local executor, or check the pushed images with dtk verify IMAGE --policy FILE");
      }
    }
    // manifests alone need no engine: a GitOps machine may have none
    ContainerEngine containerEngine = cluster.emitManifests != null ? null : engine.engine();
    Pipeline pipeline = new Pipeline(ProcessRunner.local(), options());
    if (indexesOnly && !only.isEmpty()) {
      throw CommandException.usage(
          "--only and --indexes-only exclude each other",
          "build the targets with --only (one CI job each), then publish their indexes with --indexes-only");
    }
    Pipeline.Planned planned = select(planOnline(pipeline, paths, common, plan, err));

    if (dryRun) {
      out.print(planText(planned, format == Format.json));
      out.flush();
      return blocked(planned) ? ExitStatus.TOOL_FAILED.code() : ExitStatus.OK.code();
    }
    if (cluster.emitManifests != null) {
      return emitManifests(planned, out);
    }
    ClusterExecutors.Cluster remote =
        cluster.kubernetes() ? connect(planned, pipeline, containerEngine) : null;
    if (format == Format.text) {
      out.print(ApplyText.plan(planned.plan()) + notes(planned));
      out.println();
      out.flush();
    }
    // Ctrl-C runs the JVM's shutdown hooks: ours stops the run, then holds the JVM until the
    // summary and the report are written
    Thread main = Thread.currentThread();
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              pipeline.cancel();
              err.println("dtk: interrupted: stopping running builds; no index will be published");
              err.flush();
              main.interrupt();
              try {
                done.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException ignored) {
                // the JVM is going down anyway
              }
            },
            "dtk-apply-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    ApplyReport result;
    try {
      try (Progress live = Progress.open(err, CommandLine.Help.Ansi.AUTO.enabled())) {
        result =
            remote == null
                ? pipeline.apply(planned, containerEngine, live)
                : pipeline.apply(planned, remote, live);
      }
      Thread.interrupted(); // the run has ended: output is written whatever happened
      if (format == Format.json) {
        out.print(ApplyJson.report(result));
      } else {
        out.println();
        out.print(ApplyText.summary(result));
      }
      out.flush();
      if (report != null) {
        writeReport(result);
      }
    } finally {
      if (remote != null) {
        remote.close();
      }
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running; it ends now that done is counted down
      }
    }
    return result.ok() ? ExitStatus.OK.code() : ExitStatus.TOOL_FAILED.code();
  }

  /** The targets the plan builds, in its order. */
  private static List<ApplyTarget> toBuild(Pipeline.Planned planned) {
    return planned.plan().steps().stream()
        .filter(st -> st instanceof Step.Build)
        .map(st -> ((Step.Build) st).target())
        .toList();
  }

  private static ClusterExecutors kubernetes() {
    return ClusterExecutors.find("kubernetes")
        .orElseThrow(
            () ->
                CommandException.toolFailed(
                    "the Kubernetes executor (module dtk-k8s) is not on the class path",
                    "build dtk with all its modules: mvn -B -DskipTests package -pl dtk-cli -am",
                    null));
  }

  /** {@code --emit-manifests}: the objects of each target to build, written; nothing created. */
  private int emitManifests(Pipeline.Planned planned, PrintWriter out) {
    List<ApplyTarget> targets = toBuild(planned);
    try {
      List<Path> files =
          kubernetes()
              .writeManifests(
                  cluster.settings(build.logDir, engine.registry()),
                  planned.targets(),
                  targets,
                  cluster.emitManifests);
      for (Path f : files) {
        out.println("wrote " + Printable.escape(f.toString()));
      }
      if (files.isEmpty()) {
        out.println("nothing to build: no manifests written");
      }
      out.flush();
      return ExitStatus.OK.code();
    } catch (IllegalArgumentException e) {
      throw CommandException.usage(Printable.escape(e.getMessage()), "nothing was written");
    } catch (java.nio.file.FileSystemException e) {
      throw CommandException.path("write manifests to", cluster.emitManifests, e);
    } catch (IOException e) {
      throw CommandException.usage(
          "cannot write manifests to " + cluster.emitManifests + ": " + e.getMessage(),
          "choose a writable directory for --emit-manifests");
    }
  }

  /** The Kubernetes executor, checked against the cluster before anything starts. */
  private ClusterExecutors.Cluster connect(
      Pipeline.Planned planned, Pipeline pipeline, ContainerEngine local)
      throws InterruptedException {
    try {
      return kubernetes()
          .connect(
              cluster.settings(build.logDir, engine.registry()),
              planned.targets(),
              toBuild(planned),
              pipeline.localExecutor(planned, local));
    } catch (IllegalArgumentException e) {
      throw CommandException.usage(Printable.escape(e.getMessage()), "nothing was started");
    } catch (ExecException e) {
      throw CommandException.toolFailed(Printable.escape(e.getMessage()), e.hint(), e);
    }
  }

  /**
   * The part of the plan {@code --only} or {@code --indexes-only} asks for; the whole plan without
   * them.
   */
  private Pipeline.Planned select(Pipeline.Planned planned) {
    if (indexesOnly) {
      return planned.withPlan(PlanSelection.indexesOnly(planned.plan()));
    }
    if (only.isEmpty()) {
      return planned;
    }
    try {
      return planned.withPlan(PlanSelection.only(planned.plan(), only));
    } catch (PlanSelection.NoSuchTargetException e) {
      List<String> ids = e.ids();
      throw CommandException.usage(
          Printable.escape(e.getMessage()),
          ids.isEmpty()
              ? "the plan has no targets"
              : "the plan's targets are "
                  + String.join(", ", ids.subList(0, Math.min(10, ids.size())))
                  + (ids.size() > 10 ? " and " + (ids.size() - 10) + " more" : ""));
    }
  }

  /**
   * The plan alone, online: what {@code dtk plan} prints without {@code --offline}. Shared so that
   * both commands say the same thing.
   */
  static String planText(Pipeline.Planned planned, boolean json) {
    if (!json) {
      return ApplyText.plan(planned.plan()) + notes(planned);
    }
    // each target also as dtk plan --offline --format json shows it (spec file, build args, labels,
    // ...)
    return ApplyJson.plan(
        planned.plan(),
        t -> {
          BuildContext c = planned.targets().context(t);
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("spec", c.target().spec().file().toString().replace('\\', '/'));
          m.putAll(ContextWriter.describe(c));
          return m;
        },
        planned.notes());
  }

  /** One {@code note: ...} line per note of the plan. */
  static String notes(Pipeline.Planned planned) {
    StringBuilder b = new StringBuilder();
    planned
        .notes()
        .forEach(n -> b.append("note: ").append(dtk.spec.Printable.escape(n)).append('\n'));
    return b.toString();
  }

  private Pipeline.Options options() {
    checkTemplates(plan);
    return new Pipeline.Options(
        plan.platforms,
        plan.pins(),
        plan.templates,
        force,
        engine.registry(),
        jobs,
        failFast,
        engine.stateDir,
        supply.apply(
            build.buildOptions(engine),
            engine.engine,
            verifyPolicy == null ? null : verifyPolicy.toAbsolutePath()));
  }

  /** A pipeline that only plans (for {@code dtk plan}): no engine, nothing is built. */
  static Pipeline planningPipeline(PlanFlags plan, RegistryOptions registry, Path stateDir) {
    checkTemplates(plan);
    return new Pipeline(
        ProcessRunner.local(),
        new Pipeline.Options(
            plan.platforms,
            plan.pins(),
            plan.templates,
            false,
            registry,
            1,
            false,
            stateDir,
            null));
  }

  private static void checkTemplates(PlanFlags plan) {
    if (plan.templates != null) {
      RenderCommand.renderer(
          plan.templates); // a missing directory is a usage error, said before any registry request
    }
  }

  /**
   * Loads, resolves online, renders and plans: what {@code dtk plan} (without {@code --offline})
   * and {@code dtk apply} share, with the same errors and exit codes.
   */
  static Pipeline.Planned planOnline(
      Pipeline pipeline, List<Path> paths, CommonFlags common, PlanFlags plan, PrintWriter err)
      throws InterruptedException {
    PlanFlags.checkKnown(plan.platforms);
    CommonFlags.checkEnvironment(System.getenv());
    LoadResult loaded = plan.load(paths, common, err, "plan");
    try {
      return pipeline.plan(loaded.specs());
    } catch (RenderException e) {
      throw RenderCommand.reportInvalid(e.diagnostics(), err, "plan");
    } catch (ExecException e) {
      throw CommandException.toolFailed(e.getMessage(), e.hint(), e);
    } catch (IllegalArgumentException e) {
      throw CommandException.invalidSpec(
          e.getMessage(), "give each target its own image tag (image.tag, image.platformTag)");
    }
  }

  static boolean blocked(Pipeline.Planned planned) {
    return planned.plan().steps().stream().anyMatch(s -> s instanceof Step.Blocked);
  }

  /**
   * {@code --report} is checked before any work: a path that cannot be written is a usage error
   * (exit 2) here, not a failure after everything was pushed.
   */
  private void checkReportPath() {
    if (report == null) {
      return;
    }
    Path abs = report.toAbsolutePath();
    if (Files.isDirectory(abs)) {
      throw CommandException.usage(
          "--report " + report + " is a directory",
          "give a file path, e.g. --report " + report.resolve("apply.json"));
    }
    if (Files.exists(abs) && !Files.isWritable(abs)) {
      throw CommandException.usage(
          "--report " + report + " cannot be written (permission denied)",
          "choose a writable path for --report");
    }
    Path dir = abs.getParent();
    while (dir != null && !Files.exists(dir)) {
      dir = dir.getParent();
    }
    if (dir == null || !Files.isDirectory(dir)) {
      throw CommandException.usage(
          "--report " + report + ": " + dir + " is not a directory",
          "choose a path whose parent is a directory");
    }
    if (!Files.isWritable(dir)) {
      throw CommandException.usage(
          "--report " + report + ": cannot create files in " + dir + " (permission denied)",
          "choose a writable path for --report");
    }
    // access(2) says yes to root, and on /proc or a read-only mount: try it
    try {
      Files.delete(Files.createTempFile(dir, ".dtk-report-", ".tmp"));
    } catch (java.io.IOException e) {
      throw CommandException.usage(
          "--report "
              + report
              + ": cannot create files in "
              + dir
              + " ("
              + (e instanceof java.nio.file.FileSystemException f
                  ? FileErrors.reason(f)
                  : e.getMessage())
              + ")",
          "choose a writable path for --report");
    }
  }

  /**
   * A failure here comes after the registry was updated: exit 4, and the summary above says what
   * was pushed.
   */
  private void writeReport(ApplyReport result) {
    try {
      Path parent = report.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(report, ApplyJson.report(result), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CommandException.toolFailed(
          "cannot write the report "
              + report
              + ": "
              + e.getMessage()
              + " (after the run: "
              + result.built()
              + " target(s) pushed, as the summary above lists)",
          "the registry is up to date as summarised; free space or choose another --report path and run again"
              + " (nothing will be rebuilt)",
          e);
    }
  }
}

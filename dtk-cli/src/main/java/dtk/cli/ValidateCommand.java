package dtk.cli;

import dtk.cli.output.GithubReport;
import dtk.cli.output.JsonReport;
import dtk.cli.output.ReportPaths;
import dtk.cli.output.SarifReport;
import dtk.cli.output.TextReport;
import dtk.cli.output.ValidationReport;
import dtk.spec.Diagnostic;
import dtk.spec.LoadResult;
import dtk.spec.Overrides;
import dtk.spec.SpecLoader;
import dtk.spec.model.Spec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dtk validate [PATH...]}: checks specs and reports every problem in one run. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Check spec files against the spec language: YAML, schema, extends, $${...} references "
          + "and the rules between specs. Every problem is reported in one run.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:all specs valid",
      "1:internal error",
      "2:usage error",
      "3:a spec is invalid"
    },
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  dtk validate                             # the specs/ directory",
      "  dtk validate specs/centos.yaml --set kernel.version=5.14.0-503.el9",
      "  dtk validate --format sarif > dtk.sarif  # for GitHub code scanning",
    })
final class ValidateCommand implements Callable<Integer> {
  /** Report formats; text is for people, the others for tools. */
  enum Format {
    text,
    json,
    sarif,
    github
  }

  static final Path DEFAULT_PATH = Path.of("specs");

  @CommandLine.Spec CommandSpec spec;

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = {
        "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
        "text: diagnostics on stderr; json, sarif, github: the report on stdout."
      })
  Format format;

  @Parameters(
      paramLabel = "PATH",
      arity = "0..*",
      description = "Spec files or directories of specs (default: specs/).")
  List<Path> paths = new ArrayList<>();

  @Mixin CommonFlags common;

  @Override
  public Integer call() {
    List<Path> inputs = paths.isEmpty() ? List.of(DEFAULT_PATH) : List.copyOf(paths);
    List<String> missing =
        inputs.stream()
            .filter(p -> !Files.exists(p))
            .map(
                p ->
                    p
                        + (Files.isSymbolicLink(p)
                                || !dtk.spec.Missing.whyNotThere(p).equals("does not exist")
                            ? " (it " + dtk.spec.Missing.whyNotThere(p) + ")"
                            : ""))
            .toList();
    if (!missing.isEmpty()) {
      throw CommandException.usage(
          "no such file or directory: " + String.join(", ", missing),
          paths.isEmpty()
              ? "run dtk from the repository root, or name spec files or directories: "
                  + "dtk validate PATH..."
              : "check the path; dtk validate takes spec files and directories of specs");
    }
    Overrides overrides = overrides();
    long start = System.nanoTime();
    LoadResult loaded =
        SpecLoader.standard().allowingPaths(common.allowedPaths()).load(inputs, overrides);
    long millis = (System.nanoTime() - start) / 1_000_000;
    ValidationReport report = new ValidationReport(loaded.diagnostics(), loaded.filesChecked());
    if (common.verbose()) {
      PrintWriter err = spec.commandLine().getErr();
      for (Spec s : loaded.specs()) {
        err.println(
            dtk.spec.Printable.escape(
                "dtk: loaded " + s.name() + " (" + ReportPaths.display(s.file()) + ")"));
      }
      err.println("dtk: read " + loaded.filesChecked() + " files in " + millis + " ms");
      err.flush();
    }
    CommandException usage = UsageProblems.of(loaded.diagnostics());
    if (usage != null) {
      throw usage;
    }
    write(report);
    return report.valid() ? ExitStatus.OK.code() : ExitStatus.INVALID_SPEC.code();
  }

  /** A --set argument that cannot even be parsed is a usage error, reported before loading. */
  private Overrides overrides() {
    Overrides overrides = Overrides.parse(common.sets());
    List<Diagnostic> problems = overrides.problems();
    if (!problems.isEmpty()) {
      StringBuilder message = new StringBuilder("bad --set argument");
      for (Diagnostic d : problems) {
        message
            .append(problems.size() == 1 ? ": " : "\n  ")
            .append(d.at())
            .append(": ")
            .append(d.message());
      }
      String hint = problems.get(0).hint();
      throw CommandException.usage(
          message.toString(),
          hint != null ? hint : "write --set PATH=VALUE, e.g. --set kernel.version=5.14.0-503.el9");
    }
    return overrides;
  }

  private void write(ValidationReport report) {
    CommandLine cl = spec.commandLine();
    PrintWriter out = cl.getOut();
    PrintWriter err = cl.getErr();
    ReportPaths paths = new ReportPaths(Path.of("").toAbsolutePath());
    switch (format) {
      case text -> {
        TextReport text = new TextReport(cl.getColorScheme().ansi().enabled());
        text.writeDiagnostics(report, err);
        text.writeSummary(report, report.valid() ? out : err);
      }
      case json -> new JsonReport().write(report, out);
      case sarif ->
          new SarifReport(paths, Dtk.class.getPackage().getImplementationVersion())
              .write(report, out);
      case github -> new GithubReport(paths).write(report, out);
    }
    out.flush();
    err.flush();
  }
}

package dtk.cli;

import dtk.spec.Suggest;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code dtk} command: validates driver-toolkit specs (and, later, plans, renders, builds and
 * pushes their images).
 *
 * <p>A new subcommand is one class and one entry in {@link #SUBCOMMANDS} and {@code subcommand}; it
 * inherits the error handling and exit codes of {@link #commandLine()}.
 */
@Command(
    name = "dtk",
    mixinStandardHelpOptions = true,
    versionProvider = Dtk.Version.class,
    description = "Build Driver Toolkit (DTK) container images from declarative YAML specs.",
    usageHelpAutoWidth = true,
    sortOptions = false,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      // keep in step with ExitStatus (annotation values must be constants)
      "0:success",
      "1:internal error (a bug in dtk: rerun with --stacktrace and report it)",
      "2:usage error (unknown option, missing file, bad --set)",
      "3:invalid spec",
      "4:a build, push or tool failed",
    },
    footerHeading = "%n",
    footer = {
      "Run 'dtk COMMAND --help' for the options of a command.",
      "Colours are used on a terminal only; set NO_COLOR=1 to turn them off.",
    })
public final class Dtk implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Without a subcommand there is nothing to do: show the usage and report a usage error. */
  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    cl.usage(cl.getErr(), cl.getColorScheme());
    return ExitStatus.USAGE.code();
  }

  /**
   * The subcommands, in the order the usage lists them. Building picocli's model of a command
   * (annotations, option types) is most of dtk's start-up: a run of one subcommand builds only that
   * one ({@link #commandLine(String)}). Names and a switch rather than a map of constructor
   * references: JDK 25's AOT cache creation fails on method references held in static fields.
   */
  static final List<String> SUBCOMMANDS =
      List.of(
          "validate",
          "render",
          "plan",
          "build",
          "push",
          "apply",
          "kernels",
          "sbom",
          "verify",
          "generate-completion",
          "help");

  /** The subcommands that talk to registries (plan without --offline, and the rest here). */
  private static final List<String> ONLINE =
      List.of("plan", "build", "push", "apply", "kernels", "sbom", "verify");

  private static Object subcommand(String name) {
    return switch (name) {
      case "validate" -> new ValidateCommand();
      case "render" -> new RenderCommand();
      case "plan" -> new PlanCommand();
      case "build" -> new BuildCommand();
      case "push" -> new PushCommand();
      case "apply" -> new ApplyCommand();
      case "kernels" -> new KernelsCommand();
      case "sbom" -> new SbomCommand();
      case "verify" -> new VerifyCommand();
      case "generate-completion" -> new AutoComplete.GenerateCompletion();
      case "help" -> new HelpCommand();
      default -> throw new IllegalArgumentException(name);
    };
  }

  public static void main(String[] args) {
    // the first argument names the subcommand (dtk takes no option before it but --help and
    // --version); help and completion need them all
    String first = args.length > 0 ? args[0] : "";
    boolean one =
        SUBCOMMANDS.contains(first)
            && !first.equals("help")
            && !first.equals("generate-completion");
    // what the command will need loads on the other core while the command line is parsed: for
    // validate the spec schema, for a command that reads registries TLS and the HTTP stack (not
    // for a help text, which needs neither). Measured: the schema's early start does not pay for
    // the commands that also render and read registries (they already keep both cores busy), and
    // adds 4 MiB to their peak RSS.
    if (!List.of(args).contains("--help") && !List.of(args).contains("-h")) {
      if (first.equals("validate")) {
        dtk.spec.SpecLoader.prewarm();
      }
      if (ONLINE.contains(first)) {
        dtk.exec.http.BoundedHttp.prewarm();
      }
    }
    CommandLine cl = commandLine(one ? first : null);
    // JSON and SARIF are UTF-8 whatever the locale; Java 17 would use the locale's charset
    cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    int status = cl.execute(args);
    // a client's idle selector thread would hold the JVM's exit back by 300 ms
    dtk.exec.http.BoundedHttp.shutdownAll();
    System.exit(status);
  }

  /** The fully configured command line; tests use it with their own writers. */
  public static CommandLine commandLine() {
    return commandLine(null);
  }

  /** The command line with only subcommand {@code only} (all of them when null). */
  static CommandLine commandLine(String only) {
    CommandLine cl = new CommandLine(new Dtk());
    for (String name : SUBCOMMANDS) {
      if (only == null || only.equals(name)) {
        cl.addSubcommand(name, subcommand(name));
      }
    }
    cl.registerConverter(java.nio.file.Path.class, Dtk::path);
    cl.setExitCodeExceptionMapper(EXIT_CODES);
    cl.setExecutionExceptionHandler(Dtk::handleExecutionException);
    cl.setParameterExceptionHandler(Dtk::handleParameterException);
    cl.setCaseInsensitiveEnumValuesAllowed(false);
    return cl;
  }

  /**
   * A path argument. An empty one is refused: Java reads {@code ""} as the working directory, so
   * {@code dtk validate "$SPECS"} with an unset variable would check the directory it runs in.
   */
  static java.nio.file.Path path(String value) {
    if (value.isEmpty()) {
      throw new CommandLine.TypeConversionException("the path is empty (an unset shell variable?)");
    }
    try {
      return java.nio.file.Path.of(value);
    } catch (java.nio.file.InvalidPathException e) {
      throw new CommandLine.TypeConversionException(
          "'" + dtk.spec.Printable.escape(value) + "' is not a valid path: " + e.getReason());
    }
  }

  /** The one mapping from failures to exit codes. */
  static final IExitCodeExceptionMapper EXIT_CODES = Dtk::exitStatus;

  static int exitStatus(Throwable t) {
    // picocli consults the mapper for parse errors too: without this branch they would exit 1
    if (t instanceof ParameterException) {
      return ExitStatus.USAGE.code();
    }
    if (t instanceof CommandException ce) {
      return ce.status().code();
    }
    if (FileErrors.find(t) != null) {
      // a path that cannot be read or written: the user's files or permissions, not a bug in dtk
      return ExitStatus.USAGE.code();
    }
    return ExitStatus.INTERNAL_ERROR.code();
  }

  private static int handleExecutionException(
      Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    CommandLine.Help.ColorScheme colors = cmd.getColorScheme();
    String hint;
    if (ex instanceof CommandException ce) {
      err.println(
          colors.errorText("dtk: error: " + dtk.spec.Printable.block(ce.getMessage(), "  | ")));
      hint = ce.hint();
    } else if (FileErrors.find(ex) != null) {
      java.nio.file.FileSystemException fs = FileErrors.find(ex);
      err.println(
          colors.errorText(
              "dtk: error: "
                  + dtk.spec.Printable.block(FileErrors.describe("use", null, fs), "  | ")));
      hint = FileErrors.hint(fs, false);
    } else if (ex instanceof IOException || ex instanceof UncheckedIOException) {
      // the machine, not dtk: a full disk, a vanished file, a broken pipe
      Throwable io = ex instanceof UncheckedIOException u ? u.getCause() : ex;
      err.println(
          colors.errorText(
              "dtk: error: input/output failed: "
                  + dtk.spec.Printable.block(describe(io), "  | ")));
      hint =
          "check the files, permissions and free disk space; rerun with --stacktrace for details";
    } else {
      err.println(
          colors.errorText(
              "dtk: error: internal error: " + dtk.spec.Printable.block(describe(ex), "  | ")));
      hint = "this is a bug in dtk; rerun with --stacktrace and report the output";
    }
    if (hint != null) {
      err.println("  hint: " + dtk.spec.Printable.block(hint, "  hint: "));
    }
    if (wantsStacktrace(parseResult)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return cmd.getExitCodeExceptionMapper() != null
        ? cmd.getExitCodeExceptionMapper().getExitCode(ex)
        : exitStatus(ex);
  }

  private static int handleParameterException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    // picocli says "Value for option option '--fact' ..." for a bad map value
    String message = ex.getMessage().replace("option option ", "option ");
    if (ex instanceof UnmatchedArgumentException u && u.getUnmatched().contains("")) {
      // an empty path the converter refused: picocli only says that '' was not matched
      message = "an argument is empty (an unset shell variable?): " + message;
    }
    err.println(
        cmd.getColorScheme().errorText("dtk: error: " + dtk.spec.Printable.block(message, "  | ")));
    if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      // picocli suggests something for nearly any word ('dtk bogus': 'dtk push'); keep only near
      // misses
      String typed = u.getUnmatched().get(0).split("=", 2)[0];
      List<String> close = u.getSuggestions().stream().filter(s -> nearMiss(typed, s)).toList();
      if (!close.isEmpty()) {
        String prefix = u.isUnknownOption() ? "" : cmd.getCommandSpec().qualifiedName() + " ";
        err.println(
            dtk.spec.Printable.escape(
                "Did you mean: "
                    + String.join(" or ", close.stream().map(s -> prefix + s).toList())
                    + "?"));
      }
    }
    err.println("  hint: run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage");
    err.flush();
    return exitStatus(ex);
  }

  /**
   * Whether {@code suggestion} is a likely typo of {@code typed}: an edit distance of at most a
   * third of its length (1 at least).
   */
  static boolean nearMiss(String typed, String suggestion) {
    String a = typed.replaceFirst("^-+", "");
    String b = suggestion.replaceFirst("^-+", "");
    return Suggest.levenshtein(a, b) <= Math.max(1, Math.min(a.length(), b.length()) / 3);
  }

  private static String describe(Throwable t) {
    String name = t.getClass().getSimpleName();
    return t.getMessage() == null ? name : name + ": " + t.getMessage();
  }

  private static boolean wantsStacktrace(ParseResult parseResult) {
    for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption(CommonFlags.STACKTRACE)) {
        return true;
      }
    }
    return false;
  }

  /** {@code dtk 0.1.0} from the jar manifest ({@code Implementation-Version}), and the JVM. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Dtk.class.getPackage().getImplementationVersion();
      return new String[] {
        "dtk " + (v == null ? "(development build)" : v),
        "Java ${java.version} (${java.vendor}), ${os.name} ${os.arch}",
      };
    }
  }
}

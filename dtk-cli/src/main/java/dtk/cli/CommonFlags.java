package dtk.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every spec-reading command shares, added with {@code @Mixin}. */
public class CommonFlags {
  /** The option name the error handler looks for to decide whether to print stack traces. */
  static final String STACKTRACE = "--stacktrace";

  @Option(
      names = "--set",
      paramLabel = "PATH=VALUE",
      description = {
        "Override a spec value, validated like the file (repeatable): "
            + "--set kernel.version=5.14.0-503.el9, --set kernel.variants.rt.enabled=true; "
            + "TARGET:PATH=VALUE changes one spec only (--set centos:image.tag=test)."
      })
  List<String> sets = new ArrayList<>();

  @Option(
      names = "--allow-path",
      paramLabel = "DIR",
      description = {
        "Let specs name files under DIR too (repeatable). Without it every path a spec names "
            + "(extends, repositories) must stay inside the spec root: the directory given, or the "
            + "folder of a spec file given alone."
      })
  List<Path> allowPaths = new ArrayList<>();

  @Option(
      names = {"-v", "--verbose"},
      description = "Say more about what is being done (on stderr).")
  boolean verbose;

  @Option(names = STACKTRACE, description = "Print the stack trace of an error (for bug reports).")
  boolean stacktrace;

  /**
   * The spec paths a command was given, {@code specs/} when none; a missing one is a usage error.
   */
  static List<Path> inputs(List<Path> paths) {
    List<Path> inputs = paths.isEmpty() ? List.of(Path.of("specs")) : paths;
    for (Path p : inputs) {
      if (!Files.exists(p)) {
        String why = dtk.spec.Missing.whyNotThere(p);
        throw CommandException.usage(
            p + (why.equals("does not exist") ? " not found" : " " + why),
            paths.isEmpty()
                ? "run dtk in a directory holding specs/, or give spec paths"
                : "give spec files or directories");
      }
    }
    return inputs;
  }

  /**
   * The environment dtk reads when it resolves online ({@code SOURCE_DATE_EPOCH}): a malformed
   * value is a usage error naming the variable, said before any registry or engine is asked.
   */
  static void checkEnvironment(java.util.Map<String, String> env) {
    try {
      dtk.exec.resolve.VcsInfo.sourceDateEpoch(env);
    } catch (IllegalArgumentException e) {
      throw CommandException.usage(e.getMessage(), dtk.exec.resolve.VcsInfo.SOURCE_DATE_EPOCH_HINT);
    }
  }

  /** The {@code --allow-path} directories; one that is not a directory is a usage error. */
  public List<Path> allowedPaths() {
    for (Path p : allowPaths) {
      if (!Files.isDirectory(p)) {
        throw CommandException.usage(
            "--allow-path " + p + ": not a directory",
            "give a directory whose files specs may name");
      }
    }
    return List.copyOf(allowPaths);
  }

  public List<String> sets() {
    return List.copyOf(sets);
  }

  public boolean verbose() {
    return verbose;
  }
}

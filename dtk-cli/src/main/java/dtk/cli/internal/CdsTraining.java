package dtk.cli.internal;

import dtk.cli.Dtk;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs typical commands once, output discarded, so that the {@code dtk} launcher can record the
 * classes they load into a class-data-sharing archive ({@code -XX:ArchiveClassesAtExit}).
 *
 * <p>Usage: {@code java -XX:ArchiveClassesAtExit=dtk.jsa -cp ... dtk.cli.internal.CdsTraining
 * SPECS_DIR}. Exit codes of the commands do not matter here, only the classes they touch.
 */
public final class CdsTraining {
  private CdsTraining() {}

  /**
   * One command of the training.
   *
   * @param succeeds whether it must exit 0: a run that stops early loads fewer classes, and the
   *     archive would then miss them (a test holds the list to this)
   */
  record Run(List<String> args, boolean succeeds) {}

  /**
   * The commands, with their scratch files in {@code scratch} and the shipped specs in {@code
   * specs}.
   */
  static List<Run> runs(Path scratch, Path specs) throws IOException {
    List<Run> runs = new ArrayList<>();
    runs.add(new Run(List.of("--help"), true));
    runs.add(new Run(List.of("--version"), true));
    runs.add(new Run(List.of("validate", "--help"), true));
    Path broken = scratch.resolve("broken.yaml");
    Files.writeString(
        broken,
        "apiVersion: dtk/v1\nkind: DriverToolkit\nmetadata: { name: x }\n"
            + "tgas: [a]\nkernel: {\n");
    Path bad = scratch.resolve("bad.yaml");
    Files.writeString(
        bad,
        "apiVersion: dtk/v1\nkind: DriverToolkit\nmetadata: { name: 7 }\n"
            + "unknown: 1\nplatforms: x86_64\n");
    runs.add(new Run(List.of("validate", broken.toString(), bad.toString()), false));
    if (specs == null || !Files.isDirectory(specs)) {
      return runs;
    }
    for (String format : List.of("text", "json", "sarif", "github")) {
      runs.add(new Run(List.of("validate", "--format", format, specs.toString()), true));
    }
    runs.add(
        new Run(List.of("validate", "--format", "json", specs.toString(), bad.toString()), false));
    String debian = specs.resolve("debian.yaml").toString();
    // render and plan --offline load FreeMarker and the templates: debian tracks its kernel, so
    // the runs pin one
    runs.add(new Run(List.of("render", "--kernel-version", "6.1.0-1-amd64", debian), true));
    runs.add(
        new Run(
            List.of(
                "plan",
                "--offline",
                "--format",
                "json",
                "--kernel-version",
                "6.1.0-1-amd64",
                debian),
            true));
    // apply's path through the registry round (HTTP client, planner, a blocked target): the base
    // image is pinned by digest and a closed loopback port answers at once, so nothing leaves the
    // machine
    runs.add(
        new Run(
            List.of(
                "apply",
                "--dry-run",
                "--tls-verify=false",
                "--kernel-version",
                "6.1.0-1-amd64",
                "--set",
                "baseImage=127.0.0.1:1/dtk/base:1@sha256:" + "0".repeat(64),
                "--set",
                "image.registry=127.0.0.1:1",
                debian),
            false));
    return runs;
  }

  public static void main(String[] args) throws IOException {
    Path scratch = Files.createTempDirectory("dtk-cds");
    try {
      for (Run run : runs(scratch, args.length > 0 ? Path.of(args[0]) : null)) {
        CommandLine cl = Dtk.commandLine();
        cl.setOut(new PrintWriter(Writer.nullWriter()));
        cl.setErr(new PrintWriter(Writer.nullWriter()));
        cl.execute(run.args().toArray(String[]::new));
      }
    } finally {
      try (var files = Files.list(scratch)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(scratch);
    }
  }
}

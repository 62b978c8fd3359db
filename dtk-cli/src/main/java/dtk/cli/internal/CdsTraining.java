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

  public static void main(String[] args) throws IOException {
    List<List<String>> runs = new ArrayList<>();
    runs.add(List.of("--help"));
    runs.add(List.of("--version"));
    runs.add(List.of("validate", "--help"));
    Path scratch = Files.createTempDirectory("dtk-cds");
    try {
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
      runs.add(List.of("validate", broken.toString(), bad.toString()));
      if (args.length > 0 && Files.isDirectory(Path.of(args[0]))) {
        for (String format : List.of("text", "json", "sarif", "github")) {
          runs.add(List.of("validate", "--format", format, args[0]));
        }
        runs.add(List.of("validate", "--format", "json", args[0], bad.toString()));
        // render and plan --offline load FreeMarker and the templates: debian pins its kernel
        runs.add(List.of("render", Path.of(args[0], "debian.yaml").toString()));
        runs.add(
            List.of(
                "plan",
                "--offline",
                "--format",
                "json",
                Path.of(args[0], "debian.yaml").toString()));
        // apply's path up to the registry round (HTTP client, planner): a closed loopback port
        // answers at once, so nothing leaves the machine
        runs.add(
            List.of(
                "apply",
                "--dry-run",
                "--tls-verify=false",
                "--kernel-version",
                "6.1.0-1-amd64",
                "--set",
                "baseImage=127.0.0.1:1/dtk/base:1",
                "--set",
                "image.registry=127.0.0.1:1",
                Path.of(args[0], "debian.yaml").toString()));
      }
      for (List<String> run : runs) {
        CommandLine cl = Dtk.commandLine();
        cl.setOut(new PrintWriter(Writer.nullWriter()));
        cl.setErr(new PrintWriter(Writer.nullWriter()));
        cl.execute(run.toArray(String[]::new));
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

package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code ./dtk} launcher as users run it: a real bash, the packaged jar (Failsafe runs after
 * {@code package}), the class-data archive, from other working directories.
 */
class LauncherIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path LAUNCHER = REPO.resolve("dtk");
  private static final Path VALID = Path.of("src/test/resources/specs/valid").toAbsolutePath();
  private static final Path INVALID = Path.of("src/test/resources/specs/invalid").toAbsolutePath();

  record Run(int exitCode, String out, String err) {}

  private static Run run(Path cwd, Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    Tools.require("bash");
    Path out = Files.createTempFile("dtk-out", ".txt");
    Path err = Files.createTempFile("dtk-err", ".txt");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(List.of(command))
              .directory(cwd.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment().remove("NO_COLOR");
      pb.environment().putAll(env);
      Process p = pb.start();
      // the first run after a build records the class-data archive: allow for a slow machine
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + String.join(" ", command));
      }
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static Run dtk(Path cwd, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
    cmd.addAll(List.of(args));
    return run(cwd, Map.of(), cmd.toArray(String[]::new));
  }

  @Test
  void version_comesFromTheJarManifest() throws Exception {
    Run r = dtk(REPO, "--version");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines().findFirst().orElseThrow()).matches("dtk \\d+\\.\\d+\\.\\d+\\S*");
  }

  @Test
  void defaultPath_isTheShippedSpecs_fromTheRepositoryRoot() throws Exception {
    Run r = dtk(REPO, "validate");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).matches("\\d+ files valid\\n");
  }

  @Test
  void relativePaths_stayRelativeToTheCallersDirectory(@TempDir Path cwd) throws Exception {
    Files.createDirectories(cwd.resolve("my"));
    for (Path dir : List.of(VALID, INVALID)) {
      Path to = Files.createDirectories(cwd.resolve("my").resolve(dir.getFileName().toString()));
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.copy(f, to.resolve(f.getFileName().toString()));
        }
      }
    }
    Run ok = dtk(cwd, "validate", "my/valid");
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ok.out()).isEqualTo("2 files valid\n");

    Run bad = dtk(cwd, "validate", "my/invalid");
    assertThat(bad.exitCode()).isEqualTo(3);
    assertThat(bad.err())
        .contains("my/invalid/unknown-key.yaml:8:1: error schema/additionalProperties");

    Run missing = dtk(cwd, "validate");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).startsWith("dtk: error: no such file or directory: specs\n");
  }

  @Test
  void machineFormats_leaveNothingButTheReportOnStdout() throws Exception {
    var mapper = JsonMapper.builder().build();
    for (String format : List.of("json", "sarif")) {
      Run r = dtk(REPO, "validate", "--format", format, INVALID.toString());
      assertThat(r.exitCode()).as(format + ": " + r.err()).isEqualTo(3);
      assertThat(r.out()).startsWith("{").endsWith("}\n");
      assertThat(mapper.readTree(r.out()).isObject()).isTrue();
      assertThat(r.err()).as(format).isEmpty();
    }
  }

  @Test
  void worksThroughASymlink(@TempDir Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("dtk"), LAUNCHER);
    Run r = run(dir, Map.of(), bin.resolve("dtk").toString(), "validate", VALID.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("2 files valid\n");
  }

  @Test
  void withoutTheArchive_theResultIsTheSame() throws Exception {
    Run r =
        run(
            REPO,
            Map.of("DTK_NO_CDS", "1"),
            LAUNCHER.toString(),
            "validate",
            "--format",
            "json",
            INVALID.toString());
    Run withArchive = dtk(REPO, "validate", "--format", "json", INVALID.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.out()).isEqualTo(withArchive.out());
  }

  @Test
  void colours_onATerminalOnly_andNeverWithNoColor() throws Exception {
    Tools.require("script");
    String cmd = LAUNCHER + " validate " + INVALID;
    Run tty = run(REPO, Map.of(), "script", "-qec", cmd, "/dev/null");
    assertThat(tty.exitCode()).isEqualTo(3);
    assertThat(tty.out()).contains("\u001B[1;31merror\u001B[0m");

    Run noColor = run(REPO, Map.of("NO_COLOR", "1"), "script", "-qec", cmd, "/dev/null");
    assertThat(noColor.out())
        .contains("error schema/additionalProperties")
        .doesNotContain("\u001B[");

    Run piped = dtk(REPO, "validate", INVALID.toString());
    assertThat(piped.err()).doesNotContain("\u001B[");
  }

  @Test
  void helpAndVersion_loadNoSchemaYamlOrTemplateClasses(@TempDir Path dir) throws Exception {
    for (String arg : List.of("--help", "--version")) {
      Path log = dir.resolve("classes" + arg + ".txt");
      Run r =
          run(
              REPO,
              Map.of("DTK_JAVA_OPTS", "-Xlog:class+load=info:file=" + log),
              LAUNCHER.toString(),
              arg);
      assertThat(r.exitCode()).as(r.err()).isZero();
      String loaded = Files.readString(log);
      assertThat(loaded).as(arg).contains("dtk.cli.Dtk ");
      assertThat(loaded)
          .as(arg)
          .doesNotContain("com.networknt.")
          .doesNotContain("freemarker.")
          .doesNotContain("org.snakeyaml.")
          .doesNotContain("tools.jackson.")
          .doesNotContain("dtk.spec.SpecLoader");
    }
  }
}

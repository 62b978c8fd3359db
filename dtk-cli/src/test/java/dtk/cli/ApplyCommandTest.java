package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Usage errors of {@code dtk apply}: reported before any registry request or build. */
class ApplyCommandTest {
  @Test
  void zeroJobs_isAUsageError() {
    Cli.Result r = Cli.run("apply", "--jobs", "0", "../specs");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--jobs must be at least 1, got 0").contains("hint: use --jobs 1");
  }

  @Test
  void unknownEngine_isAUsageError() {
    Cli.Result r = Cli.run("apply", "--engine", "rkt", "../specs");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown engine 'rkt'");
  }

  @Test
  void missingPath_isAUsageError() {
    Cli.Result r = Cli.run("apply", "--dry-run", "../no-such-specs");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("../no-such-specs not found");
  }

  @Test
  void invalidSpec_exitsThree_withTheDiagnostic(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path spec = dir.resolve("bad.yaml");
    java.nio.file.Files.writeString(
        spec, "apiVersion: dtk/v1\nkind: DriverToolkit\nmetadata: { name: bad }\ntgas: 1\n");
    Cli.Result r = Cli.run("apply", "--dry-run", spec.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("bad.yaml:");
  }

  @Test
  void help_namesTheOptionsUsersRelyOn() {
    Cli.Result r = Cli.run("apply", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains(
            "--dry-run",
            "--force",
            "--jobs",
            "--fail-fast",
            "--report",
            "--engine-arg",
            "--tls-verify",
            "--state-dir",
            "--log-dir");
  }
}

package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors of dtk build and dtk push, found before any process or registry is involved. */
class BuildPushCommandTest {
  @Test
  void unknownEngine_isAUsageErrorNamingTheChoices() {
    Cli.Result r = Cli.run("build", "../specs/centos.yaml", "--engine", "rkt");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown engine 'rkt': choose one of podman, buildah, docker");
  }

  @Test
  void missingSpecPath_isAUsageError() {
    Cli.Result r = Cli.run("build", "../no-such-specs");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("../no-such-specs not found");
  }

  @Test
  void pushWithNothingRecorded_saysToBuildFirst(@TempDir Path dir) {
    Cli.Result r =
        Cli.run("push", "../specs/centos.yaml", "--state-dir", dir.resolve("state").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "nothing was built for centos",
            "hint: run dtk build with the same specs and options first");
  }

  @Test
  void push_takesTheSelectionOptionsOfBuild_andNoBuildOnlyOption(@TempDir Path dir) {
    Cli.Result r =
        Cli.run(
            "push",
            "../specs/centos.yaml",
            "--kernel-version",
            "5.14.0-570.el9",
            "--platform",
            "x86_64",
            "--state-dir",
            dir.resolve("state").toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err())
        .contains("nothing was built for centos on x86_64 with kernel 5.14.0-570.el9");
    Cli.Result help = Cli.run("push", "--help");
    assertThat(help.out())
        .contains(
            "--kernel-version",
            "--platform",
            "--engine",
            "--authfile",
            "--tls-verify",
            "--state-dir")
        .doesNotContain("--no-cache")
        .doesNotContain("--pull")
        .doesNotContain("--engine-arg")
        .doesNotContain("--allow-inherited-labels")
        .doesNotContain("--log-dir");
  }

  @Test
  void plan_acceptsAnApplyCommandLine() {
    Cli.Result r =
        Cli.run(
            "plan",
            "--offline",
            "../specs/debian.yaml",
            "--kernel-version",
            "6.1.0-56-amd64",
            "--engine",
            "buildah",
            "--engine-arg=--isolation=chroot",
            "--pull",
            "never",
            "--no-cache",
            "--log-dir",
            "logs",
            "--tls-verify=false");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("debian");
  }

  @Test
  void badPullPolicy_isAUsageError() {
    Cli.Result r = Cli.run("build", "../specs/centos.yaml", "--pull", "sometimes");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--pull", "missing, never, always");
  }

  @Test
  void anInvalidSetIsReportedBeforeBuilding() {
    Cli.Result r = Cli.run("build", "../specs/centos.yaml", "--set", "platforms=[x86]");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
    assertThat(r.err()).contains("--set[1]", "cannot build: 1 error");
  }
}

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
    Cli.Result r = Cli.run("push", "../specs/centos.yaml", "--state-dir", dir.resolve("state").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("nothing was built for centos", "hint: run dtk build with the same specs first");
  }

  @Test
  void badPullPolicy_isAUsageError() {
    Cli.Result r = Cli.run("build", "../specs/centos.yaml", "--pull", "sometimes");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--pull", "missing, never, always");
  }

  @Test
  void anInvalidSetIsReportedBeforeBuilding() {
    Cli.Result r = Cli.run("build", "../specs/centos.yaml", "--set", "platforms=notalist");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
    assertThat(r.err()).contains("--set[1]", "cannot build: 1 error");
  }
}

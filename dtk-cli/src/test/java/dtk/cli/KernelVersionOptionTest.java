package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code --kernel-version} pins one spec; over a set of specs each is pinned with {@code --set
 * NAME:kernel.version}.
 */
class KernelVersionOptionTest {
  static final String CENTOS = "../specs/centos.yaml";
  static final String COMPOSE = "compose=CentOS-Stream-9-20240708.0";

  @Test
  void kernelVersion_overSeveralSpecs_isAUsageError_pointingAtPerSpecPins() {
    Cli.Result r =
        Cli.run(
            "plan",
            "--offline",
            "../specs",
            "--kernel-version",
            "5.14.0-570.el9",
            "--fact",
            COMPOSE);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "--kernel-version applies to one spec", "--set centos:kernel.version=5.14.0-570.el9");
    assertThat(r.out()).doesNotContain("driver-toolkit");
  }

  @Test
  void kernelVersion_overOneSpec_replacesItsPin() {
    Cli.Result r =
        Cli.run(
            "plan", "--offline", CENTOS, "--kernel-version", "5.14.0-570.el9", "--fact", COMPOSE);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("5.14.0-570.el9");
  }

  @Test
  void aBadKernelVersion_isReportedAgainstTheOption() {
    Cli.Result r =
        Cli.run("plan", "--offline", CENTOS, "--kernel-version", "bad version", "--fact", COMPOSE);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err())
        .contains("--kernel-version 'bad version' is not a kernel release")
        .doesNotContain("centos.yaml:");
  }

  @Test
  void anUnpinnedKernel_inASetOfSpecs_isPinnedPerSpec() {
    Cli.Result r = Cli.run("plan", "--offline", "../specs", "--fact", COMPOSE);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
    assertThat(r.err()).contains("plan/unpinned-kernel", "--set centos:kernel.version=VERSION");
  }
}

package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.testing.FixtureImages;
import dtk.exec.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run split the way a CI matrix splits it: {@code plan --format github-matrix}, one {@code apply
 * --only} per entry, then {@code apply --indexes-only}; the registry ends as one {@code dtk apply}
 * leaves it (a full apply afterwards has nothing to do). aarch64 under qemu.
 */
class MatrixSplitIT {
  private static FixtureImages fixtures;

  @TempDir Path dir;

  @BeforeAll
  static void fixtures() {
    Tools.require("podman", "docker-registry");
    fixtures = FixtureImages.shared();
  }

  private Path specs() throws Exception {
    Path specs = Files.createDirectories(dir.resolve("specs"));
    Files.writeString(
        specs.resolve("split.yaml"),
        String.join(
            "\n",
            "apiVersion: dtk/v1",
            "kind: DriverToolkit",
            "metadata: { name: split }",
            "baseImage: " + fixtures.rpmBase(),
            "packageManager: dnf",
            "platforms: [x86_64, aarch64]",
            "kernel:",
            "  version: " + FixtureImages.KERNEL,
            "  packages: [\"kernel-devel-${kernel.version}\"]",
            "facts:",
            "  compose: { image: " + fixtures.bootc() + ", label: redhat.compose-id }",
            "packages: [make]",
            "image: { registry: \""
                + fixtures.registry().host()
                + "\", organization: matrix-"
                + ProcessHandle.current().pid()
                + ", name: split, tag: \"${kernel.version}\" }",
            "verify: { enabled: true, canary: false }",
            ""));
    return specs;
  }

  private Cli.Result dtk(String command, Path specs, String... more) {
    String[] base = {
      command,
      specs.toString(),
      "--tls-verify=false",
      "--engine-arg=--isolation=chroot",
      "--state-dir",
      dir.resolve("state").toString(),
      "--log-dir",
      dir.resolve("logs").toString()
    };
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return Cli.run(args);
  }

  @Test
  void matrixThenIndexes_endsAsOneApply() throws Exception {
    Path specs = specs();
    String x86 = "split/x86_64/" + FixtureImages.KERNEL;
    String arm = "split/aarch64/" + FixtureImages.KERNEL;

    Cli.Result plan =
        dtk("plan", specs, "--format", "github-matrix", "--runner", "aarch64=arm-runner");
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out()).hasLineCount(1);
    JsonNode include = JsonMapper.builder().build().readTree(plan.out()).get("include");
    assertThat(include).hasSize(2);
    assertThat(include.get(0).get("target").asString()).isEqualTo(x86);
    assertThat(include.get(0).get("runner").asString()).isEqualTo("ubuntu-latest");
    assertThat(include.get(1).get("target").asString()).isEqualTo(arm);
    assertThat(include.get(1).get("platform").asString()).isEqualTo("aarch64");
    assertThat(include.get(1).get("runner").asString()).isEqualTo("arm-runner");

    Cli.Result one = dtk("apply", specs, "--only", x86, "--format", "json");
    assertThat(one.exitCode()).as(one.out() + one.err()).isZero();
    JsonNode r1 = JsonMapper.builder().build().readTree(one.out());
    assertThat(r1.get("built").asInt()).isEqualTo(1);
    assertThat(r1.get("targets")).hasSize(1);
    assertThat(r1.get("targets").get(0).get("id").asString()).isEqualTo(x86);
    assertThat(r1.get("indexes")).isEmpty();

    // the aarch64 image is not there yet: the index waits, exit 4, saying which platform and what
    // to run
    Cli.Result early = dtk("apply", specs, "--indexes-only");
    assertThat(early.exitCode()).isEqualTo(4);
    assertThat(early.out())
        .contains(
            "not published: aarch64 not in the registry up to date (build it first: dtk apply --only "
                + arm
                + ")");

    Cli.Result two = dtk("apply", specs, "--only", "split/aarch64");
    assertThat(two.exitCode()).as(two.out() + two.err()).isZero();
    assertThat(two.out()).containsPattern(arm.replace(".", "\\.") + " +build +pushed");

    Cli.Result indexes = dtk("apply", specs, "--indexes-only", "--format", "json");
    assertThat(indexes.exitCode()).as(indexes.out() + indexes.err()).isZero();
    JsonNode ri = JsonMapper.builder().build().readTree(indexes.out());
    assertThat(ri.get("built").asInt()).isZero();
    assertThat(ri.get("indexes").get(0).get("result").asString()).isEqualTo("pushed");

    Cli.Result empty = dtk("plan", specs, "--format", "github-matrix");
    assertThat(empty.out()).isEqualTo("{\"include\":[]}\n");
    Cli.Result full = dtk("apply", specs, "--format", "json");
    assertThat(full.exitCode()).as(full.out() + full.err()).isZero();
    JsonNode rf = JsonMapper.builder().build().readTree(full.out());
    assertThat(rf.get("changedNothing").asBoolean()).as(full.out()).isTrue();
  }

  @Test
  void badSelections_areUsageErrors() throws Exception {
    Path specs = specs();
    Cli.Result none = dtk("apply", specs, "--only", "nosuch/x86_64");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err())
        .contains(
            "dtk: error: --only nosuch/x86_64 names no target of the plan",
            "hint: the plan's targets are split/x86_64/"
                + FixtureImages.KERNEL
                + ", split/aarch64/"
                + FixtureImages.KERNEL);
    Cli.Result both = dtk("apply", specs, "--only", "split", "--indexes-only");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("--only and --indexes-only exclude each other");
    Cli.Result offline =
        Cli.run("plan", "--offline", specs.toString(), "--format", "github-matrix");
    assertThat(offline.exitCode()).isEqualTo(2);
    assertThat(offline.err())
        .contains("--format github-matrix lists the targets that need a build");
  }
}

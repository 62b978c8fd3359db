package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PlanCommandTest {
  static final String[] PINS = {
    "--set",
    "centos:kernel.version=5.14.0-570.el9",
    "--set",
    "rhel:kernel.version=5.14.0-427.13.1.el9_4",
    "--set",
    "fedora:kernel.version=6.8.5-301.fc40",
    "--set",
    "debian:kernel.version=6.1.0-56-amd64",
    "--fact",
    "compose=CentOS-Stream-9-20240708.0"
  };

  static String[] args(String... head) {
    List<String> a = new ArrayList<>(List.of(head));
    a.addAll(List.of(PINS));
    return a.toArray(String[]::new);
  }

  @Test
  void json_listsEveryTarget_forCiMatrices() throws Exception {
    Cli.Result r = Cli.run(args("plan", "--offline", "--format", "json", "../specs"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode root = JsonMapper.builder().build().readTree(r.out());
    JsonNode targets = root.get("targets");
    List<String> ids = new ArrayList<>();
    targets.forEach(t -> ids.add(t.get("name").asString() + "/" + t.get("arch").asString()));
    assertThat(ids)
        .containsExactly(
            "centos/x86_64",
            "centos/aarch64",
            "debian/x86_64",
            "fedora/x86_64",
            "fedora/aarch64",
            "rhel/x86_64",
            "rhel/aarch64");
    JsonNode debian = targets.get(2);
    assertThat(debian.get("spec").asString()).isEqualTo("../specs/debian.yaml");
    assertThat(debian.get("kernelVersion").asString()).isEqualTo("6.1.0-56-amd64");
    assertThat(debian.get("platform").asString()).isEqualTo("linux/amd64");
    assertThat(debian.get("image").asString())
        .isEqualTo("quay.io/debian/driver-toolkit:6.1.0-56-amd64.x86_64");
    assertThat(debian.get("index").asString())
        .isEqualTo("quay.io/debian/driver-toolkit:6.1.0-56-amd64");
    assertThat(debian.get("inputsDigest").asString()).matches("sha256:[0-9a-f]{64}");
    assertThat(targets.get(5).get("unsetLabels").get(0).asString()).isEqualTo("release");
  }

  @Test
  void text_isATable_andTheSameRunTwice() {
    Cli.Result a = Cli.run(args("plan", "--offline", "../specs", "--platform", "aarch64"));
    assertThat(a.exitCode()).as(a.err()).isZero();
    assertThat(a.out())
        .startsWith("NAME    PLATFORM     KERNEL                 IMAGE")
        .contains(
            "fedora  linux/arm64  6.8.5-301.fc40         quay.io/fedora/driver-toolkit:6.8.5-301.fc40.aarch64  ")
        .endsWith("3 targets from 4 specs\n");
    assertThat(Cli.run(args("plan", "--offline", "../specs", "--platform", "aarch64")).out())
        .isEqualTo(a.out());
  }

  @Test
  void unknownPlatform_isAUsageError_offlineAndOnline() {
    for (String[] head :
        List.of(
            new String[] {"plan", "--offline"},
            new String[] {"plan"},
            new String[] {"apply", "--dry-run"},
            new String[] {"build"},
            new String[] {"push"},
            new String[] {"render", "../specs/centos.yaml"})) {
      List<String> a = new ArrayList<>(List.of(head));
      a.addAll(List.of("--platform", "sparc"));
      if (!head[0].equals("render")) {
        a.add("../specs");
      }
      Cli.Result r = Cli.run(a.toArray(String[]::new));
      assertThat(r.exitCode()).as(String.join(" ", a) + "\n" + r.err()).isEqualTo(2);
      assertThat(r.err())
          .as(String.join(" ", a))
          .contains("unknown platform 'sparc'")
          .contains("s390x");
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void aKnownPlatformThatNoSpecBuilds_isAUsageError_notAnEmptyMatrix() {
    Cli.Result r =
        Cli.run(args("plan", "--offline", "--format", "json", "../specs", "--platform", "s390x"));
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err())
        .contains("no spec given builds s390x")
        .contains("these specs build x86_64, aarch64");
    assertThat(r.out()).isEmpty();
    // a platform some of the specs build is fine: the others are skipped
    assertThat(Cli.run(args("plan", "--offline", "../specs", "--platform", "aarch64")).exitCode())
        .isZero();
  }

  @Test
  void aMissingOrUnreadableAuthfile_isAUsageErrorNamingIt(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    for (String cmd : List.of("plan", "apply", "push", "build")) {
      Cli.Result r = Cli.run(cmd, "--authfile", "/nonexistent/auth.json", "../specs/centos.yaml");
      assertThat(r.exitCode()).as(cmd + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(cmd).contains("--authfile /nonexistent/auth.json not found");
    }
    Cli.Result r = Cli.run("plan", "--authfile", dir.toString(), "../specs/centos.yaml");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("--authfile " + dir + " is a directory");
  }

  @Test
  void aMalformedSourceDateEpoch_isAUsageErrorNamingTheVariable() {
    CommandException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            CommandException.class,
            () -> CommonFlags.checkEnvironment(java.util.Map.of("SOURCE_DATE_EPOCH", "abc")));
    assertThat(e.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(e.getMessage()).contains("SOURCE_DATE_EPOCH='abc'");
    CommonFlags.checkEnvironment(java.util.Map.of("SOURCE_DATE_EPOCH", "1700000000"));
    CommonFlags.checkEnvironment(java.util.Map.of());
  }

  @Test
  void kernelVersionOption_pinsTheOneSpecGiven() {
    Cli.Result r =
        Cli.run("plan", "--offline", "../specs/fedora.yaml", "--kernel-version", "6.9.0-1.fc40");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("fedora  linux/amd64  6.9.0-1.fc40");
  }

  @Test
  void online_aRegistryThatIsDownIsAToolFailureNamingIt() {
    // every image of the spec pointed at a closed loopback port: nothing leaves this machine
    Cli.Result r =
        Cli.run(
            "plan",
            "../specs/centos.yaml",
            "--tls-verify=false",
            "--set",
            "baseImage=127.0.0.1:1/dtk/base:1",
            "--set",
            "kernel.source.image=127.0.0.1:1/dtk/bootc:1",
            "--set",
            "facts.compose.image=127.0.0.1:1/dtk/bootc:1");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
    assertThat(r.err())
        .contains("cannot reach registry 127.0.0.1:1", "hint: check that the registry is running");
  }

  @Test
  void unpinned_isASpecError() {
    Cli.Result r = Cli.run("plan", "--offline", "../specs/fedora.yaml");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err())
        .contains("fedora.yaml:15:3: error plan/unpinned-kernel")
        .contains("dtk: error: cannot plan: 1 error\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void missingPath_isAUsageError() {
    assertThat(Cli.run("plan", "--offline", "../nope").exitCode()).isEqualTo(2);
  }
}

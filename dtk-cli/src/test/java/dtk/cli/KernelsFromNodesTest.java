package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --kernels-from}: node kernels go to the specs whose kernel.match finds them; offline, no
 * network.
 */
class KernelsFromNodesTest {
  @TempDir Path dir;

  static final String NODES =
      """
      {"apiVersion":"v1","kind":"List","items":[
       {"kind":"Node","metadata":{"name":"gpu-1","labels":{"kubernetes.io/arch":"amd64"}},
        "status":{"nodeInfo":{"kernelVersion":"6.1.0-56-amd64"}}},
       {"kind":"Node","metadata":{"name":"gpu-2","labels":{"kubernetes.io/arch":"amd64"}},
        "status":{"nodeInfo":{"kernelVersion":"6.1.0-57-amd64"}}},
       {"kind":"Node","metadata":{"name":"el-1","labels":{"kubernetes.io/arch":"amd64"}},
        "status":{"nodeInfo":{"kernelVersion":"5.14.0-503.el9.x86_64"}}},
       {"kind":"Node","metadata":{"name":"arm-1","labels":{"kubernetes.io/arch":"arm64"}},
        "status":{"nodeInfo":{"kernelVersion":"6.1.0-57-arm64"}}}
      ]}
      """;

  private Path spec(String kernel) throws IOException {
    Path f = dir.resolve("deb.yaml");
    Files.writeString(
        f,
        """
        apiVersion: dtk/v1
        kind: DriverToolkit
        metadata: { name: deb }
        baseImage: docker.io/library/debian:bookworm
        packageManager: apt
        platforms: [x86_64]
        kernel:
        %s
          packages: ["linux-headers-${kernel.version}"]
        image: { registry: 127.0.0.1:5000, name: deb, tag: "${kernel.version}" }
        """
            .formatted(kernel.indent(2).stripTrailing()));
    Files.writeString(dir.resolve("nodes.json"), NODES);
    return f;
  }

  @Test
  void nodeKernels_areAddedToThePin_eachOnce_andTheRestAreWarned() throws IOException {
    Path f = spec("version: 6.1.0-56-amd64\nmatch: '-amd64$'");
    Cli.Result r =
        Cli.run(
            "kernels",
            "--offline",
            f.toString(),
            "--kernels-from",
            dir.resolve("nodes.json").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
        SPEC  PLATFORM  KERNEL          FROM
        deb   x86_64    6.1.0-56-amd64  pinned by kernel.version; node gpu-1
        deb   x86_64    6.1.0-57-amd64  node gpu-2
        """);
    // the EL node and the arm64 node (the spec builds no aarch64): said, never dropped silently
    assertThat(r.err())
        .contains(
            "dtk: warning: node kernel 5.14.0-503.el9 (x86_64) on node el-1 matches no spec's kernel.match",
            "dtk: warning: node kernel 6.1.0-57-arm64 (aarch64) on node arm-1 matches no spec's kernel.match");
  }

  @Test
  void planOffline_buildsATargetPerNodeKernel() throws IOException {
    Path f = spec("version: 6.1.0-56-amd64\nmatch: '-amd64$'");
    Cli.Result r =
        Cli.run(
            "plan",
            "--offline",
            "--format",
            "json",
            f.toString(),
            "--kernels-from",
            dir.resolve("nodes.json").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "\"kernelVersion\": \"6.1.0-56-amd64\"",
            "\"kernelVersion\": \"6.1.0-57-amd64\"",
            "127.0.0.1:5000/deb:6.1.0-57-amd64");
  }

  @Test
  void withoutKernelMatch_aSpecTakesNoNodeKernel() throws IOException {
    Path f = spec("version: 6.1.0-56-amd64");
    Cli.Result r =
        Cli.run(
            "kernels",
            "--offline",
            "--format",
            "json",
            f.toString(),
            "--kernels-from",
            dir.resolve("nodes.json").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("\"kernel\": \"6.1.0-56-amd64\"")
        .doesNotContain("\"kernel\": \"6.1.0-57-amd64\"")
        .contains("\"unclaimedNodeKernels\": [", "6.1.0-57-amd64 (x86_64) on node gpu-2");
  }

  @Test
  void kernelVersionOption_pinsExactly_noNodeKernelAdded() throws IOException {
    Path f = spec("version: 6.1.0-56-amd64\nmatch: '-amd64$'");
    Cli.Result r =
        Cli.run(
            "kernels",
            "--offline",
            f.toString(),
            "--kernel-version",
            "6.1.0-50-amd64",
            "--kernels-from",
            dir.resolve("nodes.json").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("6.1.0-50-amd64  pinned by --kernel-version")
        .doesNotContain("6.1.0-57-amd64");
  }

  @Test
  void nodeKernelsAlone_needNoPinOffline() throws IOException {
    Path f =
        spec(
            "source:\n  repository: { type: apt, fromBaseImage: true, package: linux-headers-*-amd64 }\nmatch: '-amd64$'");
    Cli.Result r =
        Cli.run(
            "kernels",
            "--offline",
            f.toString(),
            "--kernels-from",
            dir.resolve("nodes.json").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("6.1.0-56-amd64  node gpu-1", "6.1.0-57-amd64  node gpu-2");
    Cli.Result none = Cli.run("kernels", "--offline", f.toString());
    assertThat(none.exitCode()).isEqualTo(3);
    assertThat(none.err())
        .contains(
            "plan/unpinned-kernel",
            "its kernels are read from the repositories configured in the base image when planning online");
  }

  @Test
  void aFileThatIsNotANodeList_isAUsageError() throws IOException {
    Path f = spec("version: 6.1.0-56-amd64\nmatch: '-amd64$'");
    Files.writeString(dir.resolve("pods.json"), "{\"kind\":\"PodList\",\"items\":[]}");
    Cli.Result r =
        Cli.run(
            "kernels",
            "--offline",
            f.toString(),
            "--kernels-from",
            dir.resolve("pods.json").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "--kernels-from "
                + dir.resolve("pods.json")
                + " is not a list of nodes (kind is 'PodList', expected NodeList or List)",
            "hint: give the output of: kubectl get nodes -o json")
        .doesNotContain("\tat ");
    Cli.Result missing =
        Cli.run(
            "kernels",
            "--offline",
            f.toString(),
            "--kernels-from",
            dir.resolve("nope.json").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.json: no such file");
  }
}

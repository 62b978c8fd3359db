package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.resolve.repo.RepoFixtures;
import dtk.exec.testing.RegistryFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dtk kernels} and {@code dtk plan} over real dnf and apt repositories (rpmbuild,
 * createrepo_c, apt-ftparchive) served on 127.0.0.1, and the repository failures a user meets.
 */
class KernelTrackingIT {
  @TempDir static Path tmp;
  @TempDir Path dir;

  private static RepoFixtures repos;

  @BeforeAll
  static void build() throws Exception {
    repos = RepoFixtures.build(tmp);
  }

  @AfterAll
  static void stop() {
    if (repos != null) {
      repos.close();
    }
  }

  private Path spec(String name, String manager, String platforms, String source)
      throws IOException {
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(
        f,
        """
        apiVersion: dtk/v1
        kind: DriverToolkit
        metadata: { name: %s }
        baseImage: 127.0.0.1:1/base@sha256:%s
        packageManager: %s
        platforms: %s
        kernel:
          source:
        %s
          packages: ["kernel-devel-${kernel.version}"]
        image: { registry: %s, name: %s, tag: "${kernel.version}" }
        """
            .formatted(
                name,
                "0".repeat(64),
                manager,
                platforms,
                source.indent(4).stripTrailing(),
                RegistryFixture.shared().host(),
                name));
    return f;
  }

  private Path el() throws IOException {
    return spec(
        "el",
        "dnf",
        "[x86_64, aarch64]",
        """
        repository:
          type: dnf
          urls: ["%s"]
          package: kernel-devel
        newest: 2
        match: '\\.el9'"""
            .formatted(repos.url("dnf-zst/")));
  }

  @Test
  void kernels_perPlatform_newestInRpmOrder_withWhereEachCameFrom() throws IOException {
    Cli.Result r = Cli.run("kernels", el().toString(), "--tls-verify=false");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).matches("SPEC +PLATFORM +KERNEL +FROM");
    assertThat(lines.subList(1, 5))
        .extracting(l -> String.join(" ", List.of(l.split(" +")).subList(0, 3)))
        .containsExactly(
            "el x86_64 5.14.0-620.el9", "el x86_64 5.14.0-611.el9",
            "el aarch64 5.14.0-611.el9", "el aarch64 5.14.0-611~rc1.el9");
    assertThat(lines.get(1))
        .contains("repository " + repos.url("dnf-zst/repodata/"))
        .contains("-primary.xml.zst (kernel-devel 5.14.0-620.el9)");
    assertThat(r.out())
        .contains(
            "note: spec 'el': kernel 5.14.0-620.el9 is built for x86_64 only: aarch64's repositories do not list it",
            "note: spec 'el': kernel 5.14.0-611~rc1.el9 is built for aarch64 only: x86_64 has it, but not among its newest 2"
                + " matching '\\.el9'");
  }

  @Test
  void plan_buildsOneTargetPerKernelAndPlatform_andSaysWhichPlatformsLackOne() throws IOException {
    Cli.Result r = Cli.run("plan", el().toString(), "--tls-verify=false", "--format", "json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"notes\": [", "kernel 5.14.0-620.el9 is built for x86_64 only");
    List<String> ids = new ArrayList<>();
    r.out().lines().filter(l -> l.contains("\"id\": ")).forEach(l -> ids.add(l.strip()));
    assertThat(ids)
        .containsExactly(
            "\"id\": \"el/x86_64/5.14.0-620.el9\",",
            "\"id\": \"el/x86_64/5.14.0-611.el9\",",
            "\"id\": \"el/aarch64/5.14.0-611.el9\",",
            "\"id\": \"el/aarch64/5.14.0-611~rc1.el9\",");
    Cli.Result text = Cli.run("plan", el().toString(), "--tls-verify=false");
    assertThat(text.out())
        .contains("el/x86_64/5.14.0-620.el9", "missing", "note: spec 'el': kernel 5.14.0-620.el9");
  }

  @Test
  void apt_severalSuitesMerged_kernelReleasesAsUnameSaysThem() throws IOException {
    Path f =
        spec(
            "deb",
            "apt",
            "[x86_64, aarch64]",
            """
        repository:
          type: apt
          urls: ["%s bookworm main", "%s bookworm-security main"]
          package: linux-headers-*-$(ARCH)
        newest: 2"""
                .formatted(repos.url("apt"), repos.url("apt")));
    Cli.Result r = Cli.run("kernels", f.toString(), "--tls-verify=false", "--format", "json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "\"kernel\": \"6.1.0-33-amd64\"",
            "\"kernel\": \"6.1.0-32-amd64\"",
            "\"kernel\": \"6.1.0-32-arm64\"",
            "\"kernel\": \"6.1.0-31-arm64\"",
            "\"notes\": []")
        .doesNotContain("rt-amd64", "cloud", "common");
  }

  @Test
  void noVersionMatched_namesWhatWasSeen_exit4() throws IOException {
    Path f =
        spec(
            "el",
            "dnf",
            "[x86_64]",
            """
        repository: { type: dnf, urls: ["%s"], package: kernel-devel }
        match: '^6\\.'"""
                .formatted(repos.url("dnf-gz/")));
    Cli.Result r = Cli.run("kernels", f.toString(), "--tls-verify=false");
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err())
        .contains(
            "dtk: error: spec 'el' (x86_64): no version of kernel-devel for x86_64 in "
                + repos.url("dnf-gz/")
                + " matches '^6\\.'; seen: 4.18.0-1.el8, 5.14.0-620.el9, 5.14.0-611.el9")
        .contains("hint: loosen or remove kernel.source.match")
        .doesNotContain("\tat ");
  }

  @Test
  void aRepositoryThatAcceptsAndNeverAnswers_failsWithinTheTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new ArrayList<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept());
                  }
                } catch (IOException e) {
                  // closed
                }
              });
      t.setDaemon(true);
      t.start();
      Path f =
          spec(
              "el",
              "dnf",
              "[x86_64]",
              """
          repository: { type: dnf, urls: ["http://127.0.0.1:%d/os/"], package: kernel-devel }"""
                  .formatted(silent.getLocalPort()));
      long start = System.nanoTime();
      Cli.Result r = Cli.run("kernels", f.toString(), "--tls-verify=false", "--timeout", "4s");
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(r.exitCode()).isEqualTo(4);
      assertThat(r.err())
          .contains(
              "no answer from http://127.0.0.1:"
                  + silent.getLocalPort()
                  + "/os/repodata/repomd.xml within 2 s");
      assertThat(ms).as("bounded by the read timeout (half of --timeout)").isLessThan(15_000);
    }
  }

  @Test
  void aChecksumMismatch_namesTheFile() throws Exception {
    Path copy = dir.resolve("bad");
    try (var files = Files.walk(repos.root.resolve("dnf-gz"))) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path to = copy.resolve(repos.root.resolve("dnf-gz").relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    // the primary index stays as it is; repomd.xml now announces another sha256 for it
    Path repomd = copy.resolve("repodata/repomd.xml");
    String xml = Files.readString(repomd);
    int at = xml.indexOf("<data type=\"primary\">");
    int sum = xml.indexOf("<checksum type=\"sha256\">", at) + "<checksum type=\"sha256\">".length();
    Files.writeString(
        repomd,
        xml.substring(0, sum) + (xml.charAt(sum) == '0' ? '1' : '0') + xml.substring(sum + 1));
    try (var server = RepoFixtures.serveDirectory(copy)) {
      Path f =
          spec(
              "el",
              "dnf",
              "[x86_64]",
              """
          repository: { type: dnf, urls: ["%s"], package: kernel-devel }"""
                  .formatted(server.url("")));
      Cli.Result r = Cli.run("kernels", f.toString(), "--tls-verify=false");
      assertThat(r.exitCode()).isEqualTo(4);
      assertThat(r.err())
          .contains("checksum mismatch for " + server.url("repodata/"), "-primary.xml.gz")
          .doesNotContain("\tat ");
    }
  }
}

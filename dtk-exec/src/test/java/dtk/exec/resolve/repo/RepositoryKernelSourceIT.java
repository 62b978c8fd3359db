package dtk.exec.resolve.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.Platform;
import dtk.exec.resolve.repo.RepositoryKernelSource.PlatformKernels;
import dtk.exec.resolve.repo.RepositoryKernelSource.Query;
import dtk.exec.resolve.repo.RepositoryKernelSource.Type;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Kernels read from real dnf and apt repositories (made by the real tools) served on 127.0.0.1. */
class RepositoryKernelSourceIT {
  @TempDir static Path tmp;

  private static RepoFixtures repos;
  private final RepositoryKernelSource source = new RepositoryKernelSource(Fetcher.standard());

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

  private static List<String> versions(PlatformKernels k) {
    return k.kernels().stream().map(TrackedKernel::version).toList();
  }

  @ParameterizedTest(name = "primary.xml.{0}")
  @ValueSource(strings = {"gz", "xz", "zst"})
  void dnfNewestFirstPerPlatformInRpmOrder(String compression) throws Exception {
    Query q =
        new Query(
            Type.DNF,
            List.of(repos.url("dnf-" + compression + "/").toString()),
            "kernel-devel",
            KernelSelection.newest(10));
    Map<Platform, PlatformKernels> r =
        source.resolve(q, List.of(Platform.X86_64, Platform.AARCH64));

    PlatformKernels x86 = r.get(Platform.X86_64);
    // the epoch outranks every version; the tilde release sorts before 611.el9
    assertThat(versions(x86))
        .containsExactly(
            "4.18.0-1.el8",
            "5.14.0-620.el9",
            "5.14.0-611.el9",
            "5.14.0-611~rc1.el9",
            "5.14.0-503.11.1.el9_5",
            "5.14.0-503.el9",
            "5.14.0-70.22.1.el9_0");
    assertThat(x86.kernels().get(0).packageVersion()).isEqualTo("1:4.18.0-1.el8");
    assertThat(x86.indexes()).singleElement().asString().endsWith("-primary.xml." + compression);
    // aarch64 lacks 620 and the epoch: per platform results
    assertThat(versions(r.get(Platform.AARCH64)))
        .containsExactly(
            "5.14.0-611.el9",
            "5.14.0-611~rc1.el9",
            "5.14.0-503.11.1.el9_5",
            "5.14.0-503.el9",
            "5.14.0-70.22.1.el9_0");
  }

  @Test
  void dnfArchInTheUrlAndMatchAndNewest() throws Exception {
    Query q =
        new Query(
            Type.DNF,
            List.of(
                repos
                    .url("dnf-xz/")
                    .toString()
                    .replace("dnf-xz", "dnf-${arch}")
                    .replace("dnf-${arch}", "dnf-xz")),
            "kernel-devel",
            KernelSelection.of(2, "^5\\.14\\.0-"));
    assertThat(versions(source.resolve(q, Platform.X86_64)))
        .containsExactly("5.14.0-620.el9", "5.14.0-611.el9");
    assertThat(RepositoryKernelSource.expandArch("https://m/9/BaseOS/${arch}/os/", "aarch64"))
        .isEqualTo("https://m/9/BaseOS/aarch64/os/");
  }

  @Test
  void dnfNoarchCountsForEveryArch() throws Exception {
    Query q =
        new Query(
            Type.DNF,
            List.of(repos.url("dnf-gz").toString()),
            "kernel-doc",
            KernelSelection.newest(1));
    assertThat(versions(source.resolve(q, Platform.AARCH64))).containsExactly("5.14.0-611.el9");
  }

  @Test
  void dnfOrderAgreesWithRpm() throws Exception {
    dtk.exec.testing.Tools.require("rpm");
    Query q =
        new Query(
            Type.DNF,
            List.of(repos.url("dnf-xz/").toString()),
            "kernel-devel",
            KernelSelection.newest(10));
    List<String> evrs =
        source.resolve(q, Platform.X86_64).kernels().stream()
            .map(TrackedKernel::packageVersion)
            .toList();
    StringBuilder lua = new StringBuilder("%{lua:");
    for (int i = 0; i + 1 < evrs.size(); i++) {
      lua.append("print(rpm.vercmp(\"")
          .append(evrs.get(i))
          .append("\", \"")
          .append(evrs.get(i + 1))
          .append("\")) ");
    }
    lua.append("}");
    Process p =
        new ProcessBuilder("rpm", "--eval", lua.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertThat(p.waitFor()).as(out).isZero();
    // rpm prints each result without a separator: 1 for every pair (newer first)
    assertThat(out.replaceAll("\\s", ""))
        .as("rpm.vercmp of each neighbour pair of %s", evrs)
        .isEqualTo("1".repeat(evrs.size() - 1));
  }

  @Test
  void aptSeveralSuitesMergedInDpkgOrderAndFlavoursLeftOut() throws Exception {
    List<String> lines =
        List.of(repos.url("apt") + " bookworm main", repos.url("apt/") + " bookworm-security main");
    Query amd = new Query(Type.APT, lines, "linux-headers-*-amd64", KernelSelection.newest(10));
    PlatformKernels k = source.resolve(amd, Platform.X86_64);
    // -rt-amd64, -cloud-amd64, -common and the meta package are not kernels of -amd64
    assertThat(versions(k))
        .containsExactly(
            "6.1.0-33-amd64",
            "6.1.0-32-amd64",
            "6.1.0-31-amd64",
            "6.1.0-28-amd64",
            "6.1.0-9-amd64");
    assertThat(k.kernels().get(0).packageName()).isEqualTo("linux-headers-6.1.0-33-amd64");
    assertThat(k.kernels().get(0).packageVersion()).isEqualTo("6.1.130-1");
    assertThat(k.indexes())
        .extracting(Object::toString)
        .containsExactly(
            repos.url("apt/dists/bookworm/main/binary-amd64/Packages.xz").toString(),
            repos.url("apt/dists/bookworm-security/main/binary-amd64/Packages.gz").toString());

    Query arm = new Query(Type.APT, lines, "linux-headers-*-arm64", KernelSelection.of(2, null));
    assertThat(versions(source.resolve(arm, Platform.AARCH64)))
        .containsExactly("6.1.0-32-arm64", "6.1.0-31-arm64");
  }

  @Test
  void aptOrderAgreesWithDpkg() throws Exception {
    dtk.exec.testing.Tools.require("dpkg");
    List<String> lines =
        List.of(repos.url("apt") + " bookworm main", repos.url("apt") + " bookworm-security main");
    Query amd = new Query(Type.APT, lines, "linux-headers-*-amd64", KernelSelection.newest(10));
    List<String> vs =
        source.resolve(amd, Platform.X86_64).kernels().stream()
            .map(TrackedKernel::packageVersion)
            .toList();
    for (int i = 0; i + 1 < vs.size(); i++) {
      Process p =
          new ProcessBuilder("dpkg", "--compare-versions", vs.get(i), "gt", vs.get(i + 1)).start();
      assertThat(p.waitFor())
          .as("dpkg --compare-versions %s gt %s", vs.get(i), vs.get(i + 1))
          .isZero();
    }
  }

  @Test
  void noVersionMatchedListsTheVersionsSeen() {
    Query q =
        new Query(
            Type.DNF,
            List.of(repos.url("dnf-xz/").toString()),
            "kernel-devel",
            KernelSelection.of(1, "^6\\."));
    assertThatThrownBy(() -> source.resolve(q, Platform.AARCH64))
        .isInstanceOf(NoKernelMatchedException.class)
        .hasMessage(
            "no version of kernel-devel for aarch64 in "
                + repos.url("dnf-xz/")
                + " matches '^6\\.'; seen: "
                + "5.14.0-611.el9, 5.14.0-611~rc1.el9, 5.14.0-503.11.1.el9_5, 5.14.0-503.el9, 5.14.0-70.22.1.el9_0");
    Query none =
        new Query(
            Type.APT,
            List.of(repos.url("apt") + " bookworm main"),
            "linux-image-*-amd64",
            KernelSelection.newest(1));
    assertThatThrownBy(() -> source.resolve(none, Platform.X86_64))
        .isInstanceOf(NoKernelMatchedException.class)
        .hasMessageStartingWith(
            "no package linux-image-*-amd64 for amd64 in "
                + repos.url("apt/")
                + " bookworm main (");
  }

  @Test
  void checksumMismatchNamesTheUrl() throws Exception {
    Path copy = tmp.resolve("bad-sum");
    copyTree(repos.root.resolve("dnf-xz"), copy);
    Path repomd = copy.resolve("repodata/repomd.xml");
    String s = Files.readString(repomd);
    int at = s.indexOf("<checksum type=\"sha256\">") + "<checksum type=\"sha256\">".length();
    String wrong = (s.charAt(at) == '0' ? "1" : "0");
    Files.writeString(repomd, s.substring(0, at) + wrong + s.substring(at + 1));
    Query q =
        new Query(
            Type.DNF, List.of(copy.toUri().toString()), "kernel-devel", KernelSelection.newest(1));
    assertThatThrownBy(() -> source.resolve(q, Platform.X86_64))
        .isInstanceOf(RepositoryException.class)
        .hasMessageContaining("checksum mismatch for file:" + copy + "/repodata/")
        .hasMessageContaining("-primary.xml.xz: sha256 expected " + wrong);
  }

  @Test
  void anUnreachableRepositoryFailsWithinTheReadTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new ArrayList<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept());
                  }
                } catch (java.io.IOException closed) {
                  // test over
                }
              });
      t.setDaemon(true);
      t.start();
      HttpFetcher http =
          new HttpFetcher(
              new HttpFetcher.Limits(
                  Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(10), 1 << 20));
      RepositoryKernelSource s = new RepositoryKernelSource(Fetcher.schemes(http));
      String base = "http://127.0.0.1:" + silent.getLocalPort() + "/";
      Query q = new Query(Type.DNF, List.of(base), "kernel-devel", KernelSelection.newest(1));
      long start = System.nanoTime();
      assertThatThrownBy(() -> s.resolve(q, Platform.X86_64))
          .isInstanceOf(RepositoryException.class)
          .hasMessage("no answer from " + base + "repodata/repomd.xml within 1 s (connect 2 s)");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      for (Socket a : accepted) {
        a.close();
      }
    }
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}

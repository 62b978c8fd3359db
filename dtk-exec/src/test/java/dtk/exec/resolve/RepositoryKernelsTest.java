package dtk.exec.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.ExecException;
import dtk.exec.resolve.repo.RepositoryException;
import dtk.spec.LoadResult;
import dtk.spec.SpecLoader;
import dtk.spec.model.Spec;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec's repository kernels per platform, from in-memory apt indexes (the fetcher is a map). */
class RepositoryKernelsTest {
  @TempDir Path dir;

  private final Map<String, String> files = new HashMap<>();
  private final List<URI> fetched = new ArrayList<>();

  private RepositoryKernels kernels(RepositoryKernels.BaseImageSources base) {
    return new RepositoryKernels(
        url -> {
          synchronized (fetched) {
            fetched.add(url);
          }
          String body = files.get(url.toString());
          if (body == null) {
            throw new RepositoryException.NotFound(
                url, "not found (HTTP 404): " + url, "check the URL");
          }
          return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
        },
        base);
  }

  private final Map<String, StringBuilder> releases = new HashMap<>();

  /**
   * An uncompressed Packages index of {@code suite} for {@code arch}, listed with its checksum in
   * Release.
   */
  private void suite(String suite, String arch, String... packages) throws Exception {
    StringBuilder b = new StringBuilder();
    for (String p : packages) {
      String[] nv = p.split("=");
      b.append("Package: ")
          .append(nv[0])
          .append("\nVersion: ")
          .append(nv[1])
          .append("\nArchitecture: ")
          .append(arch)
          .append("\n\n");
    }
    String index = b.toString();
    files.put("http://a/dists/" + suite + "/main/binary-" + arch + "/Packages", index);
    byte[] bytes = index.getBytes(StandardCharsets.UTF_8);
    String sha =
        java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    StringBuilder release =
        releases.computeIfAbsent(suite, s -> new StringBuilder("Suite: " + s + "\nSHA256:\n"));
    release
        .append(' ')
        .append(sha)
        .append(' ')
        .append(bytes.length)
        .append(" main/binary-")
        .append(arch)
        .append("/Packages\n");
    files.put("http://a/dists/" + suite + "/Release", release.toString());
  }

  private Spec spec(String repository) throws Exception {
    Path f = dir.resolve("s.yaml");
    Files.writeString(
        f,
        """
        apiVersion: dtk/v1
        kind: DriverToolkit
        metadata: { name: s }
        baseImage: quay.io/x/y:1
        packageManager: apt
        platforms: [x86_64, aarch64]
        kernel:
          source:
        %s
          packages: ["linux-headers-${kernel.version}"]
        image: { registry: quay.io, name: s, tag: "${kernel.version}" }
        """
            .formatted(repository.indent(4).stripTrailing()));
    LoadResult r = SpecLoader.standard().load(List.of(f), dtk.spec.Overrides.parse(List.of()));
    assertThat(r.diagnostics()).isEmpty();
    return r.specs().get(0);
  }

  @Test
  void newestPerPlatform_kernelReleasesAsUnameSaysThem_readOncePerRun() throws Exception {
    suite(
        "bookworm",
        "amd64",
        "linux-headers-6.1.0-31-amd64=6.1.128-1",
        "linux-headers-6.1.0-32-amd64=6.1.129-1");
    suite("bookworm", "arm64", "linux-headers-6.1.0-31-arm64=6.1.128-1");
    Spec s =
        spec(
            """
        repository:
          type: apt
          urls: ["http://a bookworm main"]
          package: linux-headers-*-amd64
        newest: 2""");
    RepositoryKernels k = kernels(null);
    RepositoryKernels.Result r = k.resolve(s, List.of("x86_64"));
    assertThat(r.kernels()).containsEntry("x86_64", List.of("6.1.0-32-amd64", "6.1.0-31-amd64"));
    assertThat(r.origins().get("x86_64").get("6.1.0-32-amd64"))
        .isEqualTo(
            "repository http://a/dists/bookworm/main/binary-amd64/Packages (linux-headers-6.1.0-32-amd64 6.1.129-1)");
    assertThat(r.notes()).isEmpty();
    int reads = fetched.size();
    k.resolve(s, List.of("x86_64"));
    assertThat(fetched).hasSize(reads);
    assertThat(r.unlisted("s", "x86_64", List.of("6.1.0-25-amd64")))
        .singleElement()
        .asString()
        .startsWith(
            "spec 's': node kernel 6.1.0-25-amd64 (x86_64) is not in the spec's repositories");
  }

  @Test
  void aKernelOnlyOnePlatformHas_isNotedWithTheReason() throws Exception {
    // rpm-style kernel names are the same on every platform: the note says why one lacks it
    suite("s", "amd64", "k-5.14.0-620=1", "k-5.14.0-611=1", "k-5.14.0-600=1");
    suite("s", "arm64", "k-5.14.0-611=1", "k-5.14.0-600=1", "k-5.14.0-590=1");
    Spec s =
        spec(
            """
        repository: { type: apt, urls: ["http://a s main"], package: "k-*" }
        newest: 2""");
    RepositoryKernels.Result r = kernels(null).resolve(s, List.of("x86_64", "aarch64"));
    assertThat(r.kernels())
        .containsEntry("x86_64", List.of("5.14.0-620", "5.14.0-611"))
        .containsEntry("aarch64", List.of("5.14.0-611", "5.14.0-600"));
    assertThat(r.notes())
        .containsExactly(
            "spec 's': kernel 5.14.0-620 is built for x86_64 only: aarch64's repositories do not list it",
            "spec 's': kernel 5.14.0-600 is built for aarch64 only: x86_64 has it, but not among its newest 2");
  }

  @Test
  void debianReleasesNamingTheirArch_needNoNote() throws Exception {
    suite("s", "amd64", "linux-headers-6.1.0-32-amd64=1");
    suite("s", "arm64", "linux-headers-6.1.0-32-arm64=1");
    Spec s =
        spec(
            "repository: { type: apt, urls: [\"http://a s main\"], package: \"linux-headers-*-$(ARCH)\" }");
    RepositoryKernels.Result r = kernels(null).resolve(s, List.of("x86_64", "aarch64"));
    assertThat(r.kernels())
        .containsEntry("x86_64", List.of("6.1.0-32-amd64"))
        .containsEntry("aarch64", List.of("6.1.0-32-arm64"));
    assertThat(r.notes()).isEmpty();
  }

  @Test
  void everyFailingPlatformIsReported_withTheVersionsSeen() throws Exception {
    suite("s", "amd64", "k-5.14.0-620=1");
    suite("s", "arm64", "k-5.14.0-611=1");
    Spec s =
        spec(
            "repository: { type: apt, urls: [\"http://a s main\"], package: \"k-*\" }\nmatch: '^6\\.'");
    assertThatThrownBy(() -> kernels(null).resolve(s, List.of("x86_64", "aarch64")))
        .isInstanceOf(ExecException.class)
        .hasMessage(
            "the kernel repositories of spec 's' failed on 2 platforms:\n"
                + "  - spec 's' (x86_64): no version of k-* for amd64 in http://a/ s main matches '^6\\.'; seen: 5.14.0-620\n"
                + "  - spec 's' (aarch64): no version of k-* for arm64 in http://a/ s main matches '^6\\.'; seen: 5.14.0-611");
  }

  @Test
  void fromBaseImage_readsTheLinesTheImageConfigures() throws Exception {
    suite("bookworm", "amd64", "linux-headers-6.1.0-57-amd64=6.1.158-1");
    Spec s = spec("repository: { type: apt, fromBaseImage: true, package: linux-headers-*-amd64 }");
    List<String> asked = new ArrayList<>();
    RepositoryKernels.Result r =
        kernels(
                (spec, base, platform, type) -> {
                  asked.add(base + " " + platform.arch() + " " + type);
                  return List.of("http://a bookworm main");
                })
            .resolve(s, List.of("x86_64"));
    assertThat(asked).containsExactly("quay.io/x/y:1 x86_64 apt");
    assertThat(r.kernels()).containsEntry("x86_64", List.of("6.1.0-57-amd64"));
  }

  @Test
  void aBadLineFromTheBaseImage_isAToolError_notACrash() throws Exception {
    Spec s = spec("repository: { type: apt, fromBaseImage: true, package: linux-headers-*-amd64 }");
    assertThatThrownBy(
            () ->
                kernels((spec, base, platform, type) -> List.of("http://a bookworm"))
                    .resolve(s, List.of("x86_64")))
        .isInstanceOf(ExecException.class)
        .hasMessageContaining("spec 's' (x86_64): kernel repositories http://a bookworm: ")
        .hasMessageContaining("is not \"URI SUITE COMPONENT...\"");
  }
}

package dtk.exec.resolve.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.Platform;
import dtk.exec.resolve.repo.RepositoryKernelSource.Query;
import dtk.exec.resolve.repo.RepositoryKernelSource.Type;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** The readers' bad-input paths, on repositories held in memory behind the {@link Fetcher} seam. */
class RepositoryReadersTest {
  private final Map<URI, byte[]> files = new HashMap<>();
  private final Fetcher fetcher =
      url -> {
        byte[] b = files.get(url);
        if (b == null) {
          throw new RepositoryException.NotFound(
              url, "not found (HTTP 404): " + url, "check the URL");
        }
        return new ByteArrayInputStream(b);
      };
  private final RepositoryKernelSource source = new RepositoryKernelSource(fetcher);

  private static byte[] gz(String s) throws IOException {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(o)) {
      z.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return o.toByteArray();
  }

  private static byte[] xz(String s) throws IOException {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try (XZOutputStream z = new XZOutputStream(o, new LZMA2Options())) {
      z.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return o.toByteArray();
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private void dnfRepo(String base, String primaryXml) throws Exception {
    byte[] p = gz(primaryXml);
    files.put(URI.create(base + "repodata/p-primary.xml.gz"), p);
    files.put(
        URI.create(base + "repodata/repomd.xml"),
        ("<repomd xmlns=\"http://linux.duke.edu/metadata/repo\">"
                + "<data type=\"other\"><location href=\"repodata/x-other.xml.gz\"/></data>"
                + "<data type=\"primary\"><checksum type=\"sha256\">"
                + sha256(p)
                + "</checksum>"
                + "<location href=\"repodata/p-primary.xml.gz\"/><size>"
                + p.length
                + "</size></data></repomd>")
            .getBytes(StandardCharsets.UTF_8));
  }

  private void aptRepo(String base, String packages, boolean inRelease) throws Exception {
    byte[] p = xz(packages);
    files.put(URI.create(base + "dists/stable/main/binary-amd64/Packages.xz"), p);
    String release =
        "Origin: test\nSuite: stable\nSHA256:\n "
            + sha256(p)
            + " "
            + p.length
            + " main/binary-amd64/Packages.xz\n";
    if (inRelease) {
      files.put(
          URI.create(base + "dists/stable/InRelease"),
          ("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n"
                  + release
                  + "-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n")
              .getBytes(StandardCharsets.UTF_8));
    } else {
      files.put(
          URI.create(base + "dists/stable/Release"), release.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static final String PKG =
      "<package type=\"rpm\"><name>kernel-devel</name><arch>x86_64</arch>"
          + "<version epoch=\"0\" ver=\"5.14.0\" rel=\"%s\"/><format><rpm:provides xmlns:rpm=\"r\"><rpm:entry name=\"x\"/>"
          + "</rpm:provides></format></package>";

  @Test
  void dnfPrimaryInMemory() throws Exception {
    dnfRepo(
        "http://r/",
        "<metadata xmlns=\"http://linux.duke.edu/metadata/common\">"
            + PKG.formatted("503.el9")
            + PKG.formatted("70.el9")
            + "</metadata>");
    Query q = new Query(Type.DNF, List.of("http://r"), "kernel-devel", KernelSelection.newest(5));
    assertThat(source.resolve(q, Platform.X86_64).kernels())
        .extracting(TrackedKernel::version)
        .containsExactly("5.14.0-503.el9", "5.14.0-70.el9");
  }

  @Test
  void malformedXmlNamesUrlLineAndColumn() throws Exception {
    dnfRepo(
        "http://r/",
        "<metadata>\n"
            + PKG.formatted("503.el9")
            + "\n<package><name>kernel-devel</nam></package>");
    Query q = new Query(Type.DNF, List.of("http://r/"), "kernel-devel", KernelSelection.newest(1));
    assertThatThrownBy(() -> source.resolve(q, Platform.X86_64))
        .isInstanceOf(RepositoryException.class)
        .hasMessageStartingWith("http://r/repodata/p-primary.xml.gz:3:")
        .hasMessageContaining(": malformed XML: ");
  }

  @Test
  void missingRepomdIsNotFound() {
    Query q =
        new Query(Type.DNF, List.of("http://nowhere/"), "kernel-devel", KernelSelection.newest(1));
    assertThatThrownBy(() -> source.resolve(q, Platform.X86_64))
        .isInstanceOf(RepositoryException.NotFound.class)
        .hasMessage("not found (HTTP 404): http://nowhere/repodata/repomd.xml");
  }

  @Test
  void aptInReleaseAndStanzas() throws Exception {
    aptRepo(
        "http://a/",
        "Package: linux-headers-6.1.0-9-amd64\nVersion: 6.1.99-1\nArchitecture: amd64\n"
            + "Description: x\n folded\n .\n\nPackage: linux-headers-6.1.0-10-amd64\r\nVersion: 6.1.100-1\r\n"
            + "Architecture: amd64\r\n",
        true);
    Query q =
        new Query(
            Type.APT,
            List.of("http://a stable main"),
            "linux-headers-*-amd64",
            KernelSelection.newest(3));
    assertThat(source.resolve(q, Platform.X86_64).kernels())
        .extracting(TrackedKernel::version)
        .containsExactly("6.1.0-10-amd64", "6.1.0-9-amd64");
  }

  @Test
  void malformedStanzaNamesUrlAndLine() throws Exception {
    aptRepo(
        "http://a/",
        "Package: linux-headers-6.1.0-9-amd64\nVersion: 6.1.99-1\n\nthis is not a field\n",
        false);
    Query q =
        new Query(
            Type.APT,
            List.of("http://a/ stable main"),
            "linux-headers-*-amd64",
            KernelSelection.newest(1));
    assertThatThrownBy(() -> source.resolve(q, Platform.X86_64))
        .isInstanceOf(RepositoryException.class)
        .hasMessage(
            "http://a/dists/stable/main/binary-amd64/Packages.xz:4: not a \"Field: value\" line:"
                + " 'this is not a field'");
    aptRepo("http://b/", "Package: linux-headers-6.1.0-9-amd64\nArchitecture: amd64\n", false);
    Query q2 =
        new Query(
            Type.APT,
            List.of("http://b/ stable main"),
            "linux-headers-*-amd64",
            KernelSelection.newest(1));
    assertThatThrownBy(() -> source.resolve(q2, Platform.X86_64))
        .hasMessage(
            "http://b/dists/stable/main/binary-amd64/Packages.xz:1: the stanza starting here"
                + " (linux-headers-6.1.0-9-amd64) has no Version field");
  }

  @Test
  void aptArchNotInRelease() throws Exception {
    aptRepo("http://a/", "Package: x\nVersion: 1\n", false);
    Query q =
        new Query(
            Type.APT,
            List.of("http://a/ stable main"),
            "linux-headers-*-arm64",
            KernelSelection.newest(1));
    assertThatThrownBy(() -> source.resolve(q, Platform.AARCH64))
        .hasMessage(
            "http://a/dists/stable/Release lists no main/binary-arm64/Packages(.xz|.gz) with a SHA256");
  }

  @Test
  void selectionErrors() {
    assertThatThrownBy(() -> KernelSelection.of(0, null))
        .isInstanceOf(KernelSelection.InvalidException.class)
        .hasMessage("newest must be 1 or more, got 0");
    assertThatThrownBy(() -> KernelSelection.of(1, "5.14("))
        .isInstanceOf(KernelSelection.InvalidException.class)
        .hasMessageStartingWith("match '5.14(' is not a valid regular expression: Unclosed group");
    assertThat(KernelSelection.of(null, null).newest()).isEqualTo(1);
  }

  @Test
  void patternsAndSourceLines() {
    PackagePattern p = PackagePattern.parse("linux-headers-*-amd64");
    assertThat(p.kernel("linux-headers-6.1.0-32-amd64")).isEqualTo("6.1.0-32");
    assertThat(p.kernel("linux-headers-6.1.0-0.deb11.13-amd64")).isEqualTo("6.1.0-0.deb11.13");
    assertThat(p.kernel("linux-headers-6.1.0-32-rt-amd64")).isNull();
    assertThat(p.kernel("linux-headers-amd64")).isNull();
    assertThat(p.kernel("linux-headers-6.12-amd64")).as("a series' meta package").isNull();
    assertThat(p.kernel("linux-headers-6.12.118+deb12-amd64")).isEqualTo("6.12.118+deb12");
    assertThatThrownBy(() -> PackagePattern.parse("linux-headers"))
        .hasMessageContaining("exactly one *");
    assertThat(
            AptSource.parse("deb http://deb.debian.org/debian bookworm main contrib").components())
        .containsExactly("main", "contrib");
    assertThatThrownBy(() -> AptSource.parse("http://deb.debian.org/debian bookworm"))
        .hasMessageContaining("is not \"URI SUITE COMPONENT...\"");
    assertThat(AptRepository.debianArch("x86_64")).isEqualTo("amd64");
    assertThat(AptRepository.debianArch("aarch64")).isEqualTo("arm64");
  }
}

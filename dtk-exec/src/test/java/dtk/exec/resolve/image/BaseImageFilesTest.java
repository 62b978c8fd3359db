package dtk.exec.resolve.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.ExecException;
import dtk.exec.Platform;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BaseImageFilesTest {
  static final ImageRef IMAGE = ImageRef.parse("registry.example/base:1");

  /** Layers held in memory, by fake digest. */
  static final class MemoryLayers implements LayerSource {
    final Map<Digest, byte[]> blobs = new LinkedHashMap<>();
    final List<Layer> layers = new ArrayList<>();

    MemoryLayers add(String mediaType, byte[] blob) {
      Digest digest = Digest.sha256Hex(String.format("%064d", layers.size() + 1));
      blobs.put(digest, blob);
      layers.add(new Layer(digest, mediaType, blob.length));
      return this;
    }

    MemoryLayers tar(TestTar t) {
      return add("application/vnd.oci.image.layer.v1.tar", t.bytes());
    }

    MemoryLayers gzip(TestTar t) {
      return add("application/vnd.oci.image.layer.v1.tar+gzip", gz(t.bytes()));
    }

    @Override
    public ImageLayers layers(ImageRef ref, Platform platform) {
      return new ImageLayers(ref, Digest.sha256Hex("a".repeat(64)), platform, layers);
    }

    @Override
    public InputStream open(ImageRef ref, Layer layer) {
      return new ByteArrayInputStream(blobs.get(layer.digest()));
    }
  }

  static byte[] gz(byte[] b) {
    try {
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      try (GZIPOutputStream g = new GZIPOutputStream(o)) {
        g.write(b);
      }
      return o.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] zstd(byte[] b) {
    try {
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      try (ZstdOutputStream z = new ZstdOutputStream(o)) {
        z.write(b);
      }
      return o.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static BaseImageFiles.Files read(LayerSource s) {
    return BaseImageFiles.read(s, IMAGE, Platform.X86_64, BaseImageFiles.PACKAGE_MANAGER_FILES);
  }

  @Test
  void laterLayerOverridesAndWhiteoutDeletes() {
    MemoryLayers s =
        new MemoryLayers()
            .gzip(
                new TestTar()
                    .dir("./etc/")
                    .dir("./etc/yum.repos.d/")
                    .file("./etc/yum.repos.d/a.repo", "[a]\nbaseurl=http://a/\n")
                    .file("./etc/yum.repos.d/b.repo", "[b]\nbaseurl=http://b/\n")
                    .file("./etc/passwd", "root:x:0:0::/:/bin/sh\n"))
            .gzip(
                new TestTar()
                    .file("etc/yum.repos.d/a.repo", "[a]\nbaseurl=http://a2/\n")
                    .file("etc/yum.repos.d/.wh.b.repo", ""));
    BaseImageFiles.Files f = read(s);
    assertThat(f.files()).containsOnlyKeys("/etc/yum.repos.d/a.repo");
    assertThat(f.text("/etc/yum.repos.d/a.repo")).contains("http://a2/");
    assertThat(f.layers()).isEqualTo(2);
  }

  @Test
  void opaqueDirectoryHidesOnlyLowerLayers() {
    MemoryLayers s =
        new MemoryLayers()
            .tar(
                new TestTar()
                    .file("etc/apt/sources.list.d/old.list", "deb http://old/ x main\n")
                    .file("etc/apt/sources.list", "deb http://keep/ x main\n"))
            .tar(
                new TestTar()
                    .dir("etc/apt/sources.list.d/")
                    .file("etc/apt/sources.list.d/.wh..wh..opq", "")
                    .file("etc/apt/sources.list.d/new.sources", "Types: deb\n"));
    BaseImageFiles.Files f = read(s);
    assertThat(f.files())
        .containsOnlyKeys("/etc/apt/sources.list", "/etc/apt/sources.list.d/new.sources");
  }

  @Test
  void whiteoutOfADirectoryDeletesWhatIsUnderIt() {
    MemoryLayers s =
        new MemoryLayers()
            .tar(
                new TestTar()
                    .file("etc/yum.repos.d/a.repo", "[a]\n")
                    .file("etc/os-release", "ID=x\n"))
            .tar(new TestTar().file("etc/.wh.yum.repos.d", ""));
    assertThat(read(s).files()).containsOnlyKeys("/etc/os-release");
  }

  @Test
  void fileReplacingADirectoryHidesItsContents() {
    MemoryLayers s =
        new MemoryLayers()
            .tar(new TestTar().file("etc/yum.repos.d/a.repo", "[a]\n"))
            .tar(new TestTar().symlink("etc/yum.repos.d", "/elsewhere"));
    assertThat(read(s).files()).isEmpty();
  }

  @Test
  void symlinkWithinTheWantedFilesIsResolved() {
    MemoryLayers s =
        new MemoryLayers()
            .tar(
                new TestTar()
                    .file("usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
                    .symlink("etc/os-release", "../usr/lib/os-release")
                    .symlink("etc/apt/sources.list.d/x.list", "/opt/x.list"));
    BaseImageFiles.Files f = read(s);
    assertThat(f.text("/etc/os-release")).isEqualTo("ID=debian\nVERSION_ID=\"12\"\n");
    assertThat(f.unresolvedLinks()).containsEntry("/etc/apt/sources.list.d/x.list", "/opt/x.list");
  }

  @Test
  void symlinkFollowsTheFinalStateOfItsTarget() {
    MemoryLayers s =
        new MemoryLayers()
            .tar(
                new TestTar()
                    .file("usr/lib/os-release", "VERSION_ID=1\n")
                    .symlink("etc/os-release", "../usr/lib/os-release"))
            .tar(new TestTar().file("usr/lib/os-release", "VERSION_ID=2\n"));
    assertThat(read(s).text("/etc/os-release")).isEqualTo("VERSION_ID=2\n");
  }

  @Test
  void hardLinkToAWantedFileCopiesIt() {
    MemoryLayers s =
        new MemoryLayers()
            .tar(
                new TestTar()
                    .file("etc/dnf/vars/stream", "9-stream\n")
                    .hardlink("etc/yum/vars/stream", "etc/dnf/vars/stream"));
    assertThat(read(s).text("/etc/yum/vars/stream")).isEqualTo("9-stream\n");
  }

  @Test
  void gnuLongNamesPaxPathsAndUstarPrefixes() {
    String longName = "etc/yum.repos.d/" + "x".repeat(120) + ".repo";
    String paxName = "etc/yum.repos.d/" + "é".repeat(60) + "-pax.repo";
    MemoryLayers s =
        new MemoryLayers()
            .tar(
                new TestTar()
                    .gnuLongName(longName, "[long]\n")
                    .paxPath(paxName, "[pax]\n")
                    .prefixed("etc/apt", "sources.list", "deb http://p/ s main\n"));
    BaseImageFiles.Files f = read(s);
    assertThat(f.text("/" + longName)).isEqualTo("[long]\n");
    assertThat(f.text("/" + paxName)).isEqualTo("[pax]\n");
    assertThat(f.text("/etc/apt/sources.list")).isEqualTo("deb http://p/ s main\n");
    assertThat(f.files()).hasSize(3); // the stand-in names were not taken as files
  }

  @Test
  void bodiesOfOtherFilesAreSkipped() {
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    MemoryLayers s =
        new MemoryLayers()
            .gzip(new TestTar().file("usr/bin/big", big).file("etc/os-release", "ID=a\n"));
    assertThat(read(s).files()).containsOnlyKeys("/etc/os-release");
  }

  @Test
  void zstdAndUnknownMediaTypesSniffedOrRefused() {
    MemoryLayers s =
        new MemoryLayers()
            .add(
                "application/vnd.oci.image.layer.v1.tar+zstd",
                zstd(new TestTar().file("etc/os-release", "ID=z\n").bytes()))
            .add(
                "",
                gz(new TestTar().file("etc/apt/sources.list", "deb http://s/ x main\n").bytes()));
    BaseImageFiles.Files f = read(s);
    assertThat(f.text("/etc/os-release")).isEqualTo("ID=z\n");
    assertThat(f.text("/etc/apt/sources.list")).contains("http://s/");

    MemoryLayers enc =
        new MemoryLayers()
            .add("application/vnd.oci.image.layer.v1.tar+gzip+encrypted", new byte[10]);
    assertThatThrownBy(() -> read(enc))
        .isInstanceOf(ExecException.class)
        .hasMessageContaining("layer 1 of 1 (sha256:")
        .hasMessageContaining(
            "has media type application/vnd.oci.image.layer.v1.tar+gzip+encrypted, which dtk cannot read");
  }

  @Test
  void aWantedFileOverTheCapIsAnError() {
    MemoryLayers s =
        new MemoryLayers().tar(new TestTar().file("etc/apt/sources.list", new byte[(1 << 20) + 1]));
    assertThatThrownBy(() -> read(s))
        .isInstanceOf(ExecException.class)
        .hasMessageContaining("file /etc/apt/sources.list in layer 1 of 1")
        .hasMessageContaining(
            "is 1048577 bytes, more than the 1 MiB dtk reads of a package manager file");
    // deleted by a later layer: no longer a problem
    MemoryLayers gone =
        new MemoryLayers()
            .tar(new TestTar().file("etc/apt/sources.list", new byte[(1 << 20) + 1]))
            .tar(new TestTar().file("etc/apt/.wh.sources.list", ""));
    assertThat(read(gone).files()).isEmpty();
  }

  @Test
  void corruptLayerNamesTheLayerAndImage() {
    byte[] tar = new TestTar().file("etc/os-release", "ID=a\n").bytes();
    tar[148] = '9'; // checksum field
    MemoryLayers s =
        new MemoryLayers()
            .tar(new TestTar().file("etc/os-release", "x"))
            .add("application/vnd.oci.image.layer.v1.tar", tar);
    assertThatThrownBy(() -> read(s))
        .isInstanceOf(ExecException.class)
        .hasMessageContaining("cannot read layer 2 of 2 (sha256:")
        .hasMessageContaining("of image registry.example/base:1: not a tar archive");
    MemoryLayers gzBad =
        new MemoryLayers().add("application/vnd.oci.image.layer.v1.tar+gzip", new byte[] {1, 2, 3});
    assertThatThrownBy(() -> read(gzBad))
        .isInstanceOf(ExecException.class)
        .hasMessageContaining("cannot read layer 1 of 1");
  }

  @Test
  void normalizeAndLinks() {
    assertThat(TarReader.normalize("./etc//apt/./x/../sources.list"))
        .isEqualTo("/etc/apt/sources.list");
    assertThat(TarReader.normalize("../../etc")).isEqualTo("/etc");
    assertThat(BaseImageFiles.resolveLink("/etc/os-release", "../usr/lib/os-release"))
        .isEqualTo("/usr/lib/os-release");
    assertThat(BaseImageFiles.resolveLink("/etc/os-release", "/usr/lib/os-release"))
        .isEqualTo("/usr/lib/os-release");
  }
}

package dtk.exec.resolve.image;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.Platform;
import dtk.exec.registry.RegistryOptions;
import dtk.exec.testing.FixtureImages;
import dtk.exec.testing.RegistryFixture;
import dtk.exec.testing.Tools;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A two-layer image built with podman (layer 1: a busybox rootfs with apt and dnf files, layer 2: a
 * RUN that deletes one file and rewrites another), pushed to a real registry with gzip and with
 * zstd layers, read back through the registry.
 */
class BaseImageFilesIT {
  private static RegistryFixture registry;
  private static String local;
  private static final List<String> localImages = new ArrayList<>();
  private static Path work;

  @BeforeAll
  static void image() throws IOException {
    Tools.require("podman", "docker-registry", "tar");
    registry =
        RegistryFixture
            .start(); // names the local images; each test pushes to a registry of its own
    work = Files.createTempDirectory("dtk-baseimage-");
    Path root = work.resolve("root");
    for (String d :
        List.of(
            "bin", "etc/apt/sources.list.d", "etc/yum.repos.d", "etc/dnf/vars", "usr/lib", "tmp")) {
      Files.createDirectories(root.resolve(d));
    }
    Path bb = Tools.find("busybox") != null ? Tools.find("busybox") : Path.of("/bin/busybox");
    Files.copy(bb, root.resolve("bin/busybox"));
    Files.setPosixFilePermissions(
        root.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String applet : List.of("sh", "rm", "echo")) {
      Files.createSymbolicLink(root.resolve("bin/" + applet), Path.of("busybox"));
    }
    Files.writeString(
        root.resolve("usr/lib/os-release"),
        "ID=\"centos\"\nID_LIKE=\"rhel fedora\"\nVERSION_ID=\"9\"\n");
    Files.createSymbolicLink(root.resolve("etc/os-release"), Path.of("../usr/lib/os-release"));
    Files.writeString(
        root.resolve("etc/apt/sources.list.d/keep.list"),
        "deb http://old.example/debian bookworm main\n");
    Files.writeString(
        root.resolve("etc/apt/sources.list.d/gone.list"),
        "deb http://gone.example/debian bookworm main\n");
    Files.writeString(
        root.resolve("etc/yum.repos.d/centos.repo"),
        "[baseos]\nbaseurl=http://mirror.example/$stream/BaseOS/$basearch/os/\n");
    Files.writeString(root.resolve("etc/dnf/vars/stream"), "9-stream\n");
    Path tar = work.resolve("rootfs.tar");
    FixtureImages.run(
        "rootfs tar",
        "tar",
        "--numeric-owner",
        "--owner=0",
        "--group=0",
        "-C",
        root.toString(),
        "-cf",
        tar.toString(),
        ".");
    String base = "localhost/dtk-baseimage-" + registry.port() + "/base:1";
    FixtureImages.run("podman import", "podman", "import", "--arch", "amd64", tar.toString(), base);
    localImages.add(base);
    Path ctx = work.resolve("ctx");
    Files.createDirectories(ctx);
    Files.writeString(
        ctx.resolve("Containerfile"),
        "FROM "
            + base
            + "\n"
            + "RUN rm /etc/apt/sources.list.d/gone.list"
            + " && echo 'deb http://new.example/debian bookworm main' > /etc/apt/sources.list.d/keep.list\n");
    local = "localhost/dtk-baseimage-" + registry.port() + "/two:1";
    FixtureImages.run(
        "podman build",
        "podman",
        "build",
        "--isolation",
        "chroot",
        "--pull=never",
        "-t",
        local,
        ctx.toString());
    localImages.add(local);
  }

  @AfterAll
  static void cleanup() {
    for (String i : localImages) {
      try {
        FixtureImages.run("podman rmi", "podman", "rmi", "--force", i);
      } catch (RuntimeException e) {
        // test images: nothing to report
      }
    }
    if (registry != null) {
      registry.close();
    }
    if (work != null) {
      FixtureImages.run("rm work", "rm", "-rf", work.toString());
    }
  }

  private static void check(ImageRef ref, String layerSuffix) {
    LayerSource source =
        LayerSource.registry(
            new RegistryOptions(false, null), java.util.Map.of("HOME", "/nonexistent"));
    LayerSource.ImageLayers layers = source.layers(ref, Platform.X86_64);
    assertThat(layers.layers()).hasSize(2);
    assertThat(layers.layers()).allSatisfy(l -> assertThat(l.mediaType()).endsWith(layerSuffix));

    BaseImageFiles.Files f =
        BaseImageFiles.read(source, ref, Platform.X86_64, BaseImageFiles.PACKAGE_MANAGER_FILES);
    assertThat(f.files())
        .containsOnlyKeys(
            "/etc/apt/sources.list.d/keep.list",
            "/etc/yum.repos.d/centos.repo",
            "/etc/dnf/vars/stream",
            "/etc/os-release",
            "/usr/lib/os-release");
    assertThat(f.text("/etc/apt/sources.list.d/keep.list"))
        .isEqualTo("deb http://new.example/debian bookworm main\n");
    assertThat(f.text("/etc/os-release")).contains("VERSION_ID=\"9\"");

    BaseImageRepositories r = BaseImageRepositories.read(source, ref, Platform.X86_64);
    assertThat(r.aptLines()).containsExactly("http://new.example/debian/ bookworm main");
    assertThat(r.dnfBaseUrls()).containsExactly("http://mirror.example/9-stream/BaseOS/x86_64/os/");
    assertThat(r.digest()).isEqualTo(layers.digest());
  }

  @Test
  void gzipLayers_giveTheFinalState() {
    // a registry of its own: podman 4.3 reuses a blob it pushed to the same registry in another
    // compression
    try (RegistryFixture own = RegistryFixture.start()) {
      ImageRef ref = own.ref("baseimage/two:1");
      FixtureImages.run(
          "podman push",
          "podman",
          "push",
          "--tls-verify=false",
          "--compression-format",
          "gzip",
          local,
          "docker://" + ref);
      check(ref, "gzip");
    }
  }

  @Test
  void zstdLayers_giveTheFinalState() {
    try (RegistryFixture own = RegistryFixture.start()) {
      ImageRef ref = own.ref("baseimage/two:1");
      FixtureImages.run(
          "podman push zstd",
          "podman",
          "push",
          "--tls-verify=false",
          "--compression-format",
          "zstd",
          "--format",
          "oci",
          local,
          "docker://" + ref);
      check(ref, "zstd");
    }
  }
}

package dtk.exec.apply;

import dtk.exec.process.ProcessResult;
import dtk.exec.testing.FixtureImages;
import dtk.exec.testing.RegistryFixture;
import dtk.exec.testing.Tools;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A two-platform base image in the test registry whose arm64 half holds a real arm64 busybox, so
 * that RUN steps of aarch64 targets really run under qemu-user-static (an amd64 binary in an
 * "arm64" image would run natively and prove nothing). The two halves differ in every layer, which
 * also keeps builds clear of podman 4.3's layer-cache trap.
 *
 * <p>The arm64 busybox comes from Debian's archive (the same version as the host's busybox-static),
 * cached in {@code ~/.cache/dtk-it/}.
 */
final class MultiArchBase {
  private static MultiArchBase shared;

  final RegistryFixture registry;

  /** The per-arch digests ({@code x86_64}, {@code aarch64}) of {@link #repository}. */
  final Map<String, String> digests = new LinkedHashMap<>();

  final String repository;
  private final Path work;

  private MultiArchBase(RegistryFixture registry, Path work) {
    this.registry = registry;
    this.work = work;
    this.repository = registry.host() + "/apply-it/base";
  }

  static synchronized MultiArchBase shared() {
    if (shared == null) {
      Tools.require("podman", "docker-registry", "dpkg-deb", "tar", "busybox");
      if (!Files.exists(Path.of("/proc/sys/fs/binfmt_misc/qemu-aarch64"))) {
        Tools.unavailable("qemu-aarch64 is not registered in binfmt_misc (see TECH-NOTES §9)");
      }
      try {
        MultiArchBase b =
            new MultiArchBase(
                RegistryFixture.shared(),
                Files.createTempDirectory(
                    Files.createDirectories(Path.of("target").toAbsolutePath()),
                    "dtk-apply-base-"));
        b.digests.put("x86_64", b.push("x86_64", hostBusybox(), "v1"));
        b.digests.put("aarch64", b.push("aarch64", b.armBusybox(), "v1"));
        shared = b;
        Runtime.getRuntime()
            .addShutdownHook(new Thread(b::removeLocalImages, "dtk-apply-it-cleanup"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  /** {@code <repository>@<digest of arch>}: what a pinned FROM names. */
  String from(String arch) {
    return repository + "@" + digests.get(arch);
  }

  /**
   * Pushes another x86_64 base (one more file), as a base image update would; returns its digest.
   */
  String pushNewX86Base(String variant) throws IOException {
    return push("x86_64", hostBusybox(), variant);
  }

  private String push(String arch, Path busybox, String variant) throws IOException {
    Path root = work.resolve("rootfs-" + arch + "-" + variant);
    for (String d : List.of("bin", "etc", "tmp", "root", "lib/modules")) {
      Files.createDirectories(root.resolve(d));
    }
    Files.setPosixFilePermissions(
        root.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.copy(busybox, root.resolve("bin/busybox"));
    Files.setPosixFilePermissions(
        root.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String applet : run("busybox", "--list").stdout().split("\n")) {
      if (!applet.isBlank() && !applet.equals("busybox")) {
        Files.createSymbolicLink(root.resolve("bin/" + applet.strip()), Path.of("busybox"));
      }
    }
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    Files.writeString(root.resolve("etc/dtk-base"), arch + " " + variant + "\n");
    Path tar = work.resolve("rootfs-" + arch + "-" + variant + ".tar");
    run(
        "tar",
        "--numeric-owner",
        "--owner=0",
        "--group=0",
        "-C",
        root.toString(),
        "-cf",
        tar.toString(),
        ".");
    String oci = dtk.exec.Platform.ociArch(arch);
    String local = "localhost/dtk-apply-it/base:" + oci + "-" + variant;
    run("podman", "import", "--arch", oci, "--change", "CMD [\"/bin/sh\"]", tar.toString(), local);
    ImageRef remote = ImageRef.parse(repository + ":" + oci + "-" + variant);
    Path digest = work.resolve("digest-" + arch + "-" + variant);
    run(
        "podman",
        "push",
        "--tls-verify=false",
        "--digestfile",
        digest.toString(),
        local,
        "docker://" + remote);
    run("podman", "rmi", "-f", local);
    return Files.readString(digest, StandardCharsets.UTF_8).strip();
  }

  /**
   * Removes the images the tests built and tagged for the test registry (their layers stay cached).
   */
  void removeLocalImages() {
    FixtureImages.removeImagesUnder(registry.host() + "/apply-it/");
  }

  private static Path hostBusybox() {
    Path bb = Tools.find("busybox");
    return bb != null ? bb : Path.of("/bin/busybox");
  }

  /** The arm64 busybox-static of the host's version, from Debian's archive (cached). */
  private Path armBusybox() throws IOException {
    String version = run("dpkg-query", "-W", "-f", "${Version}", "busybox-static").stdout().strip();
    String noEpoch = version.contains(":") ? version.substring(version.indexOf(':') + 1) : version;
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "dtk-it");
    Files.createDirectories(cache);
    String file = "busybox-static_" + noEpoch + "_arm64.deb";
    Path deb = cache.resolve(file);
    if (!Files.exists(deb)) {
      URI uri =
          URI.create(
              "http://deb.debian.org/debian/pool/main/b/busybox/" + file.replace("+", "%2B"));
      HttpClient http =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NORMAL)
              .connectTimeout(Duration.ofSeconds(20))
              .build();
      Path part = cache.resolve(file + ".part");
      try {
        HttpResponse<Path> r =
            http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofFile(part));
        if (r.statusCode() != 200) {
          throw new IllegalStateException("GET " + uri + " answered " + r.statusCode());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted downloading " + uri, e);
      }
      Files.move(part, deb, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    Path x = work.resolve("busybox-arm64");
    run("dpkg-deb", "-x", deb.toString(), x.toString());
    return x.resolve("bin/busybox");
  }

  static ProcessResult run(String... argv) {
    return FixtureImages.run("fixture step", argv);
  }
}

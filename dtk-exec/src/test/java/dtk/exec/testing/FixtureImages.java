package dtk.exec.testing;

import dtk.exec.process.Invocation;
import dtk.exec.process.ProcessResult;
import dtk.exec.process.ProcessRunner;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hermetic images in a {@link RegistryFixture}, made from the host's busybox-static (no network):
 *
 * <ul>
 *   <li>{@link #busybox()}: a busybox rootfs, {@code CMD ["/bin/sh"]}.
 *   <li>{@link #rpmBase()}: busybox (with the host's dash as {@code /bin/sh}) plus stub {@code
 *       dnf}, {@code rpm}, {@code useradd}, {@code groupadd}, {@code gcc}, {@code g++}, {@code
 *       make} that record their argv in {@link #STUB_LOG} and create what a real install would
 *       ({@code kernel-devel-<kver>} gives {@code /lib/modules/<kver>.<arch>/config} with a gcc
 *       line and {@code /usr/src/kernels/..}), {@code /etc/os-release} of CentOS Stream 9, and
 *       inherited labels {@link #RPM_BASE_LABELS} as a distro base image has them. A two-arch index
 *       (amd64, arm64); the arm64 image holds the host's x86_64 binaries, so its RUN steps run here
 *       without emulation, and names its arch in {@code /etc/dtk-stubs/arch} for the stubs (the
 *       release directory gets {@code .aarch64}).
 *   <li>{@link #bootc()}: a multi-arch index (amd64, arm64) whose images carry {@code
 *       ostree.linux=<KERNEL>.<arch>} and {@code redhat.compose-id=<COMPOSE>} labels. Only the
 *       labels matter: the arm64 entry holds the host's busybox, it is never run.
 * </ul>
 *
 * Tests normally use {@link #shared()}: built once per test JVM, removed when it exits.
 */
public final class FixtureImages implements AutoCloseable {
  /** The kernel version the fixture bootc image advertises (without the arch suffix). */
  public static final String KERNEL = "5.14.0-498.el9";

  public static final String COMPOSE = "CentOS-Stream-9-20240101.0";

  /** Where the stubs record their invocations inside images built from {@link #rpmBase()}. */
  public static final String STUB_LOG = "/var/log/dtk-stubs.log";

  /** Labels the rpm base carries, for unset-label tests. */
  public static final Map<String, String> RPM_BASE_LABELS =
      Map.of(
          "release",
          "9",
          "url",
          "https://www.centos.org/",
          "vendor",
          "CentOS",
          "name",
          "centos-stream-fixture");

  private static final List<String> STUBS =
      List.of("dnf", "rpm", "useradd", "groupadd", "gcc", "g++", "make");

  private static FixtureImages shared;

  private final RegistryFixture registry;
  private final String localPrefix;
  private final List<String> localImages = new ArrayList<>();
  private ImageRef busybox;
  private ImageRef rpmBase;
  private ImageRef bootc;

  private FixtureImages(RegistryFixture registry) {
    this.registry = registry;
    this.localPrefix = "localhost/dtk-fixture-" + registry.port();
  }

  /** Builds and pushes all fixture images into {@code registry}. */
  public static FixtureImages create(RegistryFixture registry) {
    Tools.require("podman", "tar", "ldd", "dash");
    FixtureImages f = new FixtureImages(registry);
    Path work = null;
    try {
      work = Files.createTempDirectory("dtk-fixture-");
      f.build(work);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      RegistryFixture.deleteTree(work);
    }
  }

  /** The fixture images in the shared registry, once per test JVM. */
  public static synchronized FixtureImages shared() {
    if (shared == null) {
      shared = create(RegistryFixture.shared());
      FixtureImages f = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(f::removeLocalImages, "dtk-fixture-cleanup"));
    }
    return shared;
  }

  public RegistryFixture registry() {
    return registry;
  }

  /** {@code 127.0.0.1:PORT/fixtures/busybox:1}. */
  public ImageRef busybox() {
    return busybox;
  }

  /** {@code 127.0.0.1:PORT/fixtures/centos-stubs:stream9} (an index: amd64, arm64). */
  public ImageRef rpmBase() {
    return rpmBase;
  }

  /** {@code 127.0.0.1:PORT/fixtures/centos-bootc:stream9} (an index). */
  public ImageRef bootc() {
    return bootc;
  }

  /**
   * The local (containers-storage) name of the rpm base's amd64 image, for {@code --pull=never}
   * builds.
   */
  public String localRpmBase() {
    return localRpmBase("amd64");
  }

  /** The local name of the rpm base for an OCI arch ({@code amd64}, {@code arm64}). */
  public String localRpmBase(String ociArch) {
    return localPrefix + "/centos-stubs:stream9-" + ociArch;
  }

  public String localBusybox() {
    return localPrefix + "/busybox:1";
  }

  private void build(Path work) throws IOException {
    Path bb = Tools.find("busybox");
    if (bb == null) {
      bb = Path.of("/bin/busybox");
    }
    List<String> applets =
        List.of(run("fixture: busybox applets", bb.toString(), "--list").stdout().split("\n"));

    Path plain = rootfs(work.resolve("busybox"), bb, applets, false);
    importImage(plain, work.resolve("busybox.tar"), localBusybox(), "amd64", Map.of());
    busybox = registry.ref("fixtures/busybox:1");
    push(localBusybox(), busybox);

    rpmBase = registry.ref("fixtures/centos-stubs:stream9");
    List<ImageRef> rpmParts = new ArrayList<>();
    for (String arch : List.of("amd64", "arm64")) {
      Path rpm = rootfs(work.resolve("rpm-" + arch), bb, applets, true);
      Files.createDirectories(rpm.resolve("etc/dtk-stubs"));
      Files.writeString(
          rpm.resolve("etc/dtk-stubs/arch"), (arch.equals("amd64") ? "x86_64" : "aarch64") + "\n");
      importImage(
          rpm,
          work.resolve("rpm-" + arch + ".tar"),
          localRpmBase(arch),
          arch,
          new java.util.TreeMap<>(RPM_BASE_LABELS));
      ImageRef part = registry.ref("fixtures/centos-stubs:stream9-" + arch);
      push(localRpmBase(arch), part);
      rpmParts.add(part);
    }
    pushIndex(localPrefix + "/centos-stubs-list:stream9", rpmParts, rpmBase);

    bootc = registry.ref("fixtures/centos-bootc:stream9");
    List<ImageRef> parts = new ArrayList<>();
    for (String arch : List.of("amd64", "arm64")) {
      String kernelArch = arch.equals("amd64") ? "x86_64" : "aarch64";
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("ostree.linux", KERNEL + "." + kernelArch);
      labels.put("redhat.compose-id", COMPOSE);
      labels.put("containers.bootc", "1");
      String local = localPrefix + "/centos-bootc:stream9-" + arch;
      importImage(plain, work.resolve("bootc-" + arch + ".tar"), local, arch, labels);
      ImageRef remote = registry.ref("fixtures/centos-bootc:stream9-" + arch);
      push(local, remote);
      parts.add(remote);
    }
    pushIndex(localPrefix + "/centos-bootc-list:stream9", parts, bootc);
  }

  private void pushIndex(String list, List<ImageRef> parts, ImageRef index) {
    run("fixture: manifest create", "podman", "manifest", "create", list);
    localImages.add(list);
    for (ImageRef p : parts) {
      run(
          "fixture: manifest add",
          "podman",
          "manifest",
          "add",
          "--tls-verify=false",
          list,
          "docker://" + p);
    }
    run(
        "fixture: manifest push",
        "podman",
        "manifest",
        "push",
        "--all",
        "--format",
        "oci",
        "--tls-verify=false",
        list,
        "docker://" + index);
  }

  private static Path rootfs(Path root, Path busybox, List<String> applets, boolean stubs)
      throws IOException {
    for (String d :
        List.of(
            "bin",
            "usr/bin",
            "usr/sbin",
            "sbin",
            "etc",
            "tmp",
            "root",
            "var/log",
            "var/lib",
            "lib/modules",
            "usr/src/kernels",
            "etc/yum.repos.d",
            "etc/dnf",
            "run",
            "home")) {
      Files.createDirectories(root.resolve(d));
    }
    Files.setPosixFilePermissions(
        root.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.copy(busybox, root.resolve("bin/busybox"));
    Files.setPosixFilePermissions(
        root.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Set<String> skip = new java.util.HashSet<>(stubs ? STUBS : List.of());
    if (stubs) {
      // busybox's own sh runs its applets (rpm among them) before searching PATH, so the stub rpm
      // would never run: the rpm base gets the host's dash, with the libraries it links, as /bin/sh
      copyWithLibraries(Path.of("/bin/dash"), root);
      Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("dash"));
      skip.add("sh");
    }
    for (String a : applets) {
      String name = a.trim();
      if (!name.isEmpty() && !name.equals("busybox") && !skip.contains(name)) {
        Files.createSymbolicLink(root.resolve("bin/" + name), Path.of("busybox"));
      }
    }
    Files.writeString(
        root.resolve("etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
    Files.writeString(root.resolve("etc/group"), "root:x:0:\nnobody:x:65534:\n");
    if (stubs) {
      for (String s : STUBS) {
        Path target = root.resolve("usr/bin/" + s);
        try (InputStream in = FixtureImages.class.getResourceAsStream("rpm-stubs/" + s)) {
          if (in == null) {
            throw new IllegalStateException("stub resource missing: rpm-stubs/" + s);
          }
          Files.copy(in, target);
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      Files.createSymbolicLink(root.resolve("usr/bin/yum"), Path.of("dnf"));
      try (InputStream in = FixtureImages.class.getResourceAsStream("rpm-stubs/os-release")) {
        Files.copy(in, root.resolve("etc/os-release"));
      }
      Files.writeString(root.resolve("etc/dnf/dnf.conf"), "[main]\ngpgcheck=1\n");
      Files.writeString(root.resolve("etc/redhat-release"), "CentOS Stream release 9\n");
    }
    return root;
  }

  /** Copies a dynamically linked program and the libraries {@code ldd} names, at the same paths. */
  private static void copyWithLibraries(Path program, Path root) throws IOException {
    Path real = program.toRealPath();
    List<Path> files = new ArrayList<>(List.of(real));
    for (String line : run("fixture: ldd", "ldd", real.toString()).stdout().split("\n")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(/\\S+)\\s+\\(0x").matcher(line);
      if (m.find()) {
        files.add(Path.of(m.group(1)));
      }
    }
    for (Path f : files) {
      Path target = root.resolve(f.toString().substring(1));
      Files.createDirectories(target.getParent());
      if (!Files.exists(target)) {
        Files.copy(f.toRealPath(), target);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    Path name = root.resolve(program.toString().substring(1));
    if (!Files.exists(name)) {
      Files.createSymbolicLink(name, real); // absolute: resolved inside the image root
    }
  }

  private void importImage(
      Path root, Path tar, String local, String arch, Map<String, String> labels) {
    if (!Files.exists(tar)) {
      run(
          "fixture: tar rootfs",
          "tar",
          "--numeric-owner",
          "--owner=0",
          "--group=0",
          "-C",
          root.toString(),
          "-cf",
          tar.toString(),
          ".");
    }
    List<String> argv =
        new ArrayList<>(
            List.of(
                "podman",
                "import",
                "--arch",
                arch,
                "--change",
                "CMD [\"/bin/sh\"]",
                "--change",
                "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
    labels.forEach(
        (k, v) -> {
          argv.add("--change");
          argv.add("LABEL " + k + "=\"" + v + "\"");
        });
    argv.add(tar.toString());
    argv.add(local);
    run("fixture: podman import", argv.toArray(new String[0]));
    localImages.add(local);
  }

  private static void push(String local, ImageRef remote) {
    run(
        "fixture: podman push",
        "podman",
        "push",
        "--tls-verify=false",
        local,
        "docker://" + remote);
  }

  /**
   * Runs a fixture step; a failure is an {@link IllegalStateException} naming {@code what} and the
   * command.
   */
  public static ProcessResult run(String what, String... argv) {
    Invocation inv = Invocation.of(argv).withTimeout(Duration.ofMinutes(5));
    try {
      ProcessResult r = ProcessRunner.local().run(inv);
      if (!r.ok()) {
        throw new IllegalStateException(
            what
                + " failed ("
                + r.exitCode()
                + "): "
                + inv.commandLine()
                + "\n"
                + r.stdout()
                + r.stderr());
      }
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(what + ": " + inv.commandLine(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " interrupted", e);
    }
  }

  /**
   * Removes the fixture's images from local storage, and whatever was pulled from or tagged for
   * this registry (builds pull the fixture bases by digest); the registry goes with its own
   * fixture.
   */
  public void removeLocalImages() {
    for (String img : localImages) {
      try {
        ProcessRunner.local().run(Invocation.of("podman", "rmi", "--force", img));
      } catch (IOException | InterruptedException e) {
        // cleanup of test images: nothing to report
      }
    }
    removeImagesUnder(registry.host() + "/");
  }

  /**
   * Removes every local image whose repository starts with {@code prefix}: by tag, or by digest
   * when it has none (a base pulled by digest), never by an id other tags may share.
   */
  public static void removeImagesUnder(String prefix) {
    // podman 4.3's listing fails when another process removes an image meanwhile: try again
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        ProcessResult r =
            ProcessRunner.local()
                .run(
                    Invocation.of(
                        "podman",
                        "images",
                        "--digests",
                        "--format",
                        "{{.Repository}}:{{.Tag}} {{.Repository}}@{{.Digest}}"));
        for (String line : r.stdout().split("\n")) {
          String[] f = line.strip().split(" ");
          if (f.length == 2 && f[0].startsWith(prefix)) {
            ProcessRunner.local()
                .run(
                    Invocation.of(
                        "podman", "rmi", "--force", f[0].endsWith(":<none>") ? f[1] : f[0]));
          }
        }
        if (r.ok()) {
          return;
        }
      } catch (IOException | InterruptedException e) {
        return; // cleanup of test images: nothing to report
      }
    }
  }

  @Override
  public void close() {
    removeLocalImages();
  }
}

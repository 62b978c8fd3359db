package dtk.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dtk.spec.model.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds a rendered dnf Containerfile with the real podman (chroot isolation) on a busybox-static
 * base image with stub dnf/useradd, then reads the labels and files back byte for byte.
 */
class RenderBuildIT {
  private static final String DNF_STUB =
      String.join(
          "\n",
          "#!/bin/sh",
          "# records what it is asked and creates what kernel-core would: /lib/modules/<kver>.<arch>/config",
          "echo \"dnf $*\" >> /var/log/dnf-stub.log",
          "for a in \"$@\"; do",
          "  if grep -qxF -- \"$a\" /etc/dnf-stub-missing; then echo \"No match for argument: $a\" >&2; exit 1; fi",
          "  case \"$a\" in",
          "    kernel-core-*) d=/lib/modules/${a#kernel-core-}.$(uname -m); mkdir -p \"$d\";",
          "      printf '%s\\n' 'CONFIG_CC_VERSION_TEXT=\"gcc (GCC) 11.4.1 20231218 (Red Hat 11.4.1-3)\"' 'CONFIG_GCC_VERSION=110401' > \"$d/config\" ;;",
          "  esac",
          "done",
          "exit 0",
          "");
  private static final String USERADD_STUB =
      String.join(
          "\n",
          "#!/bin/sh",
          "echo \"useradd $*\" >> /var/log/dnf-stub.log",
          "uid=; while [ $# -gt 1 ]; do case \"$1\" in -u) uid=$2; shift ;; esac; shift; done",
          "echo \"$1:x:$uid:$uid::/home/$1:/bin/sh\" >> /etc/passwd",
          "");

  private static final String APT_GET_STUB =
      String.join(
          "\n",
          "#!/bin/sh",
          "# records what it is asked (and whether the build secret is mounted); linux-headers-<kver> creates",
          "# the headers' .config the way Debian's package does",
          "s=absent; [ -f /run/secrets/token ] && s=\"$(cat /run/secrets/token)\"",
          "echo \"apt-get $* [secret:$s] [frontend:${DEBIAN_FRONTEND:-}]\" >> /var/log/apt-stub.log",
          "for a in \"$@\"; do",
          "  case \"$a\" in",
          "    linux-headers-*) d=/usr/src/$a; mkdir -p \"$d\";",
          "      printf '%s\\n' 'CONFIG_CC_VERSION_TEXT=\"gcc-12 (Debian 12.2.0-14) 12.2.0\"' 'CONFIG_GCC_VERSION=120200' > \"$d/.config\" ;;",
          "  esac",
          "done",
          "exit 0",
          "");
  private static final String APT_CACHE_STUB =
      String.join(
          "\n",
          "#!/bin/sh",
          "echo \"apt-cache $*\" >> /var/log/apt-stub.log",
          "[ \"$1 $2\" = 'show gcc-12' ]",
          "");

  private final String id =
      HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(8).putLong(System.nanoTime()).array());
  private final String base = "localhost/dtk-render-it/base:" + id;
  private final String image = "localhost/dtk-render-it/dtk:" + id;
  private final List<String> cleanup = new ArrayList<>();

  record Run(int exit, String out) {}

  static Run run(Path dir, String... argv) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", argv));
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  static Run ok(Path dir, String... argv) throws IOException, InterruptedException {
    Run r = run(dir, argv);
    assertThat(r.exit()).as(String.join(" ", argv) + "\n" + r.out()).isZero();
    return r;
  }

  @BeforeEach
  void requirePodman() throws InterruptedException {
    boolean present;
    try {
      present =
          run(null, "podman", "--version").exit() == 0 && run(null, "busybox", "true").exit() == 0;
    } catch (IOException e) {
      present = false;
    }
    if (!present) {
      if ("true".equals(System.getenv("CI"))) {
        fail("podman and busybox are required for this test when CI=true");
      }
      assumeTrue(false, "podman or busybox not installed");
    }
  }

  @AfterEach
  void removeImages() throws Exception {
    for (String c : cleanup) {
      run(null, "podman", c.startsWith("ctr:") ? "rm" : "rmi", "-f", c.replaceFirst("^ctr:", ""));
    }
  }

  private void buildBase(Path tmp) throws Exception {
    Path root = tmp.resolve("rootfs");
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.copy(
        Path.of(ok(null, "sh", "-c", "command -v busybox").out().strip()), bin.resolve("busybox"));
    for (String applet : ok(null, "busybox", "--list").out().split("\n")) {
      if (!applet.isBlank() && !applet.equals("busybox")) {
        Files.createSymbolicLink(bin.resolve(applet.strip()), Path.of("busybox"));
      }
    }
    Path usrBin = Files.createDirectories(root.resolve("usr/bin"));
    Path usrSbin = Files.createDirectories(root.resolve("usr/sbin"));
    for (var stub :
        Map.of(
                usrBin.resolve("dnf"),
                DNF_STUB,
                usrSbin.resolve("useradd"),
                USERADD_STUB,
                usrBin.resolve("apt-get"),
                APT_GET_STUB,
                usrBin.resolve("apt-cache"),
                APT_CACHE_STUB)
            .entrySet()) {
      Files.writeString(stub.getKey(), stub.getValue());
      Files.setPosixFilePermissions(stub.getKey(), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.createDirectories(root.resolve("var/lib/apt/lists"));
    Path etc = Files.createDirectories(root.resolve("etc/dnf"));
    Files.writeString(etc.resolve("dnf.conf"), "[main]\ngpgcheck=1\nbest=False\n");
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
    Files.writeString(
        root.resolve("etc/os-release"),
        "NAME=\"CentOS Stream\"\nID=\"centos\"\nVERSION_ID=\"9\"\n");
    Files.writeString(root.resolve("etc/dnf-stub-missing"), "gcc-11.4.1\n");
    Files.createDirectories(root.resolve("var/log"));
    Files.createDirectories(root.resolve("tmp"));
    ok(null, "tar", "-C", root.toString(), "-cf", tmp.resolve("rootfs.tar").toString(), ".");
    ok(
        null,
        "podman",
        "import",
        "--change",
        "CMD [\"/bin/sh\"]",
        tmp.resolve("rootfs.tar").toString(),
        base);
    cleanup.add(base);
  }

  @Test
  void renderedContainerfile_buildsWithPodman_andLabelsComeBackByteExact(@TempDir Path tmp)
      throws Exception {
    buildBase(tmp);
    String arch = "aarch64".equals(System.getProperty("os.arch")) ? "aarch64" : "x86_64";
    Map<String, String> hostile =
        TestSpecs.labels(
            "tricky", "a$HOME b\\c $${X} 'q' #nc \"dq\" $(id) `id`",
            "unicode", "Grüße – ☃",
            "trailing", "ends with a backslash\\",
            "empty", "",
            "version", "${kernel.version}");
    Spec spec =
        TestSpecs.withBase(
            TestSpecs.with(TestSpecs.centosLike(true), hostile), base, List.of(arch));
    Target target = TestSpecs.targets(spec).get(0);
    BuildContext ctx = Renderer.builtIn().render(target);
    assertThat(ctx.labels()).containsEntry("tricky", "a$HOME b\\c ${X} 'q' #nc \"dq\" $(id) `id`");
    Path dir = tmp.resolve("context");
    ContextWriter.write(ctx, dir);

    List<String> argv =
        new ArrayList<>(
            List.of(
                "podman", "build", "--isolation", "chroot", "--pull=never", "--timestamp", "0"));
    ctx.buildArgs().forEach((k, v) -> argv.addAll(List.of("--build-arg", k + "=" + v)));
    ctx.engineLabels().forEach((k, v) -> argv.addAll(List.of("--label", k + "=" + v)));
    argv.addAll(
        List.of("-t", image, "-f", dir.resolve("Containerfile").toString(), dir.toString()));
    cleanup.add(image);
    ok(null, argv.toArray(String[]::new));

    for (var e : ctx.allLabels().entrySet()) {
      Run r =
          ok(
              null,
              "podman",
              "image",
              "inspect",
              "--format",
              "{{index .Config.Labels \"" + e.getKey() + "\"}}",
              image);
      assertThat(r.out()).as("label " + e.getKey()).isEqualTo(e.getValue() + "\n");
    }

    String ctr = "dtk-render-it-" + id;
    ok(null, "podman", "create", "--name", ctr, image);
    cleanup.add(0, "ctr:" + ctr);
    Path got = Files.createDirectories(tmp.resolve("got"));
    for (String f :
        List.of(
            "/etc/driver-toolkit-release.json",
            "/etc/driver-toolkit-release.sh",
            "/var/log/dnf-stub.log",
            "/etc/dnf/dnf.conf")) {
      ok(
          null,
          "podman",
          "cp",
          ctr + ":" + f,
          got.resolve(Path.of(f).getFileName().toString()).toString());
    }
    String kv = "5.14.0-498.el9." + arch;
    boolean rt = arch.equals("x86_64");
    assertThat(Files.readString(got.resolve("driver-toolkit-release.json")))
        .isEqualTo(
            "{\n"
                + "  \"KERNEL_VERSION\": \""
                + kv
                + "\",\n"
                + (rt
                    ? "  \"RT_KERNEL_VERSION\": \"" + kv + "+rt\",\n"
                    : "  \"KERNEL_64K_VERSION\": \"" + kv + "+64k\",\n")
                + "  \"RHEL_VERSION\": \"9\",\n"
                + "  \"OS_ID\": \"centos\",\n"
                + "  \"OS_VERSION\": \"9\"\n}\n");
    assertThat(Files.readString(got.resolve("driver-toolkit-release.sh")))
        .isEqualTo(
            "KERNEL_VERSION=\""
                + kv
                + "\"\n"
                + (rt
                    ? "RT_KERNEL_VERSION=\"" + kv + "+rt\"\n"
                    : "KERNEL_64K_VERSION=\"" + kv + "+64k\"\n")
                + "RHEL_VERSION=\"9\"\nOS_ID=\"centos\"\nOS_VERSION=\"9\"\n");
    assertThat(Files.readString(got.resolve("dnf.conf")))
        .isEqualTo("[main]\nbest=True\ntsflags=nodocs\ninstall_weak_deps=False\ngpgcheck=1\n");
    String log = Files.readString(got.resolve("dnf-stub.log"));
    assertThat(log)
        .isEqualTo(
            "dnf -y update --exclude kernel*\n"
                + "dnf -y install binutils mokutil\n"
                + "dnf clean all\n"
                + "useradd -u 1001 -m -s /bin/sh builder\n"
                + "dnf -y install kernel-core-5.14.0-498.el9 kernel-devel-5.14.0-498.el9 kernel-modules-5.14.0-498.el9\n"
                + (rt
                    ? "dnf -y install --enablerepo=rt kernel-rt-devel-5.14.0-498.el9 kernel-rt-modules-5.14.0-498.el9\n"
                    : "dnf -y install kernel-64k-devel-5.14.0-498.el9\n")
                + "dnf -y install gcc-11.4.1 gcc-c++-11.4.1\n"
                + "dnf -y install gcc gcc-c++\n"
                + "dnf clean all\n");

    // The next kernel reuses every layer before ARG KERNEL_VERSION from the cache.
    Spec next =
        TestSpecs.withKernel(
            spec,
            new dtk.spec.model.KernelSpec(
                List.of("5.14.0-499.el9"),
                null,
                spec.kernel().packages(),
                spec.kernel().variants()));
    BuildContext ctx2 = Renderer.builtIn().render(TestSpecs.targets(next).get(0));
    Path dir2 = tmp.resolve("context2");
    ContextWriter.write(ctx2, dir2);
    List<String> argv2 =
        new ArrayList<>(
            List.of(
                "podman", "build", "--isolation", "chroot", "--pull=never", "--timestamp", "0"));
    ctx2.buildArgs().forEach((k, v) -> argv2.addAll(List.of("--build-arg", k + "=" + v)));
    ctx2.engineLabels().forEach((k, v) -> argv2.addAll(List.of("--label", k + "=" + v)));
    String image2 = image + "-next";
    argv2.addAll(
        List.of("-t", image2, "-f", dir2.resolve("Containerfile").toString(), dir2.toString()));
    cleanup.add(image2);
    String second = ok(null, argv2.toArray(String[]::new)).out();
    String beforeKernel = second.substring(0, second.indexOf("ARG KERNEL_VERSION"));
    assertThat(beforeKernel.split("Using cache", -1)).as(second).hasSizeGreaterThanOrEqualTo(4);
    // ... and runs the kernel layer (the first RUN after the ARG) for the new kernel
    String kernelLayer = second.substring(second.indexOf("RUN case \"${KERNEL_VERSION:-}\""));
    assertThat(kernelLayer).as(second).doesNotContain("Using cache");

    // Without the build argument the kernel layer refuses to build.
    List<String> noArg =
        new ArrayList<>(
            List.of(
                "podman",
                "build",
                "--isolation",
                "chroot",
                "--pull=never",
                "-f",
                dir.resolve("Containerfile").toString(),
                dir.toString()));
    Run r = run(null, noArg.toArray(String[]::new));
    assertThat(r.exit()).isNotZero();
    assertThat(r.out()).contains("dtk: build argument KERNEL_VERSION is missing");
  }

  @Test
  void renderedAptContainerfile_buildsWithPodman_mountsSecretsOnlyWhereUsed(@TempDir Path tmp)
      throws Exception {
    buildBase(tmp);
    Spec spec = TestSpecs.withBase(TestSpecs.debianLike(), base, List.of("x86_64"));
    assumeTrue(!"aarch64".equals(System.getProperty("os.arch")), "the fixture spec is x86_64 only");
    BuildContext ctx = Renderer.builtIn().render(TestSpecs.targets(spec).get(0));
    Path dir = tmp.resolve("context");
    ContextWriter.write(ctx, dir);
    Path secret = Files.writeString(tmp.resolve("token"), "s3cret");

    List<String> argv =
        new ArrayList<>(
            List.of(
                "podman", "build", "--isolation", "chroot", "--pull=never", "--timestamp", "0"));
    ctx.buildArgs().forEach((k, v) -> argv.addAll(List.of("--build-arg", k + "=" + v)));
    ctx.secrets()
        .forEach(sec -> argv.addAll(List.of("--secret", "id=" + sec.id() + ",src=" + secret)));
    argv.addAll(
        List.of("-t", image, "-f", dir.resolve("Containerfile").toString(), dir.toString()));
    cleanup.add(image);
    ok(null, argv.toArray(String[]::new));

    String ctr = "dtk-render-it-apt-" + id;
    ok(null, "podman", "create", "--name", ctr, image);
    cleanup.add(0, "ctr:" + ctr);
    Path got = Files.createDirectories(tmp.resolve("got"));
    for (String f : List.of("/etc/driver-toolkit-release.json", "/var/log/apt-stub.log")) {
      ok(
          null,
          "podman",
          "cp",
          ctr + ":" + f,
          got.resolve(Path.of(f).getFileName().toString()).toString());
    }
    String frontend = "[secret:s3cret] [frontend:noninteractive]";
    assertThat(Files.readString(got.resolve("apt-stub.log")))
        .isEqualTo(
            "apt-get update "
                + frontend
                + "\n"
                + "apt-get -y upgrade "
                + frontend
                + "\n"
                + "apt-get -y install --no-install-recommends gcc make kmod "
                + frontend
                + "\n"
                + "apt-get clean "
                + frontend
                + "\n"
                + "apt-get update "
                + frontend
                + "\n"
                + "apt-get -y install --no-install-recommends linux-headers-6.1.0-18-amd64 "
                + frontend
                + "\n"
                + "apt-cache show gcc-12\n"
                + "apt-get -y install --no-install-recommends gcc-12 "
                + frontend
                + "\n"
                + "apt-get clean "
                + frontend
                + "\n");
    assertThat(Files.readString(got.resolve("driver-toolkit-release.json")))
        .isEqualTo(
            "{\n  \"KERNEL_VERSION\": \"6.1.0-18-amd64\",\n  \"OS_ID\": \"centos\",\n  \"OS_VERSION\": \"9\"\n}\n");
    // the secret was mounted for the package steps only, never stored in a layer
    assertThat(
            run(null, "podman", "cp", ctr + ":/run/secrets/token", got.resolve("leak").toString())
                .exit())
        .isNotZero();
    assertThat(
            ok(
                    null,
                    "podman",
                    "image",
                    "inspect",
                    "--format",
                    "{{json .Config}} {{json .History}}",
                    image)
                .out())
        .doesNotContain("s3cret");
  }
}

package dtk.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.testing.FixtureImages;
import dtk.exec.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped canary context (Containerfile + check.sh) built for real with podman FROM fake
 * toolkits: the rpm fixture base plus stub {@code make} and {@code modinfo} that "compile" a module
 * whose vermagic is its kernel's release, or a wrong one, or print a compiler warning. The real
 * compile is proven by the Debian proof (it/debian/prove.sh); this proves the verdicts.
 */
class CanaryVerifierIT {
  private static final List<String> CHROOT = List.of("--isolation=chroot"); // this machine cannot run the OCI runtime
  private static final String RELEASE = "9.9.9-1.test.x86_64";
  private static final String KERNEL = "9.9.9-1.test";
  private static final List<String> localTags = new ArrayList<>();
  private static FixtureImages images;
  private static ContainerEngine podman;

  private static final String MAKE_STUB = """
      #!/bin/sh
      # stub of 'make -C /lib/modules/<release>/build M=<dir> modules': writes a fake module
      set -eu
      kdir=""; mdir=""
      while [ $# -gt 0 ]; do
        case "$1" in
          -C) kdir=$2; shift 2 ;;
          M=*) mdir=${1#M=}; shift ;;
          *) shift ;;
        esac
      done
      release=${kdir#/lib/modules/}; release=${release%/build}
      if [ -f /etc/canary-warn ]; then echo "warning: the compiler differs from the one used to build the kernel"; fi
      vermagic="$release SMP mod_unload modversions"
      if [ -f /etc/canary-vermagic ]; then vermagic=$(cat /etc/canary-vermagic); fi
      echo "  CC [M]  $mdir/dtk_canary.o"
      printf '%s\\n' "$vermagic" > "$mdir/dtk_canary.ko"
      """;
  private static final String MODINFO_STUB = """
      #!/bin/sh
      # stub of modinfo [-F vermagic] FILE for the fake module above
      if [ "$1" = -F ]; then cat "$3"; else printf 'filename: %s\\nlicense: GPL\\nvermagic: %s\\n' "$1" "$(cat "$1")"; fi
      """;

  @BeforeAll
  static void fixtures() {
    Tools.require("podman", "buildah", "skopeo", "docker-registry");
    images = FixtureImages.shared();
    podman = ContainerEngines.create("podman", ProcessRunner.local());
  }

  @AfterAll
  static void removeImages() throws Exception {
    for (String t : localTags) {
      ProcessRunner.local().run(Invocation.of("podman", "rmi", "--force", t));
    }
  }

  /** A fake toolkit FROM the rpm fixture base with one kernel build dir and the stubs; extra RUN lines vary it. */
  private static String fakeToolkit(Path dir, String extraRun) throws Exception {
    Files.writeString(dir.resolve("make"), MAKE_STUB);
    Files.writeString(dir.resolve("modinfo"), MODINFO_STUB);
    Files.writeString(dir.resolve("Containerfile"), "FROM " + images.localRpmBase() + "\n"
        + "COPY make modinfo /usr/local/bin/\n"
        + "RUN chmod 755 /usr/local/bin/make /usr/local/bin/modinfo && mkdir -p /lib/modules/" + RELEASE + "/build"
        + (extraRun.isEmpty() ? "" : " && " + extraRun) + "\n");
    String tag = "localhost/dtk-exec-it/fake-toolkit:" + UUID.randomUUID().toString().substring(0, 8);
    localTags.add(tag);
    BuildResult built = podman.build(BuildRequest.builder(dir, tag).platform(Platform.X86_64)
        .pull(PullPolicy.NEVER).extraArgs(CHROOT).build());
    return built.imageId();
  }

  private static CanaryVerifier.Result verify(String image, String kernel, Path work, List<String> log)
      throws InterruptedException {
    CanaryVerifier.Result r = null;
    try {
      r = new CanaryVerifier(podman).verify(image, kernel, Platform.X86_64, CHROOT, work.resolve("canary"),
          (stream, line) -> log.add(line));
      return r;
    } finally {
      localTags.add("localhost/dtk-canary:" + kernel);
    }
  }

  @Test
  void aToolkitThatBuildsTheModuleForItsKernel_passes(@TempDir Path dir) throws Exception {
    String image = fakeToolkit(dir, "");
    List<String> log = new CopyOnWriteArrayList<>();

    CanaryVerifier.Result result = verify(image, KERNEL, dir, log);

    assertThat(result.releases()).containsExactly(
        new CanaryVerifier.Verified(RELEASE, RELEASE + " SMP mod_unload modversions"));
    assertThat(result.kernelVersion()).isEqualTo(KERNEL);
    assertThat(log).anyMatch(l -> l.startsWith("dtk-canary: ok: " + RELEASE));
    assertThat(dir.resolve("canary")).as("the context is removed afterwards").doesNotExist();
  }

  @Test
  void aModuleWhoseVermagicNamesAnotherKernel_fails(@TempDir Path dir) throws Exception {
    String image = fakeToolkit(dir, "echo '9.9.8-1.test.x86_64 SMP mod_unload' > /etc/canary-vermagic");

    assertThatThrownBy(() -> verify(image, KERNEL, dir, new CopyOnWriteArrayList<>()))
        .isInstanceOf(CanaryFailedException.class)
        .hasMessageContaining("for kernel " + KERNEL + " failed")
        .hasMessageContaining("vermagic is '9.9.8-1.test.x86_64 SMP mod_unload', not " + RELEASE);
  }

  @Test
  void aCompilerWarning_fails(@TempDir Path dir) throws Exception {
    String image = fakeToolkit(dir, "touch /etc/canary-warn");

    assertThatThrownBy(() -> verify(image, KERNEL, dir, new CopyOnWriteArrayList<>()))
        .isInstanceOf(CanaryFailedException.class)
        .hasMessageContaining("printed warnings");
  }

  @Test
  void anImageWithoutTheTargetKernel_fails(@TempDir Path dir) throws Exception {
    String image = fakeToolkit(dir, "");

    assertThatThrownBy(() -> verify(image, "9.9.10-1.test", dir, new CopyOnWriteArrayList<>()))
        .isInstanceOf(CanaryFailedException.class)
        .hasMessageContaining("no /lib/modules/<release>/build for kernel 9.9.10-1.test (have: " + RELEASE + ")");
  }

  @Test
  void aToolkitWithoutMake_failsSayingSo(@TempDir Path dir) throws Exception {
    String image = fakeToolkit(dir, "rm /usr/local/bin/make /usr/bin/make"); // the fixture base has a make stub too

    assertThatThrownBy(() -> verify(image, KERNEL, dir, new CopyOnWriteArrayList<>()))
        .isInstanceOf(CanaryFailedException.class)
        .hasMessageContaining("make is not installed in the toolkit image");
  }
}

package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.StateStore;
import dtk.exec.testing.RegistryFixture;
import dtk.exec.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dtk apply} of the shipped {@code specs/debian.yaml} for real: a debootstrap base, real
 * apt installs from Debian's archive, and {@code verify.canary}: the canary module is compiled
 * against the built image and its vermagic checked before the image is pushed.
 */
class ApplyDebianCanaryIT {
  @TempDir Path dir;

  @Test void debianToolkit_isVerifiedWithTheCanaryModule_thenPushed() throws Exception {
    Tools.require("bash", "debootstrap", "podman", "buildah", "docker-registry", "tar", "flock");
    if (!"root".equals(System.getProperty("user.name"))) {
      Tools.unavailable("debootstrap needs root");
    }
    Path root = Path.of("..").toAbsolutePath().normalize();
    RegistryFixture registry = RegistryFixture.shared();
    String base = script(root, "it/debian/base-image.sh", "--push", registry.host());
    String kernel = script(root, "it/debian/pick-kernel.sh", "--image", base);
    Path report = dir.resolve("report.json");

    Cli.Result r = Cli.run("apply", root.resolve("specs/debian.yaml").toString(), "--kernel-version", kernel,
        "--set", "baseImage=" + base, "--set", "image.registry=" + registry.host(),
        "--set", "image.organization=apply-canary-" + ProcessHandle.current().pid(),
        "--tls-verify=false", "--engine-arg=--isolation=chroot",
        "--state-dir", dir.resolve("state").toString(), "--log-dir", dir.resolve("logs").toString(),
        "--report", report.toString());

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).containsPattern("debian/x86_64/" + kernel.replace(".", "\\.") + " +build +pushed +sha256:");
    String log = Files.readString(dir.resolve("logs").resolve(StateStore.safeName("debian/x86_64/" + kernel) + ".log"),
        StandardCharsets.UTF_8);
    assertThat(log).contains("### dtk: verify release file: ok, KERNEL_VERSION " + kernel)
        .contains("### dtk: verify kernel installed: ok, /lib/modules/" + kernel)
        .contains("### dtk: verify canary: ok, vermagic " + kernel + " ");
    assertThat(Files.readString(report)).contains("\"result\": \"pushed\"");
    // the toolkit image is large: drop its tag (the layers stay cached for the next run)
    new ProcessBuilder("podman", "rmi", "--force",
        registry.host() + "/apply-canary-" + ProcessHandle.current().pid() + "/driver-toolkit:" + kernel + ".x86_64")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
  }

  /** Runs a repository script (test code may start processes directly) and returns its stdout. */
  private static String script(Path root, String script, String... args) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of("bash", root.resolve(script).toString()));
    argv.addAll(List.of(args));
    Path err = Files.createTempFile("dtk-script-", ".err");
    try {
      Process p = new ProcessBuilder(argv).directory(root.toFile()).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertThat(p.waitFor(20, TimeUnit.MINUTES)).as(script + " finished").isTrue();
      assertThat(p.exitValue()).as(script + ":\n" + Files.readString(err)).isZero();
      return out;
    } finally {
      Files.deleteIfExists(err);
    }
  }
}

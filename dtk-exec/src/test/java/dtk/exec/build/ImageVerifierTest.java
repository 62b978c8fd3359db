package dtk.exec.build;

import static dtk.exec.testing.FakeProcessRunner.ANY;
import static dtk.exec.testing.FakeProcessRunner.result;
import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.testing.FakeProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageVerifierTest {
  @TempDir Path scratch;

  private final FakeProcessRunner fake = new FakeProcessRunner();
  private final ImageVerifier verifier =
      new ImageVerifier(fake, "podman", List.of("--isolation=chroot"), Duration.ofMinutes(5));

  private void expectReleaseFile(String json) {
    fake.expect("podman", "create", "--pull=never", "localhost/dtk:1.aarch64", "true")
        .answer(0, "cid123\n", "");
    fake.expect("podman", "cp", "cid123:/etc/driver-toolkit-release.json", ANY)
        .answer(
            inv -> {
              FakeProcessRunner.write(inv.argv().get(3), json);
              return result(0, "", "");
            });
    fake.expect("podman", "rm", "-f", "cid123").answer(0, "", "");
  }

  private void expectThrowawayBuild(String stdout, int exit) {
    fake.expect(
            "podman",
            "build",
            "--pull=never",
            "--platform",
            "linux/arm64",
            "--iidfile",
            ANY,
            "-f",
            ANY,
            "--layers=false",
            "--isolation=chroot",
            ANY)
        .answer(
            inv -> {
              String containerfile =
                  Files.readString(Path.of(FakeProcessRunner.valueAfter(inv, "-f")));
              assertThat(containerfile).startsWith("FROM localhost/dtk:1.aarch64\nUSER root\n");
              FakeProcessRunner.write(
                  FakeProcessRunner.valueAfter(inv, "--iidfile"), "sha256:throwaway\n");
              return result(exit, stdout, "");
            });
    fake.expect("podman", "rmi", "-f", "sha256:throwaway").answer(0, "", "");
  }

  @Test
  void matchingImage_passesEveryCheck_andTheThrowawayImageIsRemoved() throws Exception {
    expectReleaseFile("{\"KERNEL_VERSION\": \"6.1.0-1.aarch64\"}");
    expectThrowawayBuild(
        "STEP 1\n@@dtk-verify kernel 6.1.0-1.aarch64\n"
            + "@@dtk-verify vermagic 6.1.0-1.aarch64 SMP mod_unload aarch64\n",
        0);

    ImageVerifier.Result r =
        verifier.verify("localhost/dtk:1.aarch64", "aarch64", "6.1.0-1", true, scratch, null);

    assertThat(r.ok()).as(r.failures()).isTrue();
    assertThat(r.checks())
        .extracting(ImageVerifier.Check::name)
        .containsExactly("release file", "kernel installed", "canary");
    fake.verifyDone();
  }

  @Test
  void releaseFileNamingAnotherKernel_fails_andSaysBoth() throws Exception {
    expectReleaseFile("{\"KERNEL_VERSION\": \"6.1.0-9.aarch64\"}");
    expectThrowawayBuild("@@dtk-verify kernel 6.1.0-1.aarch64\n", 0);

    ImageVerifier.Result r =
        verifier.verify("localhost/dtk:1.aarch64", "aarch64", "6.1.0-1", false, scratch, null);

    assertThat(r.ok()).isFalse();
    assertThat(r.failures())
        .isEqualTo(
            "release file: KERNEL_VERSION is 6.1.0-9.aarch64 in "
                + "/etc/driver-toolkit-release.json, expected 6.1.0-1.aarch64");
  }

  @Test
  void missingKernel_fails() throws Exception {
    expectReleaseFile("{\"KERNEL_VERSION\": \"6.1.0-1\"}");
    expectThrowawayBuild("@@dtk-verify kernel-missing\n", 3);

    ImageVerifier.Result r =
        verifier.verify("localhost/dtk:1.aarch64", "aarch64", "6.1.0-1", false, scratch, null);

    assertThat(r.failures())
        .isEqualTo(
            "kernel installed: none of /lib/modules/6.1.0-1.aarch64, /lib/modules/6.1.0-1 exists in the image");
  }

  @Test
  void canaryWithForeignVermagic_fails() {
    var checks =
        ImageVerifier.interpret(
            result(
                0,
                "@@dtk-verify kernel 6.1.0-1-arm64\n@@dtk-verify vermagic 6.1.0-2-arm64 SMP\n",
                ""),
            List.of("6.1.0-1-arm64.aarch64", "6.1.0-1-arm64"),
            true);

    assertThat(checks.get(1))
        .satisfies(
            c -> {
              assertThat(c.ok()).isFalse();
              assertThat(c.detail())
                  .isEqualTo("vermagic '6.1.0-2-arm64 SMP' does not start with 6.1.0-1-arm64");
            });
  }

  @Test
  void canaryThatDidNotCompile_failsWithTheBuildOutput() {
    var checks =
        ImageVerifier.interpret(
            result(
                2, "@@dtk-verify kernel 6.1.0-1\n", "make: *** No rule to make target 'modules'"),
            List.of("6.1.0-1"),
            true);

    assertThat(checks.get(1).ok()).isFalse();
    assertThat(checks.get(1).detail()).contains("did not build").contains("No rule to make target");
  }
}

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

/**
 * {@link ModuleVerifier}: the throwaway build's argv and Containerfile, and how results are read
 * back and shown.
 */
class ModuleVerifierTest {
  @TempDir Path tmp;

  private final FakeProcessRunner fake = new FakeProcessRunner();
  private final ModuleVerifier verifier =
      new ModuleVerifier(fake, "podman", List.of("--isolation=chroot"));

  @Test
  void eachSourceIsCopiedAndBuiltInItsOwnRun_asTheImagesUser_andTheThrowawayImageIsRemoved()
      throws Exception {
    Path a = Files.createDirectories(tmp.resolve("src/a"));
    Files.writeString(a.resolve("dkms.conf"), "PACKAGE_NAME=a\n");
    Files.createDirectories(a.resolve(".git"));
    Files.writeString(a.resolve(".git/HEAD"), "ref\n");
    Files.createSymbolicLink(a.resolve("link"), Path.of("/etc/passwd"));
    Path b = Files.createDirectories(tmp.resolve("src/b"));
    Files.writeString(b.resolve("Makefile"), "obj-m := b.o\n");
    fake.expect(
            "podman",
            "build",
            "--pull=never",
            "--platform",
            "linux/amd64",
            "--iidfile",
            ANY,
            "-f",
            ANY,
            "--layers=false",
            "--isolation=chroot",
            ANY)
        .answer(
            inv -> {
              Path cf = Path.of(FakeProcessRunner.valueAfter(inv, "-f"));
              String text = Files.readString(cf);
              String mark =
                  text.substring(
                      text.indexOf("@@dtk-module-"),
                      text.indexOf(' ', text.indexOf("@@dtk-module-")));
              assertThat(text)
                  .isEqualTo(
                      "FROM sha256:toolkit\n"
                          + "COPY build-module.sh /opt/dtk-modules/build-module.sh\n"
                          + "COPY m0 /opt/dtk-modules/m0\nCOPY m1 /opt/dtk-modules/m1\n"
                          + "RUN bash /opt/dtk-modules/build-module.sh m0 1200 "
                          + mark
                          + " '6.1.0-9-amd64.x86_64' '6.1.0-9-amd64'\n"
                          + "RUN bash /opt/dtk-modules/build-module.sh m1 30 "
                          + mark
                          + " '6.1.0-9-amd64.x86_64' '6.1.0-9-amd64'\n");
              assertThat(text).doesNotContain("USER");
              Path ctx = cf.getParent();
              assertThat(ctx.resolve("m0/dkms.conf")).exists();
              assertThat(ctx.resolve("m0/.git")).doesNotExist();
              assertThat(Files.isSymbolicLink(ctx.resolve("m0/link"))).isTrue();
              assertThat(ctx.resolve("build-module.sh")).exists();
              FakeProcessRunner.write(
                  FakeProcessRunner.valueAfter(inv, "--iidfile"), "sha256:throwaway\n");
              return result(
                  0,
                  "STEP 5/6: RUN bash ... m0 1200 "
                      + mark
                      + " x\n"
                      + mark
                      + " m0 kernel 6.1.0-9-amd64\n"
                      + "  CC [M]  a.o\n"
                      + mark
                      + " m0 seconds 12\n"
                      + mark
                      + " m0 vermagic 6.1.0-9-amd64 SMP\n"
                      + mark
                      + " m0 ko 2\n"
                      + mark
                      + " m0 result ok\n"
                      + mark
                      + " m0 error conftest.c:1: error: probe\n"
                      + mark
                      + " m1 kernel 6.1.0-9-amd64\n"
                      + mark
                      + " m1 seconds 3\n"
                      + mark
                      + " m1 result failed\n"
                      + mark
                      + " m1 result ok\n"
                      + mark
                      + " m1 detail MAKE failed: make\n"
                      + mark
                      + " m1 error b.c:1:2: error: nope\n",
                  "");
            });
    fake.expect("podman", "rmi", "-f", "sha256:throwaway").answer(0, "", "");

    List<ModuleResult> r =
        verifier.verify(
            "sha256:toolkit",
            "x86_64",
            List.of("6.1.0-9-amd64.x86_64", "6.1.0-9-amd64"),
            List.of(
                new ModuleVerifier.Source("drivers/a", a, true, 1200, null),
                new ModuleVerifier.Source("drivers/b", b, false, 30, null)),
            tmp.resolve("scratch"),
            null);

    assertThat(r).hasSize(2);
    assertThat(r.get(0))
        .isEqualTo(
            new ModuleResult(
                "drivers/a",
                null,
                true,
                ModuleResult.Status.OK,
                2,
                "6.1.0-9-amd64 SMP",
                12,
                null,
                null));
    // the first result line counts: the module's own output cannot turn a failure into success
    assertThat(r.get(1).status()).isEqualTo(ModuleResult.Status.FAILED);
    assertThat(r.get(1).blocks()).isFalse();
    assertThat(r.get(1).describe())
        .isEqualTo(
            "drivers/b: failed (optional), 0 .ko, 3 s: MAKE failed: make; first error: b.c:1:2: error: nope");
    fake.verifyDone();
  }

  @Test
  void aBuildThatStopsEarly_failsEveryModuleItDidNotReach() {
    List<ModuleVerifier.Source> s = List.of(new ModuleVerifier.Source("a", tmp, true, 60, null));
    List<ModuleResult> r =
        ModuleVerifier.interpret(
            "Error: no space left",
            "@@m",
            s,
            new dtk.exec.process.ProcessResult(
                125, "", "Error: no space left on device", Duration.ZERO));
    assertThat(r.get(0).status()).isEqualTo(ModuleResult.Status.FAILED);
    assertThat(r.get(0).blocks()).isTrue();
    assertThat(r.get(0).detail())
        .isEqualTo("the module build did not run: Error: no space left on device");
  }
}

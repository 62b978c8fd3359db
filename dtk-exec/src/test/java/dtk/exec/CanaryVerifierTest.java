package dtk.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier's contract with the engine, with a hand-written engine that plays back output lines. */
class CanaryVerifierTest {

  /** Records the request and the context it saw, then prints {@code lines} as the build's output. */
  private static final class ScriptedEngine implements ContainerEngine {
    final List<String> lines;
    final boolean fail;
    BuildRequest request;
    List<String> contextFiles = new ArrayList<>();

    ScriptedEngine(boolean fail, String... lines) {
      this.fail = fail;
      this.lines = List.of(lines);
    }

    @Override public String name() {
      return "scripted";
    }

    @Override public EngineInfo info() {
      throw new UnsupportedOperationException();
    }

    @Override public BuildResult build(BuildRequest r) {
      request = r;
      try (var s = Files.list(r.contextDir())) {
        s.map(p -> p.getFileName().toString()).sorted().forEach(contextFiles::add);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      lines.forEach(l -> r.output().line(OutputListener.Stream.STDOUT, l));
      if (fail) {
        throw new ToolFailedException(Invocation.of("scripted", "build"), 1, lines.get(lines.size() - 1), null);
      }
      return new BuildResult("sha256:canary", r.tag(), List.of());
    }

    @Override public String push(String localImage, ImageRef remote, RegistryOptions options, OutputListener output) {
      throw new UnsupportedOperationException();
    }

    @Override public String pushIndex(ImageRef remote, List<ImageRef> images, RegistryOptions options, OutputListener output) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void buildsTheShippedContextFromTheImage_neverPulling(@TempDir Path dir) throws Exception {
    var engine = new ScriptedEngine(false, "dtk-canary: ok: 6.1.0-56-amd64: vermagic 6.1.0-56-amd64 SMP preempt mod_unload modversions ");

    var result = new CanaryVerifier(engine).verify("sha256:toolkit", "6.1.0-56-amd64", Platform.X86_64,
        List.of("--isolation=chroot"), dir.resolve("ctx"), null);

    assertThat(engine.contextFiles).containsExactlyElementsOf(Canary.FILES);
    assertThat(engine.request.buildArgs()).containsEntry("DTK_IMAGE", "sha256:toolkit").containsEntry("KERNEL_VERSION", "6.1.0-56-amd64");
    assertThat(engine.request.pull()).isEqualTo(PullPolicy.NEVER);
    assertThat(engine.request.extraArgs()).containsExactly("--isolation=chroot");
    assertThat(result.releases()).containsExactly(
        new CanaryVerifier.Verified("6.1.0-56-amd64", "6.1.0-56-amd64 SMP preempt mod_unload modversions"));
    assertThat(result.canaryImageId()).isEqualTo("sha256:canary");
  }

  @Test
  void aPassingBuildThatReportsOnlyOtherKernels_isAFailure(@TempDir Path dir) {
    var engine = new ScriptedEngine(false, "dtk-canary: ok: 5.14.0-1.el9.x86_64: vermagic 5.14.0-1.el9.x86_64 SMP");

    assertThatThrownBy(() -> new CanaryVerifier(engine).verify("img", "5.14.0-2.el9", Platform.X86_64, List.of(), dir.resolve("c"), null))
        .isInstanceOf(CanaryFailedException.class)
        .hasMessageContaining("reported no module for kernel 5.14.0-2.el9");
  }

  @Test
  void aFailedBuild_carriesCheckShReason(@TempDir Path dir) {
    var engine = new ScriptedEngine(true, "  CC [M]  /tmp/dtk-canary/x/dtk_canary.o",
        "dtk-canary: FAIL: built against /lib/modules/x/build, vermagic is 'y SMP', not x");

    assertThatThrownBy(() -> new CanaryVerifier(engine).verify("img", "x", Platform.X86_64, List.of(), dir.resolve("c"), null))
        .isInstanceOf(CanaryFailedException.class)
        .hasMessageContaining("failed: built against /lib/modules/x/build, vermagic is 'y SMP', not x");
  }

  @Test
  void targetReleases_areTheVersionItselfOrItWithAnArchOrFlavourSuffix() {
    assertThat(CanaryVerifier.isTarget("6.1.0-56-amd64", "6.1.0-56-amd64")).isTrue();
    assertThat(CanaryVerifier.isTarget("5.14.0-498.el9.x86_64", "5.14.0-498.el9")).isTrue();
    assertThat(CanaryVerifier.isTarget("5.14.0-498.el9.x86_64+rt", "5.14.0-498.el9")).isTrue();
    assertThat(CanaryVerifier.isTarget("6.1.0-56-amd64", "6.1.0-5")).isFalse();
    assertThat(CanaryVerifier.isTarget("5.14.0-4980.el9.x86_64", "5.14.0-498")).isFalse();
  }
}

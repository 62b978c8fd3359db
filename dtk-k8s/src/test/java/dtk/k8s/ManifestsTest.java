package dtk.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.plan.RenderedTargets;
import dtk.render.BuildContext;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ManifestsTest {
  final RenderedTargets shipped = TestTargets.shipped();

  private ApplyTarget first(RenderedTargets r) {
    return r.targets().get(0);
  }

  /**
   * The first shipped context with one more file of {@code bytes} random (incompressible)
   * characters.
   */
  private RenderedTargets withFile(int bytes) {
    BuildContext c = shipped.context(first(shipped));
    Map<String, String> files = new LinkedHashMap<>(c.files());
    StringBuilder b = new StringBuilder();
    Random random = new Random(1);
    while (b.length() < bytes) {
      b.append((char) ('!' + random.nextInt(90)));
    }
    files.put("repos/big.repo", b.toString());
    return new RenderedTargets(
        List.of(
            new BuildContext(
                c.target(),
                c.containerfile(),
                files,
                c.buildArgs(),
                c.labels(),
                c.provenanceLabels(),
                c.unsetLabels(),
                c.secrets(),
                c.inputsDigest())));
  }

  @Test
  void aContextPastTheConfigMapLimit_isRefused_namingTheTarget() {
    RenderedTargets big = withFile(1000 * 1024);
    ApplyTarget t = first(big);
    assertThatThrownBy(() -> Manifests.of(t, big.context(t), TestTargets.settings(Path.of("logs"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("target " + t.id() + ": its build context makes a ConfigMap of ")
        .hasMessageContaining(
            "KiB, over the 900 KiB --executor kubernetes allows (etcd stores at most 1 MiB per object);"
                + " keep large files out of the spec's repositories and scripts, or build this target with the local executor"
                + " (dtk apply --only "
                + t.id()
                + ")");
  }

  @Test
  void verifyModules_areRefused_notSkipped() {
    BuildContext c = shipped.context(first(shipped));
    dtk.spec.model.Spec spec = c.target().spec();
    dtk.spec.model.Spec withModules =
        new dtk.spec.model.Spec(
            spec.file(),
            spec.source(),
            spec.apiVersion(),
            spec.kind(),
            spec.metadata(),
            spec.baseImage(),
            spec.packageManager(),
            spec.platforms(),
            spec.kernel(),
            spec.facts(),
            spec.repositories(),
            spec.compiler(),
            spec.packages(),
            spec.labels(),
            spec.unsetLabels(),
            spec.image(),
            spec.build(),
            new dtk.spec.model.VerifySpec(
                true,
                false,
                List.of(
                    new dtk.spec.model.ModuleSource(
                        Path.of("drivers/x"),
                        null,
                        null,
                        true,
                        dtk.spec.model.ModuleSource.DEFAULT_TIMEOUT,
                        "drivers/x"))));
    ApplyTarget t = first(shipped);
    BuildContext moved =
        new BuildContext(
            new dtk.render.Target(
                withModules,
                c.target().arch(),
                c.target().kernelVersion(),
                c.target().facts(),
                c.target().vcsRef(),
                c.target().images(),
                c.target().baseImage(),
                c.target().baseDigest(),
                c.target().sourceDateEpoch()),
            c.containerfile(),
            c.files(),
            c.buildArgs(),
            c.labels(),
            c.provenanceLabels(),
            c.unsetLabels(),
            c.secrets(),
            c.inputsDigest());
    assertThatThrownBy(() -> Manifests.of(t, moved, TestTargets.settings(Path.of("logs"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "target "
                + t.id()
                + ": verify.modules is not run by --executor kubernetes; build this target with"
                + " the local executor (dtk apply --only "
                + t.id()
                + "), or verify the pushed image afterwards with"
                + " dtk verify IMAGE --module DIR");
  }

  @Test
  void verifySignature_isRefused_notSkipped() {
    BuildContext c = shipped.context(first(shipped));
    dtk.spec.model.Spec spec = c.target().spec();
    dtk.spec.model.Spec withCheck =
        new dtk.spec.model.Spec(
            spec.file(),
            spec.source(),
            spec.apiVersion(),
            spec.kind(),
            spec.metadata(),
            spec.baseImage(),
            spec.packageManager(),
            spec.platforms(),
            spec.kernel(),
            spec.facts(),
            spec.repositories(),
            spec.compiler(),
            spec.packages(),
            spec.labels(),
            spec.unsetLabels(),
            spec.image(),
            spec.build(),
            new dtk.spec.model.VerifySpec(
                true,
                false,
                List.of(),
                new dtk.spec.model.SignatureCheck(Path.of("specs/policy.json"), "policy.json")));
    ApplyTarget t = first(shipped);
    BuildContext moved =
        new BuildContext(
            new dtk.render.Target(
                withCheck,
                c.target().arch(),
                c.target().kernelVersion(),
                c.target().facts(),
                c.target().vcsRef(),
                c.target().images(),
                c.target().baseImage(),
                c.target().baseDigest(),
                c.target().sourceDateEpoch()),
            c.containerfile(),
            c.files(),
            c.buildArgs(),
            c.labels(),
            c.provenanceLabels(),
            c.unsetLabels(),
            c.secrets(),
            c.inputsDigest());
    assertThatThrownBy(() -> Manifests.of(t, moved, TestTargets.settings(Path.of("logs"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "target "
                + t.id()
                + ": verify.signature is not run by --executor kubernetes; build this target with"
                + " the local executor (dtk apply --only "
                + t.id()
                + "), or check the pushed image afterwards with"
                + " dtk verify IMAGE --policy FILE");
  }

  @Test
  void aContextBelowTheLimit_fits() {
    RenderedTargets ok = withFile(500 * 1024);
    ApplyTarget t = first(ok);
    Manifests.Objects m = Manifests.of(t, ok.context(t), TestTargets.settings(Path.of("logs")));
    assertThat(m.configMap().getBinaryData().get("context.tar.gz").length())
        .isGreaterThan(500 * 1024);
  }

  @Test
  void theShippedSpecs_makeSmallConfigMaps() {
    for (ApplyTarget t : shipped.targets()) {
      Manifests.Objects m =
          Manifests.of(t, shipped.context(t), TestTargets.settings(Path.of("logs")));
      int size =
          m.configMap().getBinaryData().get("context.tar.gz").length()
              + m.configMap().getData().values().stream()
                  .mapToInt(v -> v.getBytes(StandardCharsets.UTF_8).length)
                  .sum();
      assertThat(size).as(t.id()).isLessThan(32 * 1024);
    }
  }

  @Test
  void namesAndLabelValues_stayWithinKubernetesLimits() {
    Digest digest = Digest.sha256Hex("0123456789abcdef".repeat(4));
    ApplyTarget t =
        new ApplyTarget(
            "a-very-long-spec-name-that-goes-on-and-on-and-on/aarch64/5.14.0-570.1.2.3.el9_6+rt",
            "a-very-long-spec-name-that-goes-on-and-on-and-on_X",
            "aarch64",
            "5.14.0-570.1.2.3.el9_6+rt",
            ImageRef.parse("r/o/n:t.aarch64"),
            ImageRef.parse("r/o/n:t"),
            digest,
            Map.of());
    assertThat(Manifests.jobName(t))
        .hasSizeLessThanOrEqualTo(63)
        .matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")
        .endsWith("-arm64-0123456789");
    assertThat(Manifests.labels(t).values())
        .allSatisfy(
            v ->
                assertThat(v)
                    .hasSizeLessThanOrEqualTo(63)
                    .matches("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?"));
    assertThat(Manifests.labels(t))
        .containsEntry("dtk.dev/inputs", "0123456789abcdef".repeat(3).substring(0, 40));
    assertThat(Manifests.selector(t))
        .isEqualTo(
            "app.kubernetes.io/managed-by=dtk,dtk.dev/inputs="
                + "0123456789abcdef".repeat(3).substring(0, 40));
  }

  @Test
  void theArchive_isTheSameBytesForTheSameFiles() {
    ApplyTarget t = first(shipped);
    byte[] a = ContextArchive.tarGz(Manifests.archiveFiles(shipped.context(t)), 1_700_000_000L);
    byte[] b = ContextArchive.tarGz(Manifests.archiveFiles(shipped.context(t)), 1_700_000_000L);
    assertThat(a).isEqualTo(b);
  }
}

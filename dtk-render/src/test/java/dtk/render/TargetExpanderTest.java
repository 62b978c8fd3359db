package dtk.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.spec.Diagnostic;
import dtk.spec.model.ImageSpec;
import dtk.spec.model.KernelSpec;
import dtk.spec.model.LabelSource;
import dtk.spec.model.Spec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetExpanderTest {
  private static Spec withImage(Spec s, ImageSpec image) {
    return new Spec(
        s.file(),
        s.source(),
        s.apiVersion(),
        s.kind(),
        s.metadata(),
        s.baseImage(),
        s.packageManager(),
        s.platforms(),
        s.kernel(),
        s.facts(),
        s.repositories(),
        s.compiler(),
        s.packages(),
        s.labels(),
        s.unsetLabels(),
        image,
        s.build(),
        s.verify());
  }

  private static List<Diagnostic> problems(Runnable r) {
    try {
      r.run();
    } catch (RenderException e) {
      return e.diagnostics();
    }
    throw new AssertionError("expected diagnostics");
  }

  @Test
  void oneTargetPerPlatformAndKernel() {
    Spec spec = TestSpecs.centosLike(false);
    Resolution r =
        OfflineResolver.resolve(
            spec,
            spec.platforms(),
            Pins.NONE.withKernelVersions(List.of("5.14.0-1.el9", "5.14.0-2.el9")));
    List<Target> targets = TargetExpander.targets(spec, null, r);
    assertThat(targets)
        .extracting(Target::id)
        .containsExactly(
            "test-centos/x86_64/5.14.0-1.el9", "test-centos/x86_64/5.14.0-2.el9",
            "test-centos/aarch64/5.14.0-1.el9", "test-centos/aarch64/5.14.0-2.el9");
    assertThat(targets.get(2).platform()).isEqualTo("linux/arm64");
    assertThat(targets.get(2).images().platform().toString())
        .isEqualTo("quay.io/centos/driver-toolkit:5.14.0-1.el9.aarch64");
    assertThat(targets.get(2).images().index().toString())
        .isEqualTo("quay.io/centos/driver-toolkit:5.14.0-1.el9");
  }

  @Test
  void platformFilter_keepsOnlyThosePlatforms() {
    Spec spec = TestSpecs.centosLike(false);
    assertThat(
            TargetExpander.targets(
                spec,
                List.of("aarch64"),
                OfflineResolver.resolve(spec, spec.platforms(), Pins.NONE)))
        .extracting(Target::arch)
        .containsExactly("aarch64");
    assertThat(
            TargetExpander.targets(
                spec, List.of("s390x"), OfflineResolver.resolve(spec, spec.platforms(), Pins.NONE)))
        .isEmpty();
  }

  @Test
  void plusInAKernelRelease_becomesUnderscoreInTags() {
    Spec spec = TestSpecs.centosLike(false);
    Resolution r =
        OfflineResolver.resolve(
            spec, spec.platforms(), Pins.NONE.withKernelVersions(List.of("6.10.0+rt14")));
    Target t = TargetExpander.targets(spec, List.of("x86_64"), r).get(0);
    assertThat(t.kernelVersion()).isEqualTo("6.10.0+rt14");
    assertThat(t.images().tag()).isEqualTo("6.10.0_rt14");
    assertThat(t.images().platformTag()).isEqualTo("6.10.0_rt14.x86_64");
  }

  @Test
  void platformTag_canBeSetBySpec() {
    Spec spec =
        withImage(
            TestSpecs.centosLike(false),
            new ImageSpec(
                "registry.local:5000",
                "",
                "dtk",
                "${kernel.version}",
                "${kernel.version}-${arch}"));
    Target t =
        TargetExpander.targets(
                spec,
                List.of("aarch64"),
                OfflineResolver.resolve(spec, spec.platforms(), Pins.NONE))
            .get(0);
    assertThat(t.images().platform().toString())
        .isEqualTo("registry.local:5000/dtk:5.14.0-498.el9-aarch64");
  }

  @Test
  void unpinnedKernel_offline_saysHowToPinIt() {
    Spec spec =
        TestSpecs.withKernel(
            TestSpecs.centosLike(false),
            new KernelSpec(
                List.of(),
                new LabelSource("quay.io/centos-bootc/centos-bootc:stream9", "ostree.linux"),
                List.of(),
                List.of()));
    Diagnostic d =
        problems(() -> OfflineResolver.resolve(spec, spec.platforms(), Pins.NONE)).get(0);
    assertThat(d.code()).isEqualTo("plan/unpinned-kernel");
    assertThat(d.at().toString()).isEqualTo("specs/test-centos.yaml:8:3");
    assertThat(d.message())
        .contains("ostree.linux")
        .contains("quay.io/centos-bootc/centos-bootc:stream9");
    assertThat(d.hint())
        .contains("--kernel-version")
        .contains("--set " + spec.name() + ":kernel.version=");
    // pinned on the command line, it plans
    assertThat(
            TargetExpander.targets(
                spec,
                null,
                OfflineResolver.resolve(
                    spec,
                    spec.platforms(),
                    Pins.NONE.withKernelVersions(List.of("5.14.0-500.el9")))))
        .hasSize(2);
  }

  @Test
  void unpinnedFact_offline_saysHowToPinIt() {
    Spec spec =
        TestSpecs.withFacts(
            TestSpecs.centosLike(false),
            Map.of(
                "compose",
                new LabelSource("quay.io/centos-bootc/centos-bootc:stream9", "redhat.compose-id")),
            List.of());
    Diagnostic d =
        problems(() -> OfflineResolver.resolve(spec, spec.platforms(), Pins.NONE)).get(0);
    assertThat(d.code()).isEqualTo("plan/unpinned-fact");
    assertThat(d.at().line()).isEqualTo(14);
    assertThat(d.message())
        .contains("pass --fact compose=VALUE")
        .doesNotContain("cannot look it up");
  }

  @Test
  void illegalKernelVersion_isRefused() {
    Spec spec = TestSpecs.centosLike(false);
    List<Diagnostic> ds =
        problems(
            () ->
                TargetExpander.targets(
                    spec,
                    null,
                    OfflineResolver.resolve(
                        spec,
                        spec.platforms(),
                        Pins.NONE.withKernelVersions(List.of("5.14; id")))));
    assertThat(ds.get(0).code()).isEqualTo("plan/kernel-version");
    assertThat(ds.get(0).message()).contains("'5.14; id'");
  }

  @Test
  void illegalTag_isRefusedAtTheTag() {
    Spec spec =
        withImage(
            TestSpecs.centosLike(false),
            new ImageSpec("quay.io", "x", "y", "${kernel.version}:bad", null));
    Diagnostic d = problems(() -> TestSpecs.targets(spec)).get(0);
    assertThat(d.code()).isEqualTo("plan/tag");
    assertThat(d.message()).contains("5.14.0-498.el9:bad");
  }

  @Test
  void malformedBaseDigest_isRefused() {
    Spec spec = TestSpecs.centosLike(false);
    assertThatThrownBy(
            () ->
                TargetExpander.targets(
                    spec,
                    null,
                    OfflineResolver.resolve(
                        spec,
                        spec.platforms(),
                        new Pins(List.of(), Map.of(), Map.of("x86_64", "latest"), null, null))))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining("not a sha256 digest");
  }

  @Test
  void severalSpecs_reportEveryUnpinnedSpec_andSkipPlatformsTheyDoNotBuild() {
    Spec pinned = TestSpecs.debianLike();
    Spec unpinned =
        TestSpecs.withKernel(
            TestSpecs.centosLike(false),
            new KernelSpec(
                List.of(),
                new LabelSource("quay.io/x/bootc:1", "ostree.linux"),
                List.of(),
                List.of()));
    Spec alsoUnpinned = TestSpecs.withKernel(TestSpecs.centosLike(true), unpinned.kernel());
    List<Diagnostic> ds =
        problems(
            () ->
                TargetExpander.targets(
                    List.of(pinned, unpinned, alsoUnpinned), null, OfflineResolver.of(Pins.NONE)));
    assertThat(ds)
        .extracting(Diagnostic::code)
        .containsExactly("plan/unpinned-kernel", "plan/unpinned-kernel");
    // the x86_64-only spec is skipped without asking the resolver
    List<String> asked = new java.util.ArrayList<>();
    Resolver recording =
        (spec, archs) -> {
          asked.add(spec.name() + archs);
          return OfflineResolver.resolve(spec, archs, Pins.NONE.withKernelVersions(List.of("1.0")));
        };
    assertThat(TargetExpander.targets(List.of(pinned, unpinned), List.of("aarch64"), recording))
        .extracting(Target::id)
        .containsExactly("test-centos/aarch64/1.0");
    assertThat(asked).containsExactly("test-centos[aarch64]");
  }

  @Test
  void defaultsSpec_hasNoTargets() {
    Spec s = TestSpecs.centosLike(false);
    Spec defaults =
        new Spec(
            s.file(),
            s.source(),
            s.apiVersion(),
            dtk.spec.model.Kind.DriverToolkitDefaults,
            s.metadata(),
            s.baseImage(),
            s.packageManager(),
            s.platforms(),
            s.kernel(),
            s.facts(),
            s.repositories(),
            s.compiler(),
            s.packages(),
            s.labels(),
            s.unsetLabels(),
            s.image(),
            s.build(),
            s.verify());
    assertThat(
            TargetExpander.targets(
                defaults, null, new Resolution(Map.of(), Map.of(), Map.of(), null, null)))
        .isEmpty();
  }
}

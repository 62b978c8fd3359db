package dtk.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.spec.Diagnostic;
import dtk.spec.Digest;
import dtk.spec.model.BuildSpec;
import dtk.spec.model.LabelSource;
import dtk.spec.model.PackageEntry;
import dtk.spec.model.SecretSpec;
import dtk.spec.model.Spec;
import dtk.spec.model.UserSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RendererTest {
  private static BuildContext render(Spec spec, String arch) {
    return Renderer.builtIn()
        .render(
            TestSpecs.targets(spec).stream()
                .filter(t -> t.arch().equals(arch))
                .findFirst()
                .orElseThrow());
  }

  private static Diagnostic renderError(Spec spec) {
    try {
      Renderer.builtIn().renderAll(TestSpecs.targets(spec));
    } catch (RenderException e) {
      return e.diagnostics().get(0);
    }
    throw new AssertionError("expected a render error");
  }

  @Test
  void renderingTwice_isByteIdentical() {
    Spec spec = TestSpecs.centosLike(true);
    BuildContext a = Renderer.builtIn().render(TestSpecs.targets(spec).get(0));
    BuildContext b =
        Renderer.withTemplates(null).render(TestSpecs.targets(TestSpecs.centosLike(true)).get(0));
    assertThat(b.containerfile()).isEqualTo(a.containerfile());
    assertThat(ContextWriter.files(b)).isEqualTo(ContextWriter.files(a));
    assertThat(b.inputsDigest()).isEqualTo(a.inputsDigest());
  }

  @Test
  void kernelArg_isDeclaredAfterTheKernelIndependentLayer() {
    String cf = render(TestSpecs.centosLike(true), "x86_64").containerfile();
    int update = cf.indexOf("dnf -y update --exclude 'kernel*'");
    int tools = cf.indexOf("dnf -y install binutils mokutil");
    int user = cf.indexOf("RUN useradd -u 1001 -m");
    int arg = cf.indexOf("ARG KERNEL_VERSION\n");
    int kernel = cf.indexOf("dnf -y install kernel-core-\"${KERNEL_VERSION}\"");
    assertThat(update).isPositive();
    assertThat(tools).isGreaterThan(update);
    assertThat(arg).isGreaterThan(tools).isGreaterThan(user);
    assertThat(kernel).isGreaterThan(arg);
    assertThat(cf.substring(0, arg)).doesNotContain("KERNEL_VERSION").doesNotContain("5.14.0");
    assertThat(cf).containsOnlyOnce("ARG KERNEL_VERSION");
  }

  @Test
  void kernelIndependentPart_isIdenticalForTwoKernels() {
    Spec spec = TestSpecs.centosLike(false);
    Resolution r =
        OfflineResolver.resolve(
            spec,
            spec.platforms(),
            Pins.NONE.withKernelVersions(List.of("5.14.0-1.el9", "5.14.0-2.el9")));
    List<Target> targets = TargetExpander.targets(spec, List.of("x86_64"), r);
    String a = Renderer.builtIn().render(targets.get(0)).containerfile();
    String b = Renderer.builtIn().render(targets.get(1)).containerfile();
    int cut = a.indexOf("ARG KERNEL_VERSION");
    assertThat(b.substring(0, cut)).isEqualTo(a.substring(0, cut));
  }

  @Test
  void kernelVersion_isAMandatoryBuildArgument() {
    BuildContext c = render(TestSpecs.centosLike(false), "x86_64");
    assertThat(c.buildArgs()).containsEntry("KERNEL_VERSION", "5.14.0-498.el9");
    assertThat(c.buildArgs().keySet()).first().isEqualTo("KERNEL_VERSION");
    assertThat(c.containerfile())
        .contains("ARG KERNEL_VERSION\n")
        .doesNotContain("ARG KERNEL_VERSION=")
        .contains(
            "case \"${KERNEL_VERSION:-}\" in '' | *[!A-Za-z0-9._+~-]*) echo 'dtk: build argument KERNEL_VERSION is missing");
  }

  @Test
  void rtVariant_onlyWhenEnabled_onlyOnItsPlatforms_withItsRepo() {
    String on = render(TestSpecs.centosLike(true), "x86_64").containerfile();
    assertThat(on)
        .contains(
            "dnf -y install --enablerepo=rt kernel-rt-devel-\"${KERNEL_VERSION}\" kernel-rt-modules-\"${KERNEL_VERSION}\"")
        .contains("'RT_KERNEL_VERSION' \"$kv\"'+rt'");
    String arm = render(TestSpecs.centosLike(true), "aarch64").containerfile();
    assertThat(arm)
        .doesNotContain("kernel-rt")
        .doesNotContain("RT_KERNEL_VERSION")
        .contains("dnf -y install kernel-64k-devel-\"${KERNEL_VERSION}\"")
        .contains("'KERNEL_64K_VERSION' \"$kv\"'+64k'");
    String off = render(TestSpecs.centosLike(false), "x86_64").containerfile();
    assertThat(off)
        .doesNotContain("kernel-rt")
        .doesNotContain("RT_KERNEL_VERSION")
        .doesNotContain("enablerepo");
  }

  @Test
  void toolPackages_followTheirPlatforms_andGccComesFromTheKernelLayer() {
    String cf = render(TestSpecs.centosLike(false), "x86_64").containerfile();
    assertThat(cf)
        .contains("dnf -y install binutils mokutil \\")
        .doesNotContain("only-ppc")
        .contains("cfg=/lib/modules/\"${KERNEL_VERSION}\".x86_64/config")
        .contains("dnf -y install \"gcc-$gccv\" \"gcc-c++-$gccv\"; then")
        .contains("dnf -y install gcc gcc-c++; fi");
  }

  @Test
  void dnfOptions_areWrittenToDnfConf_notWithConfigManager() {
    String cf = render(TestSpecs.centosLike(false), "x86_64").containerfile();
    assertThat(cf)
        .doesNotContain("config-manager")
        .contains("/etc/dnf/dnf.conf")
        .contains("a best=True")
        .contains("a tsflags=nodocs")
        .contains("a install_weak_deps=False");
    assertThat(cf).doesNotContain("<<");
  }

  @Test
  void releaseFiles_carryOpenshiftKeys() {
    String cf = render(TestSpecs.centosLike(false), "x86_64").containerfile();
    assertThat(cf)
        .contains("kv=\"${KERNEL_VERSION}.x86_64\"")
        .contains("/etc/driver-toolkit-release.json")
        .contains("/etc/driver-toolkit-release.sh")
        .contains("\"RHEL_VERSION\"")
        .contains("VERSION_ID");
  }

  @Test
  void labels_areSetAtTheEnd_andReturnedAsData() {
    BuildContext c = render(TestSpecs.centosLike(false), "x86_64");
    assertThat(c.labels())
        .containsEntry("version", "5.14.0-498.el9")
        .containsEntry("name", "driver-toolkit")
        .containsEntry("org.opencontainers.image.base.name", "quay.io/centos/centos:stream9");
    assertThat(c.unsetLabels()).containsExactly("release", "url");
    String cf = c.containerfile();
    assertThat(cf.indexOf("LABEL ")).isGreaterThan(cf.indexOf("driver-toolkit-release.sh"));
    assertThat(cf).contains("      version=\"5.14.0-498.el9\"").endsWith("USER builder\n");
  }

  @Test
  void hostileLabelValues_areEscaped() {
    Spec spec =
        TestSpecs.with(
            TestSpecs.centosLike(false),
            TestSpecs.labels("tricky", "a$HOME b\\c $${X} 'q' #nc \"dq\" $(id) `id`"));
    BuildContext c = render(spec, "x86_64");
    assertThat(c.labels()).containsEntry("tricky", "a$HOME b\\c ${X} 'q' #nc \"dq\" $(id) `id`");
    assertThat(c.containerfile())
        .contains("tricky=\"a\\$HOME b\\\\c \\${X} 'q' #nc \\\"dq\\\" \\$(id) `id`\"");
  }

  @Test
  void newlineInALabel_isAnErrorAtTheLabelsLocation() {
    Spec spec =
        TestSpecs.with(TestSpecs.centosLike(false), TestSpecs.labels("version", "1\nRUN id"));
    Diagnostic d = renderError(spec);
    assertThat(d.at().toString()).isEqualTo("specs/test-centos.yaml:20:3");
    assertThat(d.code()).isEqualTo("render/label");
    assertThat(d.message()).contains("label 'version'").contains("newline");
  }

  @Test
  void badLabelKey_isAnError() {
    Diagnostic d =
        renderError(TestSpecs.with(TestSpecs.centosLike(false), TestSpecs.labels("a b", "x")));
    assertThat(d.message()).contains("label key 'a b'");
  }

  @Test
  void hostilePackageNames_areQuotedOrRefused() {
    Spec spec =
        TestSpecs.withPackages(
            TestSpecs.centosLike(false),
            List.of(
                new PackageEntry("perl(Foo::Bar)", List.of()),
                new PackageEntry("*-devel", List.of())));
    assertThat(render(spec, "x86_64").containerfile())
        .contains("dnf -y install 'perl(Foo::Bar)' '*-devel' \\");
    for (String name : List.of("$(id)", "a'b", "a\"b", "a`id`", "a\\", "a;b", "a\u202eb")) {
      Diagnostic refused =
          renderError(
              TestSpecs.withPackages(
                  TestSpecs.centosLike(false), List.of(new PackageEntry(name, List.of()))));
      assertThat(refused.code()).isEqualTo("render/package");
      assertThat(refused.message()).contains("which no package name has");
    }
    Diagnostic d =
        renderError(
            TestSpecs.withPackages(
                TestSpecs.centosLike(false), List.of(new PackageEntry("--nogpgcheck", List.of()))));
    assertThat(d.message()).contains("starts with '-'");
    d =
        renderError(
            TestSpecs.withPackages(
                TestSpecs.centosLike(false), List.of(new PackageEntry("a\nb", List.of()))));
    assertThat(d.message()).contains("newline");
  }

  @Test
  void unresolvedReference_isAnErrorAtItsLocation() {
    Diagnostic d =
        renderError(
            TestSpecs.with(TestSpecs.centosLike(false), TestSpecs.labels("version", "${vcs.ref}")));
    assertThat(d.code()).isEqualTo("render/unresolved");
    assertThat(d.at().line()).isEqualTo(20);
  }

  @Test
  void secrets_areMountedOnlyIntoPackageSteps() {
    Spec spec =
        TestSpecs.withBuild(
            TestSpecs.centosLike(false),
            new BuildSpec(
                Map.of(),
                List.of(
                    new SecretSpec("rhsm-org", "RHSM_ORG", null),
                    new SecretSpec("rhsm-activationkey", null, "/k")),
                null,
                true));
    BuildContext c = render(spec, "x86_64");
    String cf = c.containerfile();
    assertThat(cf.split("--mount=type=secret,id=rhsm-org ", -1)).hasSize(3);
    assertThat(cf)
        .contains("subscription-manager register")
        .contains("subscription-manager unregister")
        .contains("exit $rc; }")
        .doesNotContain("COPY /k")
        .doesNotContain("RHSM_ORG");
    assertThat(c.secrets())
        .extracting(SecretSpec::id)
        .containsExactly("rhsm-org", "rhsm-activationkey");
    for (String line : cf.split("\n")) {
      if (line.startsWith("RUN kv=") || line.startsWith("RUN mkdir") || line.startsWith("LABEL")) {
        assertThat(line).doesNotContain("--mount");
      }
    }
  }

  @Test
  void buildArgs_areDeclaredAndReturned() {
    BuildContext c = render(TestSpecs.debianLike(), "x86_64");
    assertThat(c.buildArgs())
        .containsExactly(Map.entry("KERNEL_VERSION", "6.1.0-18-amd64"), Map.entry("EXTRA", "x"));
    assertThat(c.containerfile()).contains("ARG EXTRA\n");
  }

  @Test
  void aptTemplate_installsHeadersWithoutRecommends() {
    String cf = render(TestSpecs.debianLike(), "x86_64").containerfile();
    assertThat(cf)
        .contains("export DEBIAN_FRONTEND=noninteractive")
        .contains("apt-get update")
        .contains("apt-get -y install --no-install-recommends gcc make kmod")
        .contains("apt-get -y install --no-install-recommends linux-headers-\"${KERNEL_VERSION}\"")
        .contains("rm -rf /var/lib/apt/lists/*")
        .contains("/usr/src/linux-headers-\"${KERNEL_VERSION}\"/.config")
        .contains("kv=\"${KERNEL_VERSION}\"")
        .doesNotContain("RHEL_VERSION")
        .doesNotContain("dnf");
  }

  @Test
  void repoFiles_areInterpolated_dnfVariablesPassThrough(@TempDir Path dir) throws Exception {
    Path repo = dir.resolve("centos.repo");
    Files.writeString(
        repo,
        "[baseos]\nbaseurl=https://mirror/${facts.compose}/$releasever/BaseOS/$basearch/os/\n");
    Spec spec =
        TestSpecs.withFacts(
            TestSpecs.centosLike(false),
            Map.of(
                "compose",
                new LabelSource("quay.io/centos-bootc/centos-bootc:stream9", "redhat.compose-id")),
            List.of(repo));
    Resolution r =
        OfflineResolver.resolve(
            spec,
            spec.platforms(),
            new Pins(
                List.of(), Map.of("compose", "CentOS-Stream-9-20240708.0"), Map.of(), null, null));
    BuildContext c =
        Renderer.builtIn().render(TargetExpander.targets(spec, List.of("x86_64"), r).get(0));
    assertThat(c.files())
        .containsExactly(
            Map.entry(
                "repos/centos.repo",
                "[baseos]\nbaseurl=https://mirror/CentOS-Stream-9-20240708.0/$releasever/BaseOS/$basearch/os/\n"));
    String cf = c.containerfile();
    assertThat(cf).contains("COPY repos/centos.repo /etc/yum.repos.d/centos.repo\n");
    assertThat(cf.indexOf("COPY repos/")).isLessThan(cf.indexOf("dnf -y update"));
  }

  @Test
  void missingRepoFile_isAnErrorAtItsEntry(@TempDir Path dir) {
    Spec spec =
        TestSpecs.withFacts(
            TestSpecs.centosLike(false), Map.of(), List.of(dir.resolve("gone.repo")));
    Diagnostic d = renderError(spec);
    assertThat(d.message()).contains("gone.repo").contains("cannot be read");
  }

  @Test
  void user_isCreatedAndUsedLast() {
    String cf = render(TestSpecs.centosLike(false), "x86_64").containerfile();
    assertThat(cf)
        .contains("RUN useradd -u 1001 -m -s /bin/sh builder\n")
        .endsWith("USER builder\n");
    Diagnostic d =
        renderError(
            TestSpecs.withBuild(
                TestSpecs.centosLike(false),
                new BuildSpec(Map.of(), List.of(), new UserSpec("x; id", 1001), false)));
    assertThat(d.message()).contains("user name 'x; id'");
  }

  @Test
  void provenanceLabels_areForTheEngine_notTheDigest() {
    Spec spec = TestSpecs.centosLike(false);
    Resolution a =
        OfflineResolver.resolve(
            spec, spec.platforms(), new Pins(List.of(), Map.of(), Map.of(), "abc123", null));
    Resolution b =
        OfflineResolver.resolve(
            spec, spec.platforms(), new Pins(List.of(), Map.of(), Map.of(), "def456", null));
    BuildContext ca = Renderer.builtIn().render(TargetExpander.targets(spec, null, a).get(0));
    BuildContext cb = Renderer.builtIn().render(TargetExpander.targets(spec, null, b).get(0));
    assertThat(ca.engineLabels())
        .containsEntry("vcs.ref", "abc123")
        .containsEntry("org.opencontainers.image.revision", "abc123")
        .containsEntry(BuildContext.INPUTS_DIGEST_LABEL, ca.inputsDigest().toString());
    assertThat(ca.containerfile()).doesNotContain("abc123");
    assertThat(ca.inputsDigest()).isEqualTo(cb.inputsDigest());
  }

  @Test
  void baseDigest_pinsFrom_andChangesTheDigest() {
    Spec spec = TestSpecs.centosLike(false);
    String digest = "sha256:" + "ab".repeat(32);
    Resolution r =
        OfflineResolver.resolve(
            spec,
            spec.platforms(),
            new Pins(List.of(), Map.of(), Map.of("x86_64", digest), null, null));
    BuildContext pinned =
        Renderer.builtIn().render(TargetExpander.targets(spec, List.of("x86_64"), r).get(0));
    BuildContext loose = render(spec, "x86_64");
    assertThat(pinned.containerfile())
        .contains("FROM quay.io/centos/centos:stream9@" + digest + "\n");
    assertThat(pinned.labels()).containsEntry("org.opencontainers.image.base.digest", digest);
    assertThat(pinned.inputsDigest()).isNotEqualTo(loose.inputsDigest());
  }

  @Test
  void baseImagePinnedInTheSpec_recordsItsDigest() {
    String digest = "sha256:" + "cd".repeat(32);
    Spec spec =
        TestSpecs.withBase(
            TestSpecs.centosLike(false),
            "quay.io/centos/centos:stream9@" + digest,
            List.of("x86_64"));
    BuildContext c = render(spec, "x86_64");
    assertThat(c.containerfile()).contains("FROM quay.io/centos/centos:stream9@" + digest + "\n");
    assertThat(c.labels()).containsEntry("org.opencontainers.image.base.digest", digest);
  }

  @Test
  void aDefaultLabelTheSpecUnsets_isNotSet() {
    Spec s = TestSpecs.centosLike(false);
    Spec spec =
        new Spec(
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
            List.of("org.opencontainers.image.description"),
            s.image(),
            s.build(),
            s.verify());
    BuildContext c = render(spec, "x86_64");
    assertThat(c.labels()).doesNotContainKey("org.opencontainers.image.description");
    assertThat(c.unsetLabels()).containsExactly("org.opencontainers.image.description");
    assertThat(c.containerfile()).doesNotContain("org.opencontainers.image.description");
  }

  @Test
  void digest_differsPerPlatformAndKernel() {
    Spec spec = TestSpecs.centosLike(false);
    Resolution r =
        OfflineResolver.resolve(
            spec,
            spec.platforms(),
            Pins.NONE.withKernelVersions(List.of("5.14.0-1.el9", "5.14.0-2.el9")));
    List<Digest> digests =
        Renderer.builtIn().renderAll(TargetExpander.targets(spec, null, r)).stream()
            .map(BuildContext::inputsDigest)
            .toList();
    assertThat(digests)
        .hasSize(4)
        .doesNotHaveDuplicates()
        .allMatch(d -> d.toString().matches("sha256:[0-9a-f]{64}"));
  }

  @Test
  void unknownTemplateDirectory_isRefused(@TempDir Path dir) {
    assertThatThrownBy(() -> Renderer.withTemplates(dir.resolve("nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
  }
}

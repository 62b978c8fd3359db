package dtk.exec.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.ExecException;
import dtk.exec.Platform;
import dtk.exec.process.ProcessRunner;
import dtk.exec.registry.CachingImageInspector;
import dtk.exec.registry.ImageInfo;
import dtk.exec.registry.ImageInspector;
import dtk.exec.registry.PlatformImage;
import dtk.exec.registry.RegistryException;
import dtk.exec.testing.FakeProcessRunner;
import dtk.render.Pins;
import dtk.render.Resolution;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import dtk.spec.LoadResult;
import dtk.spec.SpecLoader;
import dtk.spec.model.Spec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Resolution of the shipped CentOS spec against a scripted registry and git. */
class OnlineResolverTest {
  private static final String BOOTC = "quay.io/centos-bootc/centos-bootc:stream9";
  private static final String BASE = "quay.io/centos/centos:stream9";
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  private final Map<String, ImageInfo> registry = new HashMap<>();
  private final FakeProcessRunner git = new FakeProcessRunner();
  private final ImageInspector inspector =
      new CachingImageInspector(
          r -> {
            ImageInfo i = registry.get(r.toString());
            if (i == null) {
              throw new RegistryException(
                  "image " + r + " not found in registry " + r.registry(), r.registry(), null);
            }
            return i;
          },
          Executors.newCachedThreadPool());

  private static Digest digest(char c) {
    return Digest.sha256Hex(String.valueOf(c).repeat(64));
  }

  private static Spec centos() {
    LoadResult r = SpecLoader.standard().load(List.of(Path.of("../specs/centos.yaml")));
    assertThat(r.diagnostics()).isEmpty();
    return r.specs().get(0);
  }

  private void bootc(String amd64Label, String arm64Label) {
    registry.put(
        BOOTC,
        new ImageInfo(
            ImageRef.parse(BOOTC),
            digest('0'),
            true,
            List.of(
                new PlatformImage(
                    Platform.X86_64,
                    digest('1'),
                    Map.of(
                        "ostree.linux",
                        amd64Label,
                        "redhat.compose-id",
                        "CentOS-Stream-9-20240101.0"),
                    null),
                new PlatformImage(
                    Platform.AARCH64,
                    digest('2'),
                    Map.of(
                        "ostree.linux",
                        arm64Label,
                        "redhat.compose-id",
                        "CentOS-Stream-9-20240102.0"),
                    null))));
    registry.put(
        BASE,
        new ImageInfo(
            ImageRef.parse(BASE),
            digest('3'),
            true,
            List.of(
                new PlatformImage(Platform.X86_64, digest('4'), Map.of(), null),
                new PlatformImage(Platform.AARCH64, digest('5'), Map.of(), null))));
  }

  private void gitAnswers(Spec spec) {
    String dir = spec.file().toAbsolutePath().normalize().getParent().toString();
    git.expect("git", "-C", dir, "rev-parse", "HEAD").answer(0, COMMIT + "\n", "");
    git.expect("git", "-C", dir, "log", "-1", "--format=%ct").answer(0, "1700000000\n", "");
  }

  @Test
  void kernelFactsAndBaseDigestArePerPlatform_archSuffixStripped() throws Exception {
    bootc("5.14.0-498.el9.x86_64", "5.14.0-499.el9.aarch64");
    Spec spec = centos();
    gitAnswers(spec);
    Resolution r =
        new OnlineResolver(inspector, git, Map.of())
            .resolve(spec, List.of("x86_64", "aarch64"), Pins.NONE);
    assertThat(r.kernelVersions())
        .containsExactly(
            Map.entry("x86_64", List.of("5.14.0-498.el9")),
            Map.entry("aarch64", List.of("5.14.0-499.el9")));
    assertThat(r.facts("x86_64"))
        .containsExactly(Map.entry("compose", "CentOS-Stream-9-20240101.0"));
    assertThat(r.facts("aarch64"))
        .containsExactly(Map.entry("compose", "CentOS-Stream-9-20240102.0"));
    assertThat(r.baseDigests())
        .containsExactly(
            Map.entry("x86_64", digest('4').toString()),
            Map.entry("aarch64", digest('5').toString()));
    assertThat(r.vcsRef()).isEqualTo(COMMIT);
    assertThat(r.sourceDateEpoch()).isEqualTo(1700000000L);
    git.verifyDone();
  }

  @Test
  void eachImageIsInspectedOnceForAWholeSpecSet() throws Exception {
    bootc("5.14.0-498.el9.x86_64", "5.14.0-498.el9.aarch64");
    Spec spec = centos();
    gitAnswers(spec); // the same directory: git runs once
    OnlineResolver resolver = new OnlineResolver(inspector, git, Map.of());
    resolver.resolveAll(List.of(spec, spec, spec), List.of(), Pins.NONE);
    assertThat(inspector.fetchCounts())
        .containsOnly(Map.entry(ImageRef.parse(BOOTC), 1), Map.entry(ImageRef.parse(BASE), 1));
    git.verifyDone();
  }

  @Test
  void theRepositoryIsReadWhileTheRegistryAnswers() throws Exception {
    bootc("5.14.0-498.el9.x86_64", "5.14.0-498.el9.aarch64");
    Spec spec = centos();
    gitAnswers(spec);
    CountDownLatch gitRan = new CountDownLatch(1);
    ProcessRunner runner =
        inv -> {
          gitRan.countDown();
          return git.run(inv);
        };
    // each registry answer waits for git: resolving the spec only after every answer would stall
    ImageInspector slow =
        new CachingImageInspector(
            r -> {
              try {
                if (!gitRan.await(10, TimeUnit.SECONDS)) {
                  throw new IllegalStateException("git did not run while " + r + " was read");
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
              return registry.get(r.toString());
            },
            Executors.newCachedThreadPool());

    Map<Spec, Resolution> r =
        new OnlineResolver(slow, runner, Map.of()).resolveAll(List.of(spec), List.of(), Pins.NONE);

    assertThat(r.get(spec).vcsRef()).isEqualTo(COMMIT);
    git.verifyDone();
  }

  @Test
  void pinsWinAndSkipTheRegistry() throws Exception {
    Spec spec = centos();
    Pins pins =
        new Pins(
            List.of("5.14.0-503.el9"),
            Map.of("compose", "C1"),
            Map.of("x86_64", digest('9').toString()),
            "v1",
            42L);
    Resolution r =
        new OnlineResolver(inspector, git, Map.of()).resolve(spec, List.of("x86_64"), pins);
    assertThat(r.kernelVersions("x86_64")).containsExactly("5.14.0-503.el9");
    assertThat(r.facts("x86_64")).containsEntry("compose", "C1");
    assertThat(r.baseDigests()).containsEntry("x86_64", digest('9').toString());
    assertThat(r.vcsRef()).isEqualTo("v1");
    assertThat(r.sourceDateEpoch()).isEqualTo(42L);
    assertThat(inspector.fetchCounts()).isEmpty();
  }

  @Test
  void sourceDateEpochFromTheEnvironmentBeatsGit() throws Exception {
    bootc("5.14.0-498.el9.x86_64", "5.14.0-498.el9.aarch64");
    Spec spec = centos();
    String dir = spec.file().toAbsolutePath().normalize().getParent().toString();
    git.expect("git", "-C", dir, "rev-parse", "HEAD").answer(0, COMMIT + "\n", "");
    Resolution r =
        new OnlineResolver(inspector, git, Map.of("SOURCE_DATE_EPOCH", "123"))
            .resolve(spec, List.of("x86_64"), Pins.NONE);
    assertThat(r.sourceDateEpoch()).isEqualTo(123L);
    git.verifyDone();
  }

  @Test
  void outsideAGitCheckoutTheCommitIsUnknown() throws Exception {
    bootc("5.14.0-498.el9.x86_64", "5.14.0-498.el9.aarch64");
    Spec spec = centos();
    String dir = spec.file().toAbsolutePath().normalize().getParent().toString();
    git.expect("git", "-C", dir, "rev-parse", "HEAD")
        .answer(128, "", "fatal: not a git repository\n");
    Resolution r =
        new OnlineResolver(inspector, git, Map.of()).resolve(spec, List.of("x86_64"), Pins.NONE);
    assertThat(r.vcsRef()).isNull();
    assertThat(r.sourceDateEpoch()).isNull();
  }

  @Test
  void aMissingLabelNamesImageLabelAndSpec() throws Exception {
    registry.put(
        BOOTC,
        new ImageInfo(
            ImageRef.parse(BOOTC),
            digest('0'),
            false,
            List.of(new PlatformImage(Platform.X86_64, digest('0'), Map.of(), null))));
    Spec spec = centos();
    gitAnswers(spec);
    assertThatThrownBy(
            () ->
                new OnlineResolver(inspector, git, Map.of())
                    .resolve(spec, List.of("x86_64"), Pins.NONE))
        .isInstanceOf(ExecException.class)
        .hasMessage(
            "image "
                + BOOTC
                + " (linux/amd64) has no label 'ostree.linux', which spec 'centos' reads its kernel version from");
  }

  @Test
  void aLabelOfAnotherArchIsAnError() throws Exception {
    bootc("5.14.0-498.el9.aarch64", "5.14.0-498.el9.aarch64");
    Spec spec = centos();
    gitAnswers(spec);
    assertThatThrownBy(
            () ->
                new OnlineResolver(inspector, git, Map.of())
                    .resolve(spec, List.of("x86_64"), Pins.NONE))
        .isInstanceOf(ExecException.class)
        .hasMessageContaining("for x86_64 names a aarch64 kernel (5.14.0-498.el9.aarch64)");
  }

  @Test
  void anUnknownImageIsARegistryError() throws Exception {
    Spec spec = centos();
    gitAnswers(spec);
    assertThatThrownBy(
            () ->
                new OnlineResolver(inspector, git, Map.of())
                    .resolve(spec, List.of("x86_64"), Pins.NONE))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("not found in registry quay.io");
  }

  @Test
  void threeUnreadableImagesInThreeRegistries_areNamedInOneRun(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    java.nio.file.Files.copy(Path.of("../specs/common.yaml"), dir.resolve("common.yaml"));
    Path file =
        java.nio.file.Files.writeString(
            dir.resolve("three.yaml"),
            String.join(
                "\n",
                "apiVersion: dtk/v1",
                "kind: DriverToolkit",
                "metadata: {name: three}",
                "extends: common.yaml",
                "baseImage: base.test/org/base:1",
                "packageManager: dnf",
                "platforms: [x86_64]",
                "kernel:",
                "  source: {image: bootc.test/org/bootc:1, label: ostree.linux}",
                "  packages: [kernel-devel]",
                "facts:",
                "  compose: {image: facts.test/org/facts:1, label: redhat.compose-id}",
                "image: {organization: o}",
                ""));
    LoadResult loaded = SpecLoader.standard().load(List.of(file));
    assertThat(loaded.diagnostics()).isEmpty();
    Spec spec = loaded.specs().get(0);
    String d = spec.file().toAbsolutePath().normalize().getParent().toString();
    git.expect("git", "-C", d, "rev-parse", "HEAD")
        .answer(128, "", "fatal: not a git repository\n");
    assertThatThrownBy(
            () ->
                new OnlineResolver(inspector, git, Map.of())
                    .resolveAll(List.of(spec), List.of(), Pins.NONE))
        .isInstanceOf(ExecException.class)
        .hasMessage(
            "3 images could not be read:\n"
                + "  - image bootc.test/org/bootc:1 not found in registry bootc.test\n"
                + "  - image facts.test/org/facts:1 not found in registry facts.test\n"
                + "  - image base.test/org/base:1 not found in registry base.test")
        .satisfies(
            e -> assertThat(((ExecException) e).hint()).contains("fix each reference above"));
  }

  @Test
  void oneUnreadableImage_isReportedAsItIs() throws Exception {
    bootc("5.14.0-498.el9.x86_64", "5.14.0-498.el9.aarch64");
    registry.remove(BASE);
    Spec spec = centos();
    gitAnswers(spec);
    assertThatThrownBy(
            () ->
                new OnlineResolver(inspector, git, Map.of())
                    .resolveAll(List.of(spec, spec), List.of("x86_64"), Pins.NONE))
        .isExactlyInstanceOf(RegistryException.class)
        .hasMessage("image " + BASE + " not found in registry quay.io");
  }
}

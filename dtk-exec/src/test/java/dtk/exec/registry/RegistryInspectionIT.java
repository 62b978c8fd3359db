package dtk.exec.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.ExecException;
import dtk.exec.Platform;
import dtk.exec.process.Invocation;
import dtk.exec.process.ProcessResult;
import dtk.exec.process.ProcessRunner;
import dtk.exec.testing.FixtureImages;
import dtk.exec.testing.RegistryFixture;
import dtk.exec.testing.Tools;
import dtk.spec.ImageRef;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ImageInspector against a real registry holding the fixture images; skopeo as the reference. */
class RegistryInspectionIT {
  private static FixtureImages images;

  @BeforeAll
  static void fixtures() {
    Tools.require("podman", "skopeo", "docker-registry");
    images = FixtureImages.shared();
  }

  private static ImageInspector inspector() {
    return Registries.inspector(new RegistryOptions(false, null));
  }

  private static String skopeo(String... args) {
    List<String> argv =
        new java.util.ArrayList<>(List.of("skopeo", "inspect", "--tls-verify=false"));
    argv.addAll(List.of(args));
    try {
      ProcessResult r = ProcessRunner.local().run(Invocation.of(argv));
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      return r.stdout().trim();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void singlePlatformImage_digestLabelsAndPlatformMatchSkopeo() throws Exception {
    ImageRef amd64 = images.registry().ref("fixtures/centos-stubs:stream9-amd64");
    ImageInfo info = inspector().inspect(amd64);
    assertThat(info.index()).isFalse();
    assertThat(info.digest().toString())
        .isEqualTo(skopeo("--format", "{{.Digest}}", "docker://" + amd64));
    PlatformImage p = info.forPlatform(Platform.X86_64);
    assertThat(p.digest()).isEqualTo(info.digest());
    assertThat(p.labels()).containsAllEntriesOf(FixtureImages.RPM_BASE_LABELS);
    assertThat(p.created()).isNotNull();
    // the same image is the amd64 entry of the rpm base's index
    assertThat(inspector().inspect(images.rpmBase()).forPlatform(Platform.X86_64).digest())
        .isEqualTo(info.digest());
  }

  @Test
  void multiArchIndex_givesEachPlatformsDigestAndLabels() throws Exception {
    ImageInfo info = inspector().inspect(images.bootc());
    assertThat(info.index()).isTrue();
    assertThat(info.digest())
        .hasToString(skopeo("--format", "{{.Digest}}", "docker://" + images.bootc()));
    assertThat(info.platforms())
        .extracting(PlatformImage::platform)
        .containsExactlyInAnyOrder(Platform.X86_64, Platform.AARCH64);
    PlatformImage amd = info.forPlatform(Platform.X86_64);
    PlatformImage arm = info.forPlatform(Platform.AARCH64);
    assertThat(amd.label("ostree.linux")).isEqualTo(FixtureImages.KERNEL + ".x86_64");
    assertThat(arm.label("ostree.linux")).isEqualTo(FixtureImages.KERNEL + ".aarch64");
    assertThat(amd.label("redhat.compose-id")).isEqualTo(FixtureImages.COMPOSE);
    assertThat(amd.digest()).isNotEqualTo(arm.digest()).isNotEqualTo(info.digest());
    assertThat(
            skopeo(
                "--override-arch",
                "arm64",
                "--format",
                "{{.Digest}}",
                "docker://" + images.bootc().withDigest(arm.digest())))
        .isEqualTo(arm.digest().toString());
    assertThat(
            skopeo(
                "--override-arch",
                "arm64",
                "--format",
                "{{index .Labels \"ostree.linux\"}}",
                "docker://" + images.bootc()))
        .isEqualTo(arm.label("ostree.linux"));
  }

  @Test
  void aMissingPlatformIsNamed() throws Exception {
    ImageInfo info = inspector().inspect(images.busybox());
    assertThatThrownBy(() -> info.forPlatform(Platform.AARCH64))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("has no linux/arm64 image (it has linux/amd64)");
  }

  @Test
  void eachImageIsFetchedOncePerInspectorHoweverManyAsk() throws Exception {
    ImageInspector insp = inspector();
    List<CompletableFuture<ImageInfo>> fs = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      fs.add(insp.inspectAsync(images.bootc()));
      fs.add(insp.inspectAsync(images.rpmBase()));
    }
    CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0])).join();
    assertThat(insp.fetchCounts())
        .containsEntry(images.bootc(), 1)
        .containsEntry(images.rpmBase(), 1)
        .hasSize(2);
  }

  @Test
  void byDigestReferencesAreVerified() throws Exception {
    ImageInfo byTag = inspector().inspect(images.busybox());
    ImageInfo byDigest = inspector().inspect(images.busybox().withDigest(byTag.digest()));
    assertThat(byDigest.digest()).isEqualTo(byTag.digest());
  }

  @Test
  void unknownImage_saysWhichImageAndRegistryAndWhatToTry() {
    ImageRef missing = images.registry().ref("fixtures/no-such-image:1");
    assertThatThrownBy(() -> inspector().inspect(missing))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining(
            "image " + missing + " not found in registry " + images.registry().host())
        .satisfies(
            e -> assertThat(((ExecException) e).hint()).contains("check the image name and tag"));
    ImageRef missingTag = images.registry().ref("fixtures/busybox:no-such-tag");
    assertThatThrownBy(() -> inspector().inspect(missingTag))
        .hasMessageContaining("MANIFEST_UNKNOWN");
  }

  @Test
  void registryDown_saysConnectionRefusedAndWhatToTry() {
    RegistryFixture r = RegistryFixture.start();
    ImageRef ref = r.ref("fixtures/busybox:1");
    r.close();
    assertThatThrownBy(() -> inspector().inspect(ref))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "cannot reach registry "
                + ref.registry()
                + " for image "
                + ref
                + ": connection refused")
        .satisfies(
            e ->
                assertThat(((ExecException) e).hint())
                    .contains("check that the registry is running"));
  }

  @Test
  void tlsAgainstAPlainHttpRegistry_suggestsTlsVerifyFalse() {
    ImageInspector tls = Registries.inspector(RegistryOptions.DEFAULT);
    assertThatThrownBy(() -> tls.inspect(images.busybox()))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("registry " + images.registry().host())
        .satisfies(e -> assertThat(((ExecException) e).hint()).contains("--tls-verify=false"));
  }
}

package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.Platform;
import dtk.exec.build.StateStore;
import dtk.exec.process.Invocation;
import dtk.exec.process.ProcessResult;
import dtk.exec.process.ProcessRunner;
import dtk.exec.registry.PlatformImage;
import dtk.exec.registry.Registries;
import dtk.exec.registry.RegistryOptions;
import dtk.exec.testing.FixtureImages;
import dtk.exec.testing.Tools;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the real dnf template: {@code dtk build} + {@code dtk push} of the shipped
 * CentOS spec pointed at the hermetic fixtures (stub dnf/rpm base, fake bootc image, a registry on
 * 127.0.0.1), then what skopeo and the stubs' record show.
 */
class BuildPushIT {
  private static FixtureImages images;

  @BeforeAll
  static void fixtures() {
    Tools.require("podman", "buildah", "skopeo", "docker-registry");
    images = FixtureImages.shared();
  }

  /** Built images are tagged with their registry references: remove them from local storage. */
  @org.junit.jupiter.api.AfterAll
  static void removeBuiltImages() throws Exception {
    if (images == null) {
      return;
    }
    FixtureImages.removeImagesUnder(images.registry().host() + "/e2e-");
  }

  /** The centos spec aimed at the fixtures, into its own organization so tests do not collide. */
  private static List<String> args(String command, Path work, String org, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                command,
                "../specs/centos.yaml",
                "--platform",
                "x86_64",
                "--tls-verify=false",
                "--state-dir",
                work.resolve("state").toString(),
                "--set",
                "baseImage=" + images.rpmBase(),
                "--set",
                "kernel.source.image=" + images.bootc(),
                "--set",
                "facts.compose.image=" + images.bootc(),
                "--set",
                "image.registry=" + images.registry().host(),
                "--set",
                "image.organization=" + org,
                "--set",
                "unsetLabels=[release, url]"));
    if (command.equals("build")) {
      a.addAll(List.of("--log-dir", work.resolve("logs").toString()));
      a.add("--engine-arg=--isolation=chroot"); // this machine cannot run the OCI runtime
      // other builds on this machine share containers-storage and may remove cached layers
      // mid-lookup
      // ("checking if cached image exists ... layer not known"): these tests do not need the cache
      a.add("--no-cache");
    }
    a.addAll(List.of(more));
    return a;
  }

  private static String run(String... argv) throws Exception {
    ProcessResult r = ProcessRunner.local().run(Invocation.of(argv));
    assertThat(r.exitCode()).as(String.join(" ", argv) + "\n" + r.stderr()).isZero();
    return r.stdout();
  }

  private static String fileInImage(String image, String path) throws Exception {
    String ctr = run("podman", "create", image).trim();
    try {
      return run("podman", "cp", ctr + ":" + path, "-");
    } finally {
      run("podman", "rm", ctr);
    }
  }

  private static String org() {
    return "e2e-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void buildThenPush_labelsDigestsAndWhatTheStubsWereAskedToInstall(@TempDir Path work)
      throws Exception {
    String org = org();
    Cli.Result built = Cli.run(args("build", work, org).toArray(new String[0]));
    assertThat(built.exitCode()).as(built.err()).isZero();
    String kver = FixtureImages.KERNEL;
    String target = "centos/x86_64/" + kver;
    assertThat(built.err()).contains(target + ": build ...", target + ": build done in");
    var record = new StateStore(work.resolve("state")).get(target).orElseThrow();
    ImageRef platformRef =
        ImageRef.parse(
            images.registry().host() + "/" + org + "/driver-toolkit:" + kver + ".x86_64");
    assertThat(record.image()).isEqualTo(platformRef);
    assertThat(record.pushedDigest()).isNull();

    Cli.Result pushed = Cli.run(args("push", work, org).toArray(new String[0]));
    assertThat(pushed.exitCode()).as(pushed.err()).isZero();
    Digest digest = new StateStore(work.resolve("state")).get(target).orElseThrow().pushedDigest();
    assertThat(pushed.out())
        .contains(
            platformRef + "@" + digest,
            "index  " + images.registry().host() + "/" + org + "/driver-toolkit:" + kver + "@");

    String docker = "docker://" + platformRef;
    assertThat(
            run("skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}", docker)
                .trim())
        .isEqualTo(digest.toString());
    String labels =
        run("skopeo", "inspect", "--tls-verify=false", "--format", "{{.Labels}}", docker);
    PlatformImage base =
        Registries.inspector(new RegistryOptions(false, null))
            .inspect(images.rpmBase())
            .forPlatform(Platform.X86_64);
    assertThat(labels)
        .contains(
            "name:driver-toolkit",
            "version:" + kver,
            "dev.dtk.inputs.digest:" + record.inputsDigest(),
            "org.opencontainers.image.base.digest:" + base.digest(),
            "vendor:CentOS");
    assertThat(labels).doesNotContain("release:", "url:");
    // the index at <tag> lists the platform image
    var index =
        Registries.inspector(new RegistryOptions(false, null))
            .inspect(
                ImageRef.parse(images.registry().host() + "/" + org + "/driver-toolkit:" + kver));
    assertThat(index.index()).isTrue();
    assertThat(index.forPlatform(Platform.X86_64).digest()).isEqualTo(digest);

    String stubLog = fileInImage(record.imageId(), FixtureImages.STUB_LOG);
    assertThat(stubLog)
        .contains("kernel-devel-" + kver, "kernel-core-" + kver, "kernel-modules-" + kver);
    assertThat(stubLog).doesNotContain("kernel-rt-");
    assertThat(stubLog).containsPattern("gcc[^\\n]*11\\.4\\.1");
    String repos = fileInImage(record.imageId(), "/etc/yum.repos.d/");
    assertThat(repos).contains(FixtureImages.COMPOSE);
  }

  @Test
  void bothPlatforms_perArchKernelsAndAnIndexListingBoth(@TempDir Path work) throws Exception {
    String org = org();
    List<String> build = args("build", work, org);
    build.subList(build.indexOf("--platform"), build.indexOf("--platform") + 2).clear();
    Cli.Result built = Cli.run(build.toArray(new String[0]));
    assertThat(built.exitCode()).as(built.err()).isZero();
    List<String> push = args("push", work, org);
    push.subList(push.indexOf("--platform"), push.indexOf("--platform") + 2).clear();
    Cli.Result pushed = Cli.run(push.toArray(new String[0]));
    assertThat(pushed.exitCode()).as(pushed.err()).isZero();

    StateStore state = new StateStore(work.resolve("state"));
    var amd = state.get("centos/x86_64/" + FixtureImages.KERNEL).orElseThrow();
    var arm = state.get("centos/aarch64/" + FixtureImages.KERNEL).orElseThrow();
    var inspector = Registries.inspector(new RegistryOptions(false, null));
    var index =
        inspector.inspect(
            ImageRef.parse(
                images.registry().host() + "/" + org + "/driver-toolkit:" + FixtureImages.KERNEL));
    assertThat(index.platforms())
        .extracting(PlatformImage::platform)
        .containsExactlyInAnyOrder(Platform.X86_64, Platform.AARCH64);
    assertThat(index.forPlatform(Platform.X86_64).digest()).isEqualTo(amd.pushedDigest());
    assertThat(index.forPlatform(Platform.AARCH64).digest()).isEqualTo(arm.pushedDigest());
    // each platform image was built FROM its own base entry and installed its own kernel tree
    PlatformImage armBase = inspector.inspect(images.rpmBase()).forPlatform(Platform.AARCH64);
    assertThat(index.forPlatform(Platform.AARCH64).label("org.opencontainers.image.base.digest"))
        .isEqualTo(armBase.digest().toString());
    assertThat(
            fileInImage(arm.imageId(), "/lib/modules/" + FixtureImages.KERNEL + ".aarch64/config"))
        .contains("CONFIG_CC_VERSION_TEXT");
    assertThat(
            run("podman", "image", "inspect", "--format", "{{.Architecture}}", arm.imageId())
                .trim())
        .isEqualTo("arm64");
  }

  @Test
  void theRtVariantIsInstalledOnlyWhenEnabled(@TempDir Path work) throws Exception {
    String org = org();
    Cli.Result built =
        Cli.run(
            args("build", work, org, "--set", "kernel.variants.rt.enabled=true")
                .toArray(new String[0]));
    assertThat(built.exitCode()).as(built.err()).isZero();
    var record =
        new StateStore(work.resolve("state"))
            .get("centos/x86_64/" + FixtureImages.KERNEL)
            .orElseThrow();
    // a later build for another kernel replaces the record: push would not push the older image
    // again
    Cli.Result next =
        Cli.run(
            args("build", work, org, "--kernel-version", "5.14.0-503.el9").toArray(new String[0]));
    assertThat(next.exitCode()).as(next.err()).isZero();
    assertThat(new StateStore(work.resolve("state")).all())
        .extracting(dtk.exec.build.BuildRecord::target)
        .containsExactly("centos/x86_64/5.14.0-503.el9");
    String stubLog = fileInImage(record.imageId(), FixtureImages.STUB_LOG);
    assertThat(stubLog).contains("kernel-rt-devel-" + FixtureImages.KERNEL, "rt");
  }

  @Test
  void aFailingRunStepShowsTheLogTailAndExits4(@TempDir Path work) throws Exception {
    // the plain busybox fixture has no dnf: the first dnf step fails
    List<String> a = args("build", work, org());
    a.set(a.indexOf("baseImage=" + images.rpmBase()), "baseImage=" + images.busybox());
    Cli.Result r = Cli.run(a.toArray(new String[0]));
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err())
        .contains(
            "dtk: error: build of centos/x86_64/"
                + FixtureImages.KERNEL
                + " failed: podman exited with",
            "--- last lines of " + work.resolve("logs"),
            "dnf: not found");
    assertThat(r.err().split(java.util.regex.Pattern.quote(work.resolve("logs").toString()), -1))
        .as("the log named once")
        .hasSize(2);
    assertThat(new StateStore(work.resolve("state")).all()).isEmpty();
  }

  @Test
  void anUnknownImageNamesImageAndRegistryAndExits4(@TempDir Path work) throws Exception {
    List<String> a = args("build", work, org());
    a.set(
        a.indexOf("kernel.source.image=" + images.bootc()),
        "kernel.source.image=" + images.registry().host() + "/fixtures/nope:1");
    Cli.Result r = Cli.run(a.toArray(new String[0]));
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err())
        .contains(
            "image "
                + images.registry().host()
                + "/fixtures/nope:1 not found in registry "
                + images.registry().host(),
            "hint: check the image name and tag");
  }

  @Test
  void aMissingEngineBinaryExits4WithWhatToInstall(@TempDir Path work) throws Exception {
    // dtk as a user runs it, with a PATH on which no engine (and no git) can be found
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    List<String> argv =
        new ArrayList<>(
            List.of(
                javaBin,
                "-cp",
                "target/dtk-cli.jar" + java.io.File.pathSeparator + "target/lib/*",
                "dtk.cli.Dtk"));
    argv.addAll(args("build", work, org()));
    ProcessResult r =
        ProcessRunner.local()
            .run(
                Invocation.of(argv)
                    .withEnv(java.util.Map.of("PATH", work.resolve("empty-path").toString())));
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(4);
    assertThat(r.stderr())
        .contains(
            "dtk: error: cannot run podman",
            "hint: install podman or choose another engine with --engine");
  }

  @Test
  void pushWithoutABuildSaysToBuildFirst(@TempDir Path work) {
    Cli.Result r = Cli.run(args("push", work, org()).toArray(new String[0]));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("nothing was built for centos", "hint: run dtk build");
  }
}

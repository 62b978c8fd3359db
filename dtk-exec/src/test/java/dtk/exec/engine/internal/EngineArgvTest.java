package dtk.exec.engine.internal;

import static dtk.exec.testing.FakeProcessRunner.ANY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.ExecException;
import dtk.exec.Platform;
import dtk.exec.engine.BuildRequest;
import dtk.exec.engine.BuildResult;
import dtk.exec.engine.BuildSecret;
import dtk.exec.engine.ContainerEngines;
import dtk.exec.engine.EngineInfo;
import dtk.exec.engine.PullPolicy;
import dtk.exec.process.Invocation;
import dtk.exec.process.ToolFailedException;
import dtk.exec.process.ToolVersion;
import dtk.exec.registry.RegistryOptions;
import dtk.exec.testing.FakeProcessRunner;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exact argv of every engine operation, against a scripted fake runner. */
class EngineArgvTest {
  private static final Path CTX = Path.of("/work/ctx");
  private static final String ID = "sha256:" + "a".repeat(64);
  private static final String ID2 = "sha256:" + "b".repeat(64);
  private static final String DIGEST = "sha256:" + "c".repeat(64);
  private final FakeProcessRunner fake = new FakeProcessRunner();

  private static BuildRequest.Builder request() {
    return BuildRequest.builder(CTX, "localhost/dtk:5.14.0.x86_64")
        .platform(Platform.X86_64)
        .buildArg("KERNEL_VERSION", "5.14.0")
        .label("version", "5.14.0")
        .label("name", "driver toolkit")
        .timestamp(1700000000L)
        .extraArgs(List.of("--isolation=chroot"));
  }

  @Test
  void podmanVersionIsParsedAndGatesUnsetlabel() throws Exception {
    fake.expect("podman", "version", "--format", "{{.Client.Version}}").answer(0, "4.3.1\n", "");
    EngineInfo info = new PodmanEngine(fake, Map.of()).info();
    assertThat(info.version()).isEqualTo(ToolVersion.of(4, 3, 1));
    assertThat(info.labelRemoval()).isEqualTo(EngineInfo.LabelRemoval.BUILDAH_COMMIT);
    assertThat(PodmanEngine.capabilities(ToolVersion.of(4, 8, 0)).labelRemoval())
        .isEqualTo(EngineInfo.LabelRemoval.UNSETLABEL_FLAG);
    assertThat(PodmanEngine.capabilities(ToolVersion.of(5, 0, 2)).labelRemoval())
        .isEqualTo(EngineInfo.LabelRemoval.UNSETLABEL_FLAG);
    assertThat(PodmanEngine.capabilities(ToolVersion.of(4, 7, 9)).labelRemoval())
        .isEqualTo(EngineInfo.LabelRemoval.BUILDAH_COMMIT);
  }

  @Test
  void buildahVersionFromJsonElseFromDashDashVersion() throws Exception {
    fake.expect("buildah", "version", "--json")
        .answer(0, "{\n \"version\": \"1.33.2\",\n \"goVersion\": \"go1.21\"\n}\n", "");
    assertThat(new BuildahEngine(fake, Map.of()).info().labelRemoval())
        .isEqualTo(EngineInfo.LabelRemoval.UNSETLABEL_FLAG);
    fake.expect("buildah", "version", "--json")
        .answer(125, "", "Error: unknown flag: --json\n")
        .expect("buildah", "--version")
        .answer(0, "buildah version 1.28.2 (image-spec 1.1.0-rc2, runtime-spec 1.0.2-dev)\n", "");
    EngineInfo old = new BuildahEngine(fake, Map.of()).info();
    assertThat(old.version()).isEqualTo(ToolVersion.of(1, 28, 2));
    assertThat(old.labelRemoval()).isEqualTo(EngineInfo.LabelRemoval.BUILDAH_COMMIT);
    fake.verifyDone();
  }

  @Test
  void dockerVersionWithSuffix() throws Exception {
    fake.expect("docker", "version", "--format", "{{.Client.Version}}")
        .answer(0, "24.0.7-ce\n", "");
    EngineInfo info = new DockerEngine(fake, Map.of()).info();
    assertThat(info.version()).isEqualTo(ToolVersion.of(24, 0, 7));
    assertThat(info.labelRemoval()).isEqualTo(EngineInfo.LabelRemoval.NONE);
  }

  @Test
  void versionDetectionRunsOnce() throws Exception {
    fake.expect("podman", "version", "--format", "{{.Client.Version}}").answer(0, "4.9.0\n", "");
    PodmanEngine e = new PodmanEngine(fake, Map.of());
    e.info();
    e.info();
    assertThat(fake.calls()).hasSize(1);
  }

  @Test
  void podman48BuildUsesUnsetlabelAndEveryOption() throws Exception {
    fake.expect("podman", "version", "--format", "{{.Client.Version}}").answer(0, "4.8.0\n", "");
    fake.expect(
            "podman",
            "build",
            "--file",
            "/work/ctx/Containerfile",
            "--tag",
            "localhost/dtk:5.14.0.x86_64",
            "--platform",
            "linux/amd64",
            "--pull=missing",
            "--timestamp",
            "1700000000",
            "--build-arg",
            "KERNEL_VERSION=5.14.0",
            "--label",
            "version=5.14.0",
            "--label",
            "name=driver toolkit",
            "--unsetlabel",
            "release",
            "--unsetlabel",
            "url",
            "--secret",
            "id=rhsm-org,env=RHSM_ORG",
            "--secret",
            "id=key,src=/keys/k.pem",
            "--iidfile",
            ANY,
            "--isolation=chroot",
            "/work/ctx")
        .writesFileAfter("--iidfile", ID + "\n");
    PodmanEngine podman = new PodmanEngine(fake, Map.of("RHSM_ORG", "org1"));
    BuildResult r =
        podman.build(
            request()
                .unsetLabel("release")
                .unsetLabel("url")
                .secret(BuildSecret.fromEnv("rhsm-org", "RHSM_ORG"))
                .secret(BuildSecret.fromFile("key", Path.of("/keys/k.pem")))
                .build());
    assertThat(r.imageId()).isEqualTo(ID);
    assertThat(r.notes()).isEmpty();
    fake.verifyDone();
    Invocation build = fake.calls().get(1);
    assertThat(build.workDir()).isEqualTo(CTX);
    assertThat(build.env()).containsExactly(Map.entry("RHSM_ORG", "org1"));
    assertThat(Path.of(FakeProcessRunner.valueAfter(build, "--iidfile")).getParent())
        .doesNotExist();
  }

  @Test
  void relativeContextAndSecretPathsBecomeAbsolute_theEngineRunsInsideTheContext()
      throws Exception {
    Path cwd = Path.of("").toAbsolutePath();
    fake.expect("podman", "version", "--format", "{{.Client.Version}}").answer(0, "4.3.1\n", "");
    fake.expect(
            "podman",
            "build",
            "--file",
            cwd.resolve(".dtk/contexts/t/Containerfile").toString(),
            "--tag",
            "t",
            "--platform",
            "linux/amd64",
            "--pull=missing",
            "--secret",
            "id=k,src=" + cwd.resolve("keys/k.pem"),
            "--iidfile",
            ANY,
            cwd.resolve(".dtk/contexts/t").toString())
        .writesFileAfter("--iidfile", ID);
    new PodmanEngine(fake, Map.of())
        .build(
            BuildRequest.builder(Path.of(".dtk/contexts/t"), "t")
                .platform(Platform.X86_64)
                .secret(BuildSecret.fromFile("k", Path.of("keys/k.pem")))
                .build());
    assertThat(fake.calls().get(1).workDir()).isEqualTo(cwd.resolve(".dtk/contexts/t"));
  }

  @Test
  void pullOptionsReachTheBuild() throws Exception {
    fake.expect("podman", "version", "--format", "{{.Client.Version}}").answer(0, "4.3.1\n", "");
    fake.expect(
            "podman",
            "build",
            "--file",
            "/work/ctx/Containerfile",
            "--tag",
            "t",
            "--platform",
            "linux/amd64",
            "--pull=missing",
            "--tls-verify=false",
            "--authfile",
            "/run/auth.json",
            "--iidfile",
            ANY,
            "/work/ctx")
        .writesFileAfter("--iidfile", ID);
    new PodmanEngine(fake, Map.of())
        .build(
            BuildRequest.builder(CTX, "t")
                .platform(Platform.X86_64)
                .registry(new RegistryOptions(false, Path.of("/run/auth.json")))
                .build());
    fake.verifyDone();
  }

  @Test
  void podman43RemovesInheritedLabelsWithBuildahConfigAndCommit() throws Exception {
    fake.expect("podman", "version", "--format", "{{.Client.Version}}").answer(0, "4.3.1\n", "");
    fake.expect(
            "podman",
            "build",
            "--file",
            "/work/ctx/Containerfile",
            "--tag",
            "localhost/dtk:5.14.0.x86_64",
            "--platform",
            "linux/amd64",
            "--pull=never",
            "--no-cache",
            "--timestamp",
            "1700000000",
            "--build-arg",
            "KERNEL_VERSION=5.14.0",
            "--label",
            "version=5.14.0",
            "--label",
            "name=driver toolkit",
            "--iidfile",
            ANY,
            "--isolation=chroot",
            "/work/ctx")
        .writesFileAfter("--iidfile", ID);
    fake.expect("buildah", "from", "--pull=never", "--quiet", "a".repeat(64))
        .answer(0, "dtk-working-container\n", "");
    fake.expect(
            "buildah", "config", "--label", "release-", "--label", "url-", "dtk-working-container")
        .answer(0, "", "");
    fake.expect(
            "buildah",
            "commit",
            "--quiet",
            "--timestamp",
            "1700000000",
            "--iidfile",
            ANY,
            "dtk-working-container",
            "localhost/dtk:5.14.0.x86_64")
        .writesFileAfter("--iidfile", ID2);
    fake.expect("buildah", "rm", "dtk-working-container").answer(0, "", "");
    BuildResult r =
        new PodmanEngine(fake, Map.of())
            .build(
                request()
                    .pull(PullPolicy.NEVER)
                    .noCache(true)
                    .unsetLabel("release")
                    .unsetLabel("url")
                    .build());
    assertThat(r.imageId()).isEqualTo(ID2);
    assertThat(r.notes())
        .singleElement()
        .asString()
        .contains("podman 4.3.1 has no --unsetlabel", "release, url");
    fake.verifyDone();
  }

  @Test
  void theWorkingContainerIsRemovedWhenTheCommitFails() throws Exception {
    fake.expect("buildah", "version", "--json").answer(0, "{\"version\": \"1.28.2\"}", "");
    fake.expect(
            "buildah",
            "build",
            "--layers",
            "--file",
            "/work/ctx/Containerfile",
            "--tag",
            "localhost/dtk:5.14.0.x86_64",
            "--platform",
            "linux/amd64",
            "--pull=missing",
            "--timestamp",
            "1700000000",
            "--build-arg",
            "KERNEL_VERSION=5.14.0",
            "--label",
            "version=5.14.0",
            "--label",
            "name=driver toolkit",
            "--iidfile",
            ANY,
            "--isolation=chroot",
            "/work/ctx")
        .writesFileAfter("--iidfile", ID);
    fake.expect("buildah", "from", "--pull=never", "--quiet", "a".repeat(64)).answer(0, "w1\n", "");
    fake.expect("buildah", "config", "--label", "release-", "w1").answer(0, "", "");
    fake.expect(
            "buildah",
            "commit",
            "--quiet",
            "--timestamp",
            "1700000000",
            "--iidfile",
            ANY,
            "w1",
            "localhost/dtk:5.14.0.x86_64")
        .answer(125, "", "Error: committing: no space left on device\n");
    fake.expect("buildah", "rm", "w1").answer(0, "", "");
    assertThatThrownBy(
            () -> new BuildahEngine(fake, Map.of()).build(request().unsetLabel("release").build()))
        .isInstanceOf(ToolFailedException.class)
        .hasMessageContaining("buildah failed with exit code 125")
        .hasMessageContaining("no space left on device");
    fake.verifyDone();
  }

  @Test
  void oldEngineWithoutEnvSecretsGetsAPrivateFileThatIsRemoved() throws Exception {
    fake.expect("podman", "version", "--format", "{{.Client.Version}}").answer(0, "3.4.4\n", "");
    String[] seen = new String[2];
    fake.expect(
            "podman",
            "build",
            "--file",
            "/work/ctx/Containerfile",
            "--tag",
            "t",
            "--platform",
            "linux/arm64",
            "--pull=missing",
            "--secret",
            ANY,
            "--iidfile",
            ANY,
            "/work/ctx")
        .answer(
            inv -> {
              String src =
                  FakeProcessRunner.valueAfter(inv, "--secret").replaceFirst("^id=org,src=", "");
              seen[0] = src;
              seen[1] =
                  Files.readString(Path.of(src))
                      + " "
                      + java.nio.file.attribute.PosixFilePermissions.toString(
                          Files.getPosixFilePermissions(Path.of(src)));
              FakeProcessRunner.write(FakeProcessRunner.valueAfter(inv, "--iidfile"), ID);
              return FakeProcessRunner.result(0, "", "");
            });
    new PodmanEngine(fake, Map.of("ORG", "s3cret"))
        .build(
            BuildRequest.builder(CTX, "t")
                .platform(Platform.AARCH64)
                .secret(BuildSecret.fromEnv("org", "ORG"))
                .build());
    assertThat(seen[1]).isEqualTo("s3cret rw-------");
    assertThat(Path.of(seen[0])).doesNotExist();
  }

  @Test
  void anUnsetSecretVariableIsReportedBeforeBuilding() throws Exception {
    fake.expect("podman", "version", "--format", "{{.Client.Version}}").answer(0, "4.3.1\n", "");
    assertThatThrownBy(
            () ->
                new PodmanEngine(fake, Map.of())
                    .build(
                        BuildRequest.builder(CTX, "t")
                            .secret(BuildSecret.fromEnv("rhsm-org", "RHSM_ORG"))
                            .build()))
        .isInstanceOf(ExecException.class)
        .hasMessageContaining("RHSM_ORG, which is not set");
  }

  @Test
  void aFailedBuildSaysWhatRanAndShowsTheTail() throws Exception {
    fake.expect("podman", "version", "--format", "{{.Client.Version}}").answer(0, "4.3.1\n", "");
    fake.expect(
            "podman",
            "build",
            "--file",
            "/work/ctx/Containerfile",
            "--tag",
            "t",
            "--platform",
            "linux/amd64",
            "--pull=missing",
            "--iidfile",
            ANY,
            "/work/ctx")
        .answer(
            1,
            "STEP 3/9: RUN dnf install kernel-devel\n",
            "Error: No match for argument: kernel-devel-9.9\nError: building at STEP \"RUN dnf\": exit status 1\n");
    assertThatThrownBy(
            () ->
                new PodmanEngine(fake, Map.of())
                    .build(BuildRequest.builder(CTX, "t").platform(Platform.X86_64).build()))
        .isInstanceOf(ToolFailedException.class)
        .hasMessageContaining(
            "podman failed with exit code 1: podman build --file /work/ctx/Containerfile")
        .hasMessageContaining("No match for argument: kernel-devel-9.9")
        .satisfies(e -> assertThat(((ExecException) e).hint()).contains("read the log"));
  }

  @Test
  void aMissingEngineBinarySaysWhatToInstall() {
    dtk.exec.process.ProcessRunner missing =
        inv -> {
          throw new IOException(
              "Cannot run program \"podman\": error=2, No such file or directory");
        };
    assertThatThrownBy(() -> ContainerEngines.create("podman", missing).info())
        .isInstanceOf(ToolFailedException.class)
        .hasMessageContaining("cannot run podman: Cannot run program")
        .satisfies(
            e -> assertThat(((ExecException) e).hint()).contains("install podman", "--engine"));
  }

  @Test
  void unknownEngineNameListsTheChoices() {
    assertThatThrownBy(() -> ContainerEngines.create("rkt", fake))
        .hasMessage("unknown engine 'rkt': choose one of podman, buildah, docker");
  }

  @Test
  void podmanPushReturnsTheDigestFile() throws Exception {
    fake.expect(
            "podman",
            "push",
            "--tls-verify=false",
            "--authfile",
            "/run/auth.json",
            "--digestfile",
            ANY,
            "localhost/dtk:1.x86_64",
            "docker://127.0.0.1:5000/dtk/driver-toolkit:1.x86_64")
        .writesFileAfter("--digestfile", DIGEST);
    Digest d =
        new PodmanEngine(fake, Map.of())
            .push(
                "localhost/dtk:1.x86_64",
                ImageRef.parse("127.0.0.1:5000/dtk/driver-toolkit:1.x86_64"),
                new RegistryOptions(false, Path.of("/run/auth.json")),
                null);
    assertThat(d).isEqualTo(Digest.parse(DIGEST));
  }

  @Test
  void aFailedPushSuggestsLoginAndTls() throws Exception {
    fake.expect(
            "buildah",
            "push",
            "--tls-verify=true",
            "--digestfile",
            ANY,
            "img",
            "docker://quay.io/org/dtk:1")
        .answer(
            125, "", "Error: unauthorized: access to the requested resource is not authorized\n");
    assertThatThrownBy(
            () ->
                new BuildahEngine(fake, Map.of())
                    .push(
                        "img", ImageRef.parse("quay.io/org/dtk:1"), RegistryOptions.DEFAULT, null))
        .isInstanceOf(ToolFailedException.class)
        .hasMessageContaining("unauthorized")
        .satisfies(
            e ->
                assertThat(((ExecException) e).hint())
                    .contains("buildah login quay.io", "quay.io/org/dtk")
                    .doesNotContain(
                        "--tls-verify")); // quay.io is HTTPS: plain HTTP would be wrong advice
    fake.expect(
            "buildah",
            "push",
            "--tls-verify=true",
            "--digestfile",
            ANY,
            "img",
            "docker://127.0.0.1:5000/org/dtk:1")
        .answer(125, "", "Error: http: server gave HTTP response to HTTPS client\n");
    assertThatThrownBy(
            () ->
                new BuildahEngine(fake, Map.of())
                    .push(
                        "img",
                        ImageRef.parse("127.0.0.1:5000/org/dtk:1"),
                        RegistryOptions.DEFAULT,
                        null))
        .satisfies(e -> assertThat(((ExecException) e).hint()).contains("--tls-verify=false"));
  }

  @Test
  void podmanIndexIsCreatedAddedPushedAndRemoved() throws Exception {
    String amd = "127.0.0.1:5000/dtk/t@sha256:" + "1".repeat(64);
    String arm = "127.0.0.1:5000/dtk/t@sha256:" + "2".repeat(64);
    String[] list = new String[1];
    fake.expect("podman", "manifest", "create", ANY)
        .answer(
            inv -> {
              list[0] = inv.argv().get(3);
              return FakeProcessRunner.result(0, "", "");
            });
    fake.expect("podman", "manifest", "add", "--tls-verify=false", ANY, "docker://" + amd)
        .answer(0, "", "");
    fake.expect("podman", "manifest", "add", "--tls-verify=false", ANY, "docker://" + arm)
        .answer(0, "", "");
    fake.expect(
            "podman",
            "manifest",
            "push",
            "--all",
            "--format",
            "oci",
            "--tls-verify=false",
            "--digestfile",
            ANY,
            ANY,
            "docker://127.0.0.1:5000/dtk/t:1")
        .writesFileAfter("--digestfile", DIGEST);
    fake.expect("podman", "manifest", "rm", ANY).answer(0, "", "");
    Digest d =
        new PodmanEngine(fake, Map.of())
            .pushIndex(
                ImageRef.parse("127.0.0.1:5000/dtk/t:1"),
                List.of(ImageRef.parse(amd), ImageRef.parse(arm)),
                new RegistryOptions(false, null),
                null);
    assertThat(d).isEqualTo(Digest.parse(DIGEST));
    assertThat(list[0]).startsWith("localhost/dtk-index-");
    for (Invocation inv : fake.calls().subList(1, 5)) {
      assertThat(inv.argv()).contains(list[0]);
    }
    fake.verifyDone();
  }

  @Test
  void buildahIndexUsesBuildahManifest() throws Exception {
    fake.expect("buildah", "manifest", "create", ANY).answer(0, "", "");
    fake.expect(
            "buildah", "manifest", "add", "--tls-verify=true", ANY, "docker://quay.io/o/t:1.x86_64")
        .answer(0, "", "");
    fake.expect(
            "buildah",
            "manifest",
            "push",
            "--all",
            "--format",
            "oci",
            "--tls-verify=true",
            "--digestfile",
            ANY,
            ANY,
            "docker://quay.io/o/t:1")
        .writesFileAfter("--digestfile", DIGEST);
    fake.expect("buildah", "manifest", "rm", ANY).answer(0, "", "");
    assertThat(
            new BuildahEngine(fake, Map.of())
                .pushIndex(
                    ImageRef.parse("quay.io/o/t:1"),
                    List.of(ImageRef.parse("quay.io/o/t:1.x86_64")),
                    RegistryOptions.DEFAULT,
                    null))
        .isEqualTo(Digest.parse(DIGEST));
    fake.verifyDone();
  }

  @Test
  void dockerBuildUsesSourceDateEpochBuildArgAndBuildKit() throws Exception {
    fake.expect("docker", "version", "--format", "{{.Client.Version}}").answer(0, "24.0.7\n", "");
    fake.expect(
            "docker",
            "build",
            "--file",
            "/work/ctx/Containerfile",
            "--tag",
            "localhost/dtk:5.14.0.x86_64",
            "--platform",
            "linux/amd64",
            "--pull",
            "--build-arg",
            "SOURCE_DATE_EPOCH=1700000000",
            "--build-arg",
            "KERNEL_VERSION=5.14.0",
            "--label",
            "version=5.14.0",
            "--label",
            "name=driver toolkit",
            "--secret",
            "id=org,env=ORG",
            "--iidfile",
            ANY,
            "--isolation=chroot",
            "/work/ctx")
        .writesFileAfter("--iidfile", ID);
    BuildResult r =
        new DockerEngine(fake, Map.of("ORG", "x"))
            .build(
                request()
                    .pull(PullPolicy.ALWAYS)
                    .secret(BuildSecret.fromEnv("org", "ORG"))
                    .build());
    assertThat(r.imageId()).isEqualTo(ID);
    assertThat(fake.calls().get(1).env()).containsEntry("DOCKER_BUILDKIT", "1");
  }

  @Test
  void dockerRefusesToKeepInheritedLabelsUnlessAllowed() throws Exception {
    fake.expect("docker", "version", "--format", "{{.Client.Version}}").answer(0, "24.0.7\n", "");
    DockerEngine docker = new DockerEngine(fake, Map.of());
    assertThatThrownBy(() -> docker.build(request().unsetLabel("release").build()))
        .isInstanceOf(ExecException.class)
        .hasMessage("docker cannot remove labels inherited from the base image (release)")
        .satisfies(
            e ->
                assertThat(((ExecException) e).hint())
                    .contains("--allow-inherited-labels", "--engine podman"));
    fake.expect(
            "docker",
            "build",
            "--file",
            "/work/ctx/Containerfile",
            "--tag",
            "localhost/dtk:5.14.0.x86_64",
            "--platform",
            "linux/amd64",
            "--build-arg",
            "SOURCE_DATE_EPOCH=1700000000",
            "--build-arg",
            "KERNEL_VERSION=5.14.0",
            "--label",
            "version=5.14.0",
            "--label",
            "name=driver toolkit",
            "--iidfile",
            ANY,
            "--isolation=chroot",
            "/work/ctx")
        .writesFileAfter("--iidfile", ID);
    BuildResult r =
        docker.build(request().unsetLabel("release").allowInheritedLabels(true).build());
    assertThat(r.notes()).singleElement().asString().contains("kept release");
    fake.verifyDone();
  }

  @Test
  void dockerPushTagsPushesAndParsesTheDigestWithAPrivateConfigDir(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path auth = Files.writeString(dir.resolve("auth.json"), "{\"auths\":{}}");
    fake.expect("docker", "tag", "localhost/dtk:1", "127.0.0.1:5000/o/dtk:1").answer(0, "", "");
    String[] cfg = new String[1];
    fake.expect("docker", "push", "127.0.0.1:5000/o/dtk:1")
        .answer(
            inv -> {
              cfg[0] = inv.env().get("DOCKER_CONFIG");
              assertThat(Path.of(cfg[0], "config.json")).hasContent("{\"auths\":{}}");
              return FakeProcessRunner.result(0, "1: digest: " + DIGEST + " size: 528\n", "");
            });
    assertThat(
            new DockerEngine(fake, Map.of())
                .push(
                    "localhost/dtk:1",
                    ImageRef.parse("127.0.0.1:5000/o/dtk:1"),
                    new RegistryOptions(false, auth),
                    null))
        .isEqualTo(Digest.parse(DIGEST));
    assertThat(Path.of(cfg[0])).doesNotExist();
  }

  @Test
  void dockerCannotSkipTlsForARemoteRegistry() {
    assertThatThrownBy(
            () ->
                new DockerEngine(fake, Map.of())
                    .push(
                        "a",
                        ImageRef.parse("registry.example.com/o/a:1"),
                        new RegistryOptions(false, null),
                        null))
        .isInstanceOf(ExecException.class)
        .satisfies(e -> assertThat(((ExecException) e).hint()).contains("insecure-registries"));
    assertThat(fake.calls()).isEmpty();
  }

  @Test
  void dockerIndex() throws Exception {
    fake.expect(
            "docker",
            "manifest",
            "create",
            "--insecure",
            "127.0.0.1:5000/o/t:1",
            "127.0.0.1:5000/o/t:1.x86_64",
            "127.0.0.1:5000/o/t:1.aarch64")
        .answer(0, "Created manifest list 127.0.0.1:5000/o/t:1\n", "");
    fake.expect("docker", "manifest", "push", "--purge", "--insecure", "127.0.0.1:5000/o/t:1")
        .answer(0, DIGEST + "\n", "");
    assertThat(
            new DockerEngine(fake, Map.of())
                .pushIndex(
                    ImageRef.parse("127.0.0.1:5000/o/t:1"),
                    List.of(
                        ImageRef.parse("127.0.0.1:5000/o/t:1.x86_64"),
                        ImageRef.parse("127.0.0.1:5000/o/t:1.aarch64")),
                    new RegistryOptions(false, null),
                    null))
        .isEqualTo(Digest.parse(DIGEST));
    fake.verifyDone();
  }
}

package dtk.exec.build;

import static dtk.exec.testing.FakeProcessRunner.ANY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.Event;
import dtk.exec.ExecEvent;
import dtk.exec.engine.PullPolicy;
import dtk.exec.engine.internal.PodmanEngine;
import dtk.exec.registry.RegistryOptions;
import dtk.exec.testing.FakeProcessRunner;
import dtk.render.BuildContext;
import dtk.render.OfflineResolver;
import dtk.render.Pins;
import dtk.render.Renderer;
import dtk.render.Target;
import dtk.render.TargetExpander;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import dtk.spec.LoadResult;
import dtk.spec.SpecLoader;
import dtk.spec.model.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ImageBuilder and ImagePusher at the argv level: what they ask the engine, what they record. */
class ImageBuilderTest {
  private static final String ID = "sha256:" + "a".repeat(64);
  private static final String BASE = "sha256:" + "b".repeat(64);
  private final FakeProcessRunner fake = new FakeProcessRunner();
  private final List<Event> events = new CopyOnWriteArrayList<>();

  private static BuildContext centos(String arch) {
    LoadResult r = SpecLoader.standard().load(List.of(Path.of("../specs/centos.yaml")));
    Spec spec = r.specs().get(0);
    var res =
        OfflineResolver.resolve(
            spec,
            List.of(arch),
            new Pins(
                List.of("5.14.0-498.el9"),
                Map.of("compose", "CentOS-Stream-9-20240101.0"),
                Map.of(arch, BASE),
                "c0ffee",
                1700000000L));
    Target t = TargetExpander.targets(spec, List.of(arch), res).get(0);
    return Renderer.builtIn().render(t);
  }

  private static List<String> expectedBuild(BuildContext ctx, Path contextDir) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "podman",
                "build",
                "--file",
                contextDir.resolve("Containerfile").toString(),
                "--tag",
                ctx.target().images().platform().toString(),
                "--platform",
                ctx.target().platform(),
                "--pull=missing",
                "--timestamp",
                "1700000000"));
    ctx.buildArgs().forEach((k, v) -> argv.addAll(List.of("--build-arg", k + "=" + v)));
    ctx.engineLabels().forEach((k, v) -> argv.addAll(List.of("--label", k + "=" + v)));
    argv.addAll(List.of("--iidfile", ANY, "--isolation=chroot", contextDir.toString()));
    return argv;
  }

  private ImageBuilder builder(Path dir) {
    return new ImageBuilder(
        new PodmanEngine(fake, Map.of()),
        new ImageBuilder.Options(
            dir.resolve(".dtk"),
            dir.resolve("logs"),
            PullPolicy.MISSING,
            List.of("--isolation=chroot"),
            false,
            false,
            null),
        new StateStore(dir.resolve("state")),
        events::add);
  }

  @Test
  void buildWritesTheContextRunsTheEngineKeepsTheLogAndRecordsTheImage(@TempDir Path dir)
      throws Exception {
    BuildContext ctx = centos("x86_64");
    Path contextDir = dir.resolve(".dtk/contexts/centos.x86_64.5.14.0-498.el9");
    fake.expect("podman", "version", "--format", "{{.Client.Version}}").answer(0, "4.9.0\n", "");
    List<String> build = expectedBuild(ctx, contextDir);
    for (String k : ctx.unsetLabels()) {
      build.addAll(build.indexOf("--iidfile"), List.of("--unsetlabel", k));
    }
    fake.expect(build)
        .answer(
            inv -> {
              assertThat(contextDir.resolve("Containerfile")).hasContent(ctx.containerfile());
              FakeProcessRunner.write(FakeProcessRunner.valueAfter(inv, "--iidfile"), ID);
              return FakeProcessRunner.result(0, "STEP 1/9: FROM x\nCOMMIT\n", "");
            });
    BuildRecord b = builder(dir).build(ctx);
    fake.verifyDone();
    assertThat(b.imageId()).isEqualTo(ID);
    assertThat(b.image()).hasToString("quay.io/centos/driver-toolkit:5.14.0-498.el9.x86_64");
    assertThat(b.index()).hasToString("quay.io/centos/driver-toolkit:5.14.0-498.el9");
    assertThat(b.inputsDigest()).isEqualTo(ctx.inputsDigest());
    assertThat(new StateStore(dir.resolve("state")).get("centos/x86_64/5.14.0-498.el9"))
        .contains(b);
    assertThat(Files.readString(dir.resolve("logs/centos.x86_64.5.14.0-498.el9.log")))
        .startsWith("$ podman build --file " + contextDir.resolve("Containerfile"))
        .endsWith("\nSTEP 1/9: FROM x\nCOMMIT\n");
    assertThat(events)
        .filteredOn(e -> e instanceof ExecEvent.Step)
        .extracting(e -> ((ExecEvent.Step) e).step() + ":" + ((ExecEvent.Step) e).status())
        .containsExactly("render:STARTED", "render:DONE", "build:STARTED", "build:DONE");
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aSecretFileIsHandedToTheEngineByPath_neverOpenedNorCopiedIntoTheContextOrTheLog(
      @TempDir Path dir) throws Exception {
    Path specs = Files.createDirectories(dir.resolve("repo/specs"));
    Path host = Files.createDirectories(dir.resolve("host"));
    Path fifo = host.resolve("entitlement.pem");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
        .isZero(); // opening it would block
    Files.writeString(host.resolve("key.pem"), "SECRETMARK-b17\n");
    Files.writeString(
        specs.resolve("s.yaml"),
        "apiVersion: dtk/v1\nkind: DriverToolkit\nmetadata: {name: s}\n"
            + "baseImage: quay.io/centos/centos:stream9\npackageManager: dnf\nplatforms: [x86_64]\n"
            + "kernel: {version: 5.14.0-498.el9}\nimage: {registry: quay.io, organization: o, name: n, tag: \"${kernel.version}\"}\n"
            + "build:\n  secrets:\n    - {id: ent, file: "
            + fifo
            + "}\n    - {id: key, file: ../../host/key.pem}\n");
    LoadResult loaded = SpecLoader.standard().load(List.of(specs));
    assertThat(loaded.ok()).as(String.valueOf(loaded.diagnostics())).isTrue();
    Spec spec = loaded.specs().get(0);
    var res =
        OfflineResolver.resolve(
            spec,
            List.of("x86_64"),
            new Pins(List.of(), Map.of(), Map.of("x86_64", BASE), "c0ffee", 1700000000L));
    BuildContext ctx =
        Renderer.builtIn().render(TargetExpander.targets(spec, List.of("x86_64"), res).get(0));
    Path contextDir = dir.resolve(".dtk/contexts/s.x86_64.5.14.0-498.el9");
    fake.expect("podman", "version", "--format", "{{.Client.Version}}").answer(0, "4.9.0\n", "");
    List<String> build = expectedBuild(ctx, contextDir);
    for (String k : ctx.unsetLabels()) {
      build.addAll(build.indexOf("--iidfile"), List.of("--unsetlabel", k));
    }
    build.addAll(
        build.indexOf("--iidfile"),
        List.of(
            "--secret",
            "id=ent,src=" + fifo,
            "--secret",
            "id=key,src=" + host.resolve("key.pem").toAbsolutePath()));
    fake.expect(build)
        .answer(
            inv -> {
              try (var files = Files.walk(contextDir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                  assertThat(Files.readString(f)).as(f.toString()).doesNotContain("SECRETMARK-b17");
                }
              }
              FakeProcessRunner.write(FakeProcessRunner.valueAfter(inv, "--iidfile"), ID);
              return FakeProcessRunner.result(0, "COMMIT\n", "");
            });
    builder(dir).build(ctx);
    fake.verifyDone();
    assertThat(Files.readString(dir.resolve("logs/s.x86_64.5.14.0-498.el9.log")))
        .doesNotContain("SECRETMARK-b17");
    assertThat(events).noneMatch(e -> e.toString().contains("SECRETMARK-b17"));
  }

  @Test
  void aFailedBuildNamesTheTargetAndLogAndCarriesTheTail(@TempDir Path dir) throws Exception {
    BuildContext ctx = centos("x86_64");
    Path contextDir = dir.resolve(".dtk/contexts/centos.x86_64.5.14.0-498.el9");
    fake.expect("podman", "version", "--format", "{{.Client.Version}}").answer(0, "4.9.0\n", "");
    List<String> build = expectedBuild(ctx, contextDir);
    for (String k : ctx.unsetLabels()) {
      build.addAll(build.indexOf("--iidfile"), List.of("--unsetlabel", k));
    }
    StringBuilder out = new StringBuilder();
    for (int i = 1; i <= 40; i++) {
      out.append("line ").append(i).append('\n');
    }
    fake.expect(build)
        .answer(1, out.toString(), "Error: building at STEP \"RUN dnf\": exit status 1\n");
    assertThatThrownBy(() -> builder(dir).build(ctx))
        .isInstanceOf(BuildFailedException.class)
        .hasMessage(
            "build of centos/x86_64/5.14.0-498.el9 failed: podman exited with 1 (log: "
                + dir.resolve("logs/centos.x86_64.5.14.0-498.el9.log")
                + ")")
        .satisfies(
            e -> {
              String tail = ((BuildFailedException) e).logTail();
              assertThat(tail).contains("line 40", "exit status 1").doesNotContain("line 10\n");
            });
    assertThat(new StateStore(dir.resolve("state")).all()).isEmpty();
    assertThat(events)
        .anyMatch(
            e ->
                e instanceof ExecEvent.Step s
                    && s.step().equals("build")
                    && s.status() == ExecEvent.Status.FAILED);
  }

  @Test
  void pushSendsTheRecordedImageIdAndBuildsTheIndexFromPushedDigests(@TempDir Path dir)
      throws Exception {
    StateStore state = new StateStore(dir.resolve("state"));
    BuildRecord amd =
        new BuildRecord(
            "c/x86_64/1",
            "specs/c.yaml",
            "c",
            "x86_64",
            "1",
            "podman",
            ID,
            ImageRef.parse("127.0.0.1:5000/o/dtk:1.x86_64"),
            ImageRef.parse("127.0.0.1:5000/o/dtk:1"),
            Digest.sha256Hex("d".repeat(64)),
            null,
            null);
    BuildRecord arm =
        new BuildRecord(
            "c/aarch64/1",
            "specs/c.yaml",
            "c",
            "aarch64",
            "1",
            "podman",
            "sha256:" + "e".repeat(64),
            ImageRef.parse("127.0.0.1:5000/o/dtk:1.aarch64"),
            ImageRef.parse("127.0.0.1:5000/o/dtk:1"),
            Digest.sha256Hex("d".repeat(64)),
            null,
            null);
    String d1 = "sha256:" + "1".repeat(64);
    String d2 = "sha256:" + "2".repeat(64);
    String di = "sha256:" + "3".repeat(64);
    fake.expect(
            "podman",
            "push",
            "--tls-verify=false",
            "--digestfile",
            ANY,
            ID,
            "docker://127.0.0.1:5000/o/dtk:1.x86_64")
        .writesFileAfter("--digestfile", d1);
    fake.expect(
            "podman",
            "push",
            "--tls-verify=false",
            "--digestfile",
            ANY,
            "sha256:" + "e".repeat(64),
            "docker://127.0.0.1:5000/o/dtk:1.aarch64")
        .writesFileAfter("--digestfile", d2);
    fake.expect("podman", "manifest", "create", ANY).answer(0, "", "");
    fake.expect(
            "podman",
            "manifest",
            "add",
            "--tls-verify=false",
            ANY,
            "docker://127.0.0.1:5000/o/dtk@" + d1)
        .answer(0, "", "");
    fake.expect(
            "podman",
            "manifest",
            "add",
            "--tls-verify=false",
            ANY,
            "docker://127.0.0.1:5000/o/dtk@" + d2)
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
            "docker://127.0.0.1:5000/o/dtk:1")
        .writesFileAfter("--digestfile", di);
    fake.expect("podman", "manifest", "rm", ANY).answer(0, "", "");
    ImagePusher.Result r =
        new ImagePusher(
                new PodmanEngine(fake, Map.of()),
                new RegistryOptions(false, null),
                state,
                events::add)
            .push(List.of(amd, arm));
    fake.verifyDone();
    assertThat(r.ok()).isTrue();
    assertThat(r.indexes())
        .containsExactly(Map.entry(ImageRef.parse("127.0.0.1:5000/o/dtk:1"), Digest.parse(di)));
    assertThat(state.get("c/x86_64/1").orElseThrow().pushedDigest()).isEqualTo(Digest.parse(d1));
    assertThat(state.get("c/aarch64/1").orElseThrow().pushedDigest()).isEqualTo(Digest.parse(d2));
  }

  @Test
  void forgetRemovesOnlyTheSelectedRecords(@TempDir Path dir) {
    StateStore state = new StateStore(dir.resolve("state"));
    for (String t : List.of("c/x86_64/1", "c/x86_64/2", "c/aarch64/1", "d/x86_64/1")) {
      String[] p = t.split("/");
      state.record(
          new BuildRecord(
              t,
              "s",
              p[0],
              p[1],
              p[2],
              "podman",
              ID,
              ImageRef.parse("r/" + p[0] + ":" + p[2] + "." + p[1]),
              ImageRef.parse("r/" + p[0] + ":" + p[2]),
              null,
              null,
              null));
    }
    state.forget(b -> b.name().equals("c") && b.arch().equals("x86_64"));
    assertThat(state.all())
        .extracting(BuildRecord::target)
        .containsExactly("c/aarch64/1", "d/x86_64/1");
  }

  @Test
  void aPlatformThatFailsToPushLeavesItsIndexAlone(@TempDir Path dir) throws Exception {
    BuildRecord amd =
        new BuildRecord(
            "c/x86_64/1",
            "s",
            "c",
            "x86_64",
            "1",
            "podman",
            ID,
            ImageRef.parse("127.0.0.1:5000/o/dtk:1.x86_64"),
            ImageRef.parse("127.0.0.1:5000/o/dtk:1"),
            null,
            null,
            null);
    BuildRecord arm =
        new BuildRecord(
            "c/aarch64/1",
            "s",
            "c",
            "aarch64",
            "1",
            "podman",
            ID,
            ImageRef.parse("127.0.0.1:5000/o/dtk:1.aarch64"),
            ImageRef.parse("127.0.0.1:5000/o/dtk:1"),
            null,
            null,
            null);
    fake.expect(
            "podman",
            "push",
            "--tls-verify=false",
            "--digestfile",
            ANY,
            ID,
            "docker://127.0.0.1:5000/o/dtk:1.x86_64")
        .answer(125, "", "Error: unauthorized\n");
    fake.expect(
            "podman",
            "push",
            "--tls-verify=false",
            "--digestfile",
            ANY,
            ID,
            "docker://127.0.0.1:5000/o/dtk:1.aarch64")
        .writesFileAfter("--digestfile", "sha256:" + "2".repeat(64));
    ImagePusher.Result r =
        new ImagePusher(
                new PodmanEngine(fake, Map.of()),
                new RegistryOptions(false, null),
                new StateStore(dir.resolve("state")),
                events::add)
            .push(List.of(amd, arm));
    fake.verifyDone();
    assertThat(r.ok()).isFalse();
    assertThat(r.pushed()).hasSize(1);
    assertThat(r.indexes()).isEmpty();
    assertThat(events)
        .anyMatch(e -> e instanceof ExecEvent.Note n && n.message().contains("index not updated"));
  }
}

package dtk.exec.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.cli.output.ApplyText;
import dtk.exec.Event;
import dtk.exec.Platform;
import dtk.exec.apply.plan.InspectorRegistryView;
import dtk.exec.apply.plan.Plan;
import dtk.exec.apply.plan.Planner;
import dtk.exec.apply.plan.RenderedTargets;
import dtk.exec.apply.run.Applier;
import dtk.exec.apply.run.ApplyOptions;
import dtk.exec.apply.run.ApplyReport;
import dtk.exec.apply.run.IndexResult;
import dtk.exec.apply.run.LocalExecutor;
import dtk.exec.apply.run.TargetResult;
import dtk.exec.build.ImageBuilder;
import dtk.exec.build.StateStore;
import dtk.exec.engine.ContainerEngines;
import dtk.exec.engine.PullPolicy;
import dtk.exec.registry.ImageInfo;
import dtk.exec.registry.ImageNotFoundException;
import dtk.exec.registry.PlatformImage;
import dtk.exec.registry.Registries;
import dtk.exec.registry.RegistryOptions;
import dtk.render.BuildContext;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dtk apply}'s engine-facing half against real podman (chroot isolation), a real registry on
 * 127.0.0.1, and aarch64 RUN steps under qemu-user-static.
 */
class ApplyIT {
  private static final RegistryOptions PLAIN_HTTP = new RegistryOptions(false, null);
  private static final List<String> BOTH = List.of("x86_64", "aarch64");
  private static final AtomicInteger REPOS = new AtomicInteger();
  private static MultiArchBase base;

  @TempDir Path tmp;
  private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void fixtures() {
    base = MultiArchBase.shared();
  }

  private static String repo(String what) {
    return what + "-" + ProcessHandle.current().pid() + "-" + REPOS.incrementAndGet();
  }

  private record Run(Plan plan, ApplyReport report, CountingRunner runner) {}

  private Run apply(List<BuildContext> contexts, int jobs) throws Exception {
    CountingRunner runner = new CountingRunner();
    RenderedTargets rendered = new RenderedTargets(contexts);
    Plan plan =
        new Planner(new InspectorRegistryView(Registries.inspector(PLAIN_HTTP)))
            .plan(rendered.targets(), false);
    ImageBuilder.Options build =
        new ImageBuilder.Options(
            tmp.resolve("work"),
            tmp.resolve("logs"),
            PullPolicy.MISSING,
            List.of("--isolation=chroot"),
            false,
            false,
            PLAIN_HTTP);
    LocalExecutor executor =
        new LocalExecutor(
            ContainerEngines.create("podman", runner),
            runner,
            rendered,
            build,
            new StateStore(tmp.resolve("state")));
    ApplyReport report =
        new Applier(
                executor,
                new InspectorRegistryView(Registries.inspector(PLAIN_HTTP)),
                new ApplyOptions(jobs, false, tmp.resolve("state")),
                events::add)
            .apply(plan);
    return new Run(plan, report, runner);
  }

  private static ImageInfo inspect(String ref) throws InterruptedException {
    return Registries.inspector(PLAIN_HTTP).inspect(ImageRef.parse(ref));
  }

  private static List<String> ids(ApplyReport r, TargetResult.Outcome outcome) {
    return r.targets().stream()
        .filter(t -> t.outcome() == outcome)
        .map(t -> t.target().id())
        .toList();
  }

  @Test
  void twoPlatformsTwoKernels_applyTwice_thenChangeOneThingAtATime() throws Exception {
    ItTargets it = new ItTargets(base, repo("matrix"));
    List<String> kernels = List.of("6.1.0-1", "6.1.0-2");

    // 1. everything missing: 4 builds, 2 indexes
    Run first = apply(it.contexts(BOTH, kernels), 2);
    assertThat(first.report().ok()).as(ApplyText.summary(first.report())).isTrue();
    assertThat(first.report().built()).isEqualTo(4);
    for (String k : kernels) {
      ImageInfo index = inspect(it.index(k));
      assertThat(index.index()).isTrue();
      Map<String, Digest> members = new TreeMap<>();
      index.platforms().forEach(p -> members.put(p.platform().arch(), p.digest()));
      Map<String, Digest> pushed = new TreeMap<>();
      first.report().targets().stream()
          .filter(t -> t.target().kernelVersion().equals(k))
          .forEach(t -> pushed.put(t.target().arch(), t.digest()));
      assertThat(members).isEqualTo(pushed).containsOnlyKeys("aarch64", "x86_64");
    }
    for (BuildContext c : it.contexts(BOTH, kernels)) {
      ImageInfo info = inspect(c.target().images().platform().toString());
      PlatformImage p = info.platforms().get(0);
      assertThat(p.platform()).isEqualTo(Platform.of(c.target().arch()));
      assertThat(p.labels())
          .containsEntry(BuildContext.INPUTS_DIGEST_LABEL, c.inputsDigest().toString())
          .containsEntry("name", "dtk-apply-it")
          .containsEntry(
              "org.opencontainers.image.base.digest", base.digests.get(c.target().arch()));
    }
    // the aarch64 RUN step really ran as aarch64 (qemu), not as the host's amd64
    assertThat(unameIn(it.image("6.1.0-1", "aarch64"))).isEqualTo("aarch64");
    assertThat(unameIn(it.image("6.1.0-1", "x86_64"))).isEqualTo("x86_64");
    assertThat(
            Files.readString(
                tmp.resolve("logs")
                    .resolve(StateStore.safeName("apply-it/aarch64/6.1.0-1") + ".log")))
        .contains("STEP 1/")
        .contains("### dtk: verify release file: ok")
        .contains("### dtk: pushed ");

    // 2. right after: nothing to build, the engine is not asked to build or push anything
    Run second = apply(it.contexts(BOTH, kernels), 2);
    assertThat(second.plan().nothingToDo()).isTrue();
    assertThat(second.report().changedNothing()).isTrue();
    assertThat(second.runner().builds()).isEmpty();
    assertThat(second.runner().pushes()).isEmpty();
    assertThat(ApplyText.summary(second.report()))
        .contains("Nothing to build: all 4 targets are up to date");

    // 3. a label changes for one kernel only? labels are per spec: change it, all four are stale
    //    but a changed base image of one platform makes exactly that platform's targets stale
    Digest index1 = inspect(it.index("6.1.0-1")).digest();
    it.baseFor("x86_64", base.pushNewX86Base("v2-" + REPOS.get()));
    Run third = apply(it.contexts(BOTH, kernels), 2);
    assertThat(third.report().ok()).as(ApplyText.summary(third.report())).isTrue();
    assertThat(ids(third.report(), TargetResult.Outcome.PUSHED))
        .containsExactlyInAnyOrder("apply-it/x86_64/6.1.0-1", "apply-it/x86_64/6.1.0-2");
    assertThat(ids(third.report(), TargetResult.Outcome.UP_TO_DATE))
        .containsExactlyInAnyOrder("apply-it/aarch64/6.1.0-1", "apply-it/aarch64/6.1.0-2");
    assertThat(third.plan().builds())
        .allSatisfy(b -> assertThat(b.reason().describe()).contains("base image digest"));
    assertThat(inspect(it.index("6.1.0-1")).digest()).isNotEqualTo(index1);

    // 4. a changed label: every target is stale, and the reason says which label
    it.labels.put("name", "dtk-apply-it-renamed");
    Run fourth = apply(it.contexts(BOTH, List.of("6.1.0-1")), 2);
    assertThat(fourth.report().built()).isEqualTo(2);
    assertThat(fourth.plan().builds())
        .allSatisfy(
            b ->
                assertThat(b.reason().describe())
                    .isEqualTo("stale: label name dtk-apply-it -> dtk-apply-it-renamed"));

    // 5. a new kernel version: only its two targets are built
    Run fifth = apply(it.contexts(BOTH, List.of("6.1.0-1", "6.1.0-3")), 2);
    assertThat(ids(fifth.report(), TargetResult.Outcome.PUSHED))
        .containsExactlyInAnyOrder("apply-it/x86_64/6.1.0-3", "apply-it/aarch64/6.1.0-3");
    assertThat(fifth.plan().builds())
        .allSatisfy(b -> assertThat(b.reason().kind()).isEqualTo("missing"));
    assertThat(fifth.runner().builds())
        .allSatisfy(argv -> assertThat(String.join(" ", argv)).doesNotContain("6.1.0-1."));
  }

  @Test
  void oneFailedBuild_othersArePushed_andItsIndexIsUntouched() throws Exception {
    ItTargets it = new ItTargets(base, repo("failing"));
    it.verify = false;
    Run first = apply(it.contexts(BOTH, List.of("6.1.0-1")), 2);
    assertThat(first.report().ok()).as(ApplyText.summary(first.report())).isTrue();
    Digest indexBefore = inspect(it.index("6.1.0-1")).digest();
    Digest armBefore = inspect(it.image("6.1.0-1", "aarch64")).digest();

    it.labels.put("name", "dtk-apply-it-v2");
    it.extraRun.put("aarch64", " && echo 'dtk-it: failing on purpose' && false");
    Run second = apply(it.contexts(BOTH, List.of("6.1.0-1")), 2);

    assertThat(second.report().ok()).isFalse();
    assertThat(ids(second.report(), TargetResult.Outcome.PUSHED))
        .containsExactly("apply-it/x86_64/6.1.0-1");
    assertThat(second.report().failed())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.target().id()).isEqualTo("apply-it/aarch64/6.1.0-1");
              assertThat(r.error()).startsWith("build: ");
              assertThat(Files.readString(r.log(), StandardCharsets.UTF_8))
                  .contains("dtk-it: failing on purpose");
            });
    String summary = ApplyText.summary(second.report());
    assertThat(summary)
        .contains("apply-it/aarch64/6.1.0-1 failed: build: podman exited with 1")
        .doesNotContain("build of");
    // the log is named once, on its own line
    String log = second.report().failed().get(0).log().toString();
    assertThat(summary.split(java.util.regex.Pattern.quote(log), -1)).hasSize(2);
    assertThat(summary).contains("\n  log: " + log);
    assertThat(inspect(it.index("6.1.0-1")).digest()).isEqualTo(indexBefore);
    assertThat(inspect(it.image("6.1.0-1", "aarch64")).digest()).isEqualTo(armBefore);
    assertThat(inspect(it.image("6.1.0-1", "x86_64")).platforms().get(0).labels())
        .containsEntry("name", "dtk-apply-it-v2");
  }

  @Test
  void failedVerification_isNotPushed() throws Exception {
    ItTargets it = new ItTargets(base, repo("verify"));
    it.releaseKernel.put("x86_64", "6.1.0-99");

    Run run = apply(it.contexts(List.of("x86_64"), List.of("6.1.0-1")), 1);

    assertThat(run.report().failed())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.error())
                    .isEqualTo(
                        "verify: release file: KERNEL_VERSION is 6.1.0-99.x86_64 in /etc/driver-toolkit-release.json, "
                            + "expected 6.1.0-1.x86_64; not pushed"));
    assertThat(run.runner().pushes()).isEmpty();
    assertThatThrownBy(() -> inspect(it.image("6.1.0-1", "x86_64")))
        .isInstanceOf(ImageNotFoundException.class);
    // the SBOM's package database was read while verify ran; the failed verify stopped the read,
    // and the container it read through is gone
    assertThat(run.runner().calls)
        .anySatisfy(a -> assertThat(a).contains("create").endsWith("/dtk-sbom-never-runs"));
    assertThat(MultiArchBase.run("podman", "ps", "-a", "--format", "{{.Command}}").stdout())
        .doesNotContain("dtk-sbom-never-runs");
    assertThat(run.report().indexes())
        .singleElement()
        .satisfies(i -> assertThat(i.outcome()).isEqualTo(IndexResult.Outcome.SKIPPED));
  }

  @Test
  void twoConcurrentApplies_buildEachTargetOnce() throws Exception {
    ItTargets it = new ItTargets(base, repo("concurrent"));
    it.verify = false;
    List<BuildContext> contexts = it.contexts(List.of("x86_64"), List.of("6.1.0-1"));
    List<Run> runs = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  runs.add(apply(contexts, 1));
                } catch (Exception | AssertionError e) {
                  errors.add(e);
                }
              });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }

    assertThat(errors).isEmpty();
    assertThat(runs)
        .allSatisfy(r -> assertThat(r.report().ok()).as(ApplyText.summary(r.report())).isTrue());
    long builtHere = runs.stream().mapToLong(r -> r.report().built()).sum();
    long builtElsewhereOrUpToDate =
        runs.stream()
            .flatMap(r -> r.report().targets().stream())
            .filter(
                t ->
                    t.outcome() == TargetResult.Outcome.PUSHED_ELSEWHERE
                        || t.outcome() == TargetResult.Outcome.UP_TO_DATE)
            .count();
    assertThat(builtHere).isEqualTo(1);
    assertThat(builtElsewhereOrUpToDate).isEqualTo(1);
    assertThat(inspect(it.index("6.1.0-1")).index()).isTrue();
  }

  private static String unameIn(String image) throws Exception {
    String cid =
        MultiArchBase.run("podman", "create", "--pull=never", image, "true").stdout().strip();
    Path out = Files.createTempDirectory("dtk-uname-");
    try {
      MultiArchBase.run("podman", "cp", cid + ":/etc/dtk-uname", out.resolve("uname").toString());
      return Files.readString(out.resolve("uname")).strip();
    } finally {
      MultiArchBase.run("podman", "rm", "-f", cid);
      Files.deleteIfExists(out.resolve("uname"));
      Files.deleteIfExists(out);
    }
  }
}

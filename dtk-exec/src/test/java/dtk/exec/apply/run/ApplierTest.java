package dtk.exec.apply.run;

import static dtk.exec.testing.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.Event;
import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.plan.Plan;
import dtk.exec.apply.plan.Planner;
import dtk.exec.apply.plan.RemoteImage;
import dtk.exec.apply.plan.RemoteIndex;
import dtk.exec.testing.FakeExecutor;
import dtk.exec.testing.FakeRegistry;
import dtk.exec.testing.Fixtures;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplierTest {
  @TempDir Path state;

  private final FakeRegistry registry = new FakeRegistry();
  private final FakeExecutor executor = new FakeExecutor(registry);
  private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

  private final ApplyTarget x1 = target("x86_64", "6.1.0-1");
  private final ApplyTarget a1 = target("aarch64", "6.1.0-1");
  private final ApplyTarget x2 = target("x86_64", "6.1.0-2");
  private final ApplyTarget a2 = target("aarch64", "6.1.0-2");
  private final List<ApplyTarget> all = List.of(x1, a1, x2, a2);

  private ApplyReport apply(List<ApplyTarget> targets, int jobs, boolean failFast)
      throws Exception {
    Plan plan = new Planner(registry).plan(targets, false);
    return new Applier(executor, registry, new ApplyOptions(jobs, failFast, state), events::add)
        .apply(plan);
  }

  @Test
  void missingTargets_areBuiltAndIndexesPublished() throws Exception {
    ApplyReport report = apply(all, 2, false);

    assertThat(report.ok()).isTrue();
    assertThat(executor.executed).containsExactlyInAnyOrder(x1.id(), a1.id(), x2.id(), a2.id());
    assertThat(executor.published).containsExactly(x1.index().toString(), x2.index().toString());
    assertThat(report.targets())
        .extracting(TargetResult::outcome)
        .containsOnly(TargetResult.Outcome.PUSHED);
    assertThat(report.targets()).extracting(TargetResult::target).containsExactly(x1, a1, x2, a2);
    assertThat(report.targets())
        .allSatisfy(r -> assertThat(r.digest()).isEqualTo(Fixtures.digestOf(r.target())));
  }

  @Test
  void secondApply_buildsNothing_andPublishesNothing() throws Exception {
    apply(all, 2, false);
    executor.executed.clear();
    executor.published.clear();

    ApplyReport second = apply(all, 2, false);

    assertThat(executor.executed).isEmpty();
    assertThat(executor.published).isEmpty();
    assertThat(second.changedNothing()).isTrue();
    assertThat(second.ok()).isTrue();
    assertThat(second.targets())
        .extracting(TargetResult::outcome)
        .containsOnly(TargetResult.Outcome.UP_TO_DATE);
  }

  @Test
  void oneFailedTarget_doesNotStopTheOthers_andItsIndexIsUntouched() throws Exception {
    executor.failing.add(a1.id());

    ApplyReport report = apply(all, 1, false);

    assertThat(report.ok()).isFalse();
    assertThat(executor.executed).containsExactly(x1.id(), a1.id(), x2.id(), a2.id());
    assertThat(report.failed())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.target()).isEqualTo(a1);
              assertThat(r.error()).isEqualTo("build: RUN step failed with exit code 1");
            });
    assertThat(executor.published).containsExactly(x2.index().toString());
    assertThat(registry.indexes).doesNotContainKey(x1.index());
    assertThat(report.indexes().get(0))
        .satisfies(
            i -> {
              assertThat(i.outcome()).isEqualTo(IndexResult.Outcome.SKIPPED);
              assertThat(i.detail()).isEqualTo("not published: aarch64 failed; index untouched");
            });
  }

  @Test
  void failedPlatform_keepsThePreviousIndexAsItWas() throws Exception {
    registry.putAll(all);
    RemoteIndex before = registry.indexes.get(x1.index());
    ApplyTarget x1New = target("x86_64", "6.1.0-1", "inputs-new", Fixtures.BASE_B);
    ApplyTarget a1New = target("aarch64", "6.1.0-1", "inputs-new-a", Fixtures.BASE_B);
    executor.failing.add(a1New.id());

    ApplyReport report = apply(List.of(x1New, a1New, x2, a2), 2, false);

    assertThat(registry.indexes.get(x1.index())).isEqualTo(before);
    assertThat(executor.executed).containsExactlyInAnyOrder(x1New.id(), a1New.id());
    assertThat(report.built()).isEqualTo(1);
  }

  @Test
  void failFast_startsNothingAfterTheFirstFailure_andPublishesNoIndex() throws Exception {
    executor.failing.add(x1.id());

    ApplyReport report = apply(all, 1, true);

    assertThat(executor.executed).containsExactly(x1.id());
    assertThat(report.targets())
        .extracting(TargetResult::outcome)
        .containsExactly(
            TargetResult.Outcome.FAILED,
            TargetResult.Outcome.CANCELLED,
            TargetResult.Outcome.CANCELLED,
            TargetResult.Outcome.CANCELLED);
    assertThat(executor.published).isEmpty();
    assertThat(report.indexes())
        .extracting(IndexResult::outcome)
        .containsOnly(IndexResult.Outcome.SKIPPED);
  }

  @Test
  void failFast_interruptsTargetsAlreadyRunning() throws Exception {
    executor.hanging.add(a1.id());
    executor.failing.add(x1.id());
    // a1 hangs until interrupted; x1 fails once a1 is running
    TargetExecutor gated =
        new TargetExecutor() {
          @Override
          public Digest execute(ApplyTarget target, Progress progress)
              throws TargetFailedException, InterruptedException {
            if (target.equals(x1)) {
              executor.hangingStarted.await();
            }
            return executor.execute(target, progress);
          }

          @Override
          public Digest publishIndex(ImageRef index, List<IndexMember> members, Progress progress) {
            return executor.publishIndex(index, members, progress);
          }
        };
    Plan plan = new Planner(registry).plan(List.of(x1, a1), false);

    ApplyReport report =
        new Applier(gated, registry, new ApplyOptions(2, true, state), events::add).apply(plan);

    assertThat(report.targets())
        .extracting(TargetResult::outcome)
        .containsExactly(TargetResult.Outcome.FAILED, TargetResult.Outcome.CANCELLED);
    assertThat(report.indexes())
        .extracting(IndexResult::outcome)
        .containsOnly(IndexResult.Outcome.SKIPPED);
  }

  @Test
  void interruptingTheApply_stopsRunningTargets_andLeavesNoIndex() throws Exception {
    executor.hanging.add(a1.id());
    Plan plan = new Planner(registry).plan(List.of(x1, a1), false);
    AtomicReference<ApplyReport> report = new AtomicReference<>();
    Thread applyThread =
        new Thread(
            () -> {
              try {
                report.set(
                    new Applier(executor, registry, new ApplyOptions(2, false, state), events::add)
                        .apply(plan));
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              }
            });
    applyThread.start();
    executor.hangingStarted.await();

    applyThread.interrupt();
    applyThread.join();

    assertThat(report.get().interrupted()).isTrue();
    assertThat(report.get().ok()).isFalse();
    assertThat(report.get().targets().get(1).outcome()).isEqualTo(TargetResult.Outcome.CANCELLED);
    assertThat(executor.published).isEmpty();
    assertThat(registry.indexes).isEmpty();
    assertThat(report.get().indexes())
        .singleElement()
        .satisfies(
            i -> assertThat(i.detail()).isEqualTo("not published: interrupted; index untouched"));
  }

  @Test
  void cancel_buildsKilledUnderneathAreCancelled_notFailed_andNoIndexIsPublished()
      throws Exception {
    java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
    TargetExecutor killedOnInterrupt =
        new TargetExecutor() {
          @Override
          public Digest execute(ApplyTarget target, Progress progress)
              throws TargetFailedException {
            running.countDown();
            try {
              new java.util.concurrent.CountDownLatch(1).await();
            } catch (InterruptedException e) {
              // what a build whose process tree was killed reports
            }
            throw new TargetFailedException("build", "podman exited with 143");
          }

          @Override
          public Digest publishIndex(ImageRef index, List<IndexMember> members, Progress progress) {
            throw new AssertionError("no index after a cancel");
          }
        };
    Plan plan = new Planner(registry).plan(List.of(x1, a1), false);
    Applier applier =
        new Applier(killedOnInterrupt, registry, new ApplyOptions(2, false, state), events::add);
    AtomicReference<ApplyReport> report = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                report.set(applier.apply(plan));
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              }
            });
    t.start();
    running.await();

    applier.cancel();
    t.join();

    assertThat(report.get().interrupted()).isTrue();
    assertThat(report.get().targets())
        .extracting(TargetResult::outcome)
        .containsOnly(TargetResult.Outcome.CANCELLED);
    assertThat(report.get().indexes())
        .extracting(IndexResult::outcome)
        .containsOnly(IndexResult.Outcome.SKIPPED);
  }

  @Test
  void blockedTarget_countsAsFailed_withoutBuilding() throws Exception {
    registry.images.put(
        x1.image(), new RemoteImage.Unreachable("registry reg.test: connection refused"));

    ApplyReport report = apply(List.of(x1, a1), 2, false);

    assertThat(executor.executed).containsExactly(a1.id());
    assertThat(report.failed())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(TargetResult.Outcome.BLOCKED);
              assertThat(r.error()).contains("connection refused");
            });
    assertThat(executor.published).isEmpty();
  }

  @Test
  void progressEvents_nameTheTargetAndItsStages() throws Exception {
    apply(List.of(x1), 1, false);

    assertThat(events)
        .filteredOn(ApplyEvent.TargetStage.class::isInstance)
        .extracting(e -> ((ApplyEvent.TargetStage) e).stage())
        .containsExactly("render", "build", "push");
    assertThat(events).filteredOn(ApplyEvent.TargetFinished.class::isInstance).hasSize(1);
    assertThat(events).filteredOn(ApplyEvent.IndexFinished.class::isInstance).hasSize(1);
  }
}

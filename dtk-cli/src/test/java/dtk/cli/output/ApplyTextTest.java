package dtk.cli.output;

import static dtk.exec.testing.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.plan.Plan;
import dtk.exec.apply.plan.Planner;
import dtk.exec.apply.run.Applier;
import dtk.exec.apply.run.ApplyEvent;
import dtk.exec.apply.run.ApplyOptions;
import dtk.exec.apply.run.ApplyReport;
import dtk.exec.apply.run.IndexResult;
import dtk.exec.apply.run.TargetResult;
import dtk.exec.testing.FakeExecutor;
import dtk.exec.testing.FakeRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyTextTest {
  @TempDir Path state;

  private final FakeRegistry registry = new FakeRegistry();
  private final FakeExecutor executor = new FakeExecutor(registry);
  private final ApplyTarget x1 = target("x86_64", "6.1.0-1");
  private final ApplyTarget a1 = target("aarch64", "6.1.0-1");

  private ApplyReport apply() throws Exception {
    Plan plan = new Planner(registry).plan(List.of(x1, a1), false);
    return new Applier(executor, registry, new ApplyOptions(1, false, state), e -> {}).apply(plan);
  }

  @Test
  void plan_listsEachTargetWithItsReason_andCounts() throws Exception {
    registry.put(x1);

    String text = ApplyText.plan(new Planner(registry).plan(List.of(x1, a1), false));

    assertThat(text)
        .containsPattern(
            "centos/x86_64/6.1.0-1 +reg.test/org/dtk:6.1.0-1.x86_64 +none +up-to-date sha256:")
        .containsPattern("centos/aarch64/6.1.0-1 +reg.test/org/dtk:6.1.0-1.aarch64 +build +missing")
        .containsPattern(
            "reg.test/org/dtk:6.1.0-1 +x86_64,aarch64 +publish +platforms rebuilt: aarch64")
        .endsWith("Plan: 1 to build, 1 up to date, 1 index to publish.\n");
  }

  @Test
  void summary_namesTheFailedTarget_itsLog_andTheUntouchedIndex() throws Exception {
    executor.failing.add(a1.id());

    String text = ApplyText.summary(apply());

    assertThat(text)
        .containsPattern("centos/x86_64/6.1.0-1 +build +pushed +sha256:")
        .containsPattern("centos/aarch64/6.1.0-1 +build +failed +- ")
        .contains("centos/aarch64/6.1.0-1 failed: build: RUN step failed with exit code 1")
        .contains(
            "reg.test/org/dtk:6.1.0-1 skipped: not published: aarch64 failed; index untouched")
        .contains(
            "Failed: 1 built and pushed, 0 up to date, 1 not done (centos/aarch64/6.1.0-1 failed); 0 indexes published, 1 left untouched");
  }

  @Test
  void secondRun_saysNothingWasBuilt() throws Exception {
    apply();

    assertThat(ApplyText.summary(apply()))
        .contains("Nothing to build: all 2 targets are up to date");
    assertThat(ApplyText.plan(new Planner(registry).plan(List.of(x1, a1), false)))
        .endsWith("Nothing to do: all 2 targets are up to date, and so are the indexes.\n");
  }

  @Test
  void textFromToolsAndSpecs_isShownEscaped_andAFailureCannotForgeALineOfItsOwn() {
    TargetResult failed =
        new TargetResult(
            x1,
            TargetResult.Action.BUILD,
            TargetResult.Outcome.FAILED,
            "missing",
            null,
            java.time.Duration.ofSeconds(3),
            "build: step failed\n::error ::forged\u001b[2J\u0007",
            Path.of("logs/x\u001b]0;t\u0007.log"));
    IndexResult index =
        new IndexResult(
            x1.index(),
            List.of("x86_64"),
            IndexResult.Outcome.SKIPPED,
            null,
            "not published\r\u009b\u2028",
            java.time.Duration.ZERO);
    ApplyReport report =
        new ApplyReport(List.of(failed), List.of(index), java.time.Duration.ofSeconds(3), false);

    String text = ApplyText.summary(report);

    assertThat(text)
        .contains(
            "centos/x86_64/6.1.0-1 failed: build: step failed\n  | ::error ::forged\\e[2J\\x07\n"
                + "  log: logs/x\\e]0;t\\x07.log\n")
        .contains("reg.test/org/dtk:6.1.0-1 skipped: not published\\r\\x9b\\u2028\n");
    assertThat(text.lines()).noneMatch(l -> l.strip().startsWith("::"));
    assertNoRawControls(text);
    String progress = ApplyText.progress(new ApplyEvent.TargetFinished(failed));
    assertThat(progress).isEqualTo("centos/x86_64/6.1.0-1: failed (3.0s): build: step failed");
    assertNoRawControls(ApplyText.progress(new ApplyEvent.IndexFinished(index)));
    assertNoRawControls(
        ApplyText.progress(
            new ApplyEvent.TargetStage(x1, "push \u001b[1A\n::x", java.time.Duration.ZERO)));
  }

  private static void assertNoRawControls(String text) {
    text.codePoints()
        .forEach(
            c ->
                assertThat(c == '\n' || !dtk.spec.Printable.needsEscape(c))
                    .as("raw U+%04X in:%n%s", c, text)
                    .isTrue());
  }
}

package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.cli.output.Progress;
import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.run.ApplyEvent;
import dtk.exec.apply.run.TargetResult;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplyProgressTest {
  private final ApplyTarget t =
      new ApplyTarget(
          "centos/x86_64/6.1.0-1",
          "centos",
          "x86_64",
          "6.1.0-1",
          ImageRef.parse("reg/org/dtk:6.1.0-1.x86_64"),
          ImageRef.parse("reg/org/dtk:6.1.0-1"),
          Digest.sha256Hex("1".repeat(64)),
          Map.of());
  private final TargetResult pushed =
      new TargetResult(
          t,
          TargetResult.Action.BUILD,
          TargetResult.Outcome.PUSHED,
          "missing",
          Digest.sha256Hex("d".repeat(64)),
          Duration.ofSeconds(3),
          null,
          null);

  @Test
  void elsewhere_oneLinePerEvent_noEscapes() {
    StringWriter out = new StringWriter();
    try (Progress p = Progress.open(new PrintWriter(out), false)) {
      p.on(new ApplyEvent.TargetStarted(t, null));
      p.on(new ApplyEvent.TargetStage(t, "build", Duration.ofSeconds(1)));
      p.on(new ApplyEvent.TargetFinished(pushed));
    }
    assertThat(out.toString())
        .isEqualTo(
            "centos/x86_64/6.1.0-1: started\n"
                + "centos/x86_64/6.1.0-1: build (1.0s)\n"
                + "centos/x86_64/6.1.0-1: pushed sha256:dddddddddddd (3.0s)\n");
  }

  @Test
  void onATerminal_runningTargetsAreRedrawn_andFinishedOnesStay() {
    StringWriter out = new StringWriter();
    try (Progress p = Progress.open(new PrintWriter(out), true)) {
      p.on(new ApplyEvent.TargetStarted(t, null));
      p.on(new ApplyEvent.TargetStage(t, "build", Duration.ofSeconds(1)));
      assertThat(out.toString()).contains("  centos/x86_64/6.1.0-1  build 0s");
      p.on(new ApplyEvent.TargetFinished(pushed));
    }
    String text = out.toString();
    String afterLastClear = text.substring(text.lastIndexOf("\u001b[2K") + "\u001b[2K".length());
    assertThat(afterLastClear)
        .isEqualTo("centos/x86_64/6.1.0-1: pushed sha256:dddddddddddd (3.0s)\n");
  }
}

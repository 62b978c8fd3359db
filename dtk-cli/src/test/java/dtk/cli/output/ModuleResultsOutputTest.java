package dtk.cli.output;

import static dtk.exec.testing.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.apply.run.ApplyReport;
import dtk.exec.apply.run.TargetResult;
import dtk.exec.build.ModuleResult;
import dtk.spec.Digest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The results of {@code verify.modules} in the apply summary and in the JSON report. */
class ModuleResultsOutputTest {
  @Test
  void modules_areInTheSummary_andTheJsonReport() {
    TargetResult pushed =
        new TargetResult(
            target("x86_64", "6.1.0-1"),
            TargetResult.Action.BUILD,
            TargetResult.Outcome.PUSHED,
            "missing",
            Digest.sha256Hex("a".repeat(64)),
            Duration.ofSeconds(30),
            null,
            null,
            List.of(
                new ModuleResult(
                    "drivers/v4l2loopback",
                    null,
                    true,
                    ModuleResult.Status.OK,
                    1,
                    "6.1.0-1 SMP",
                    12,
                    null,
                    null),
                new ModuleResult(
                    "https://example.org/razer.git",
                    "0123abc",
                    false,
                    ModuleResult.Status.FAILED,
                    0,
                    null,
                    6,
                    "driver/razerkbd.c:9:1: error: too few arguments",
                    "MAKE failed: make driver")));
    ApplyReport report = new ApplyReport(List.of(pushed), List.of(), Duration.ofSeconds(30), false);

    String text = ApplyText.summary(report);
    assertThat(text)
        .contains("MODULE                         RESULT             KO  VERMAGIC  TIME")
        .contains("drivers/v4l2loopback           ok                 1   6.1.0-1   12s")
        .contains("https://example.org/razer.git  failed (optional)  0   -         6s")
        .contains(
            "centos/x86_64/6.1.0-1 https://example.org/razer.git: failed: MAKE failed: make driver\n"
                + "  first error: driver/razerkbd.c:9:1: error: too few arguments\n");
    String json = ApplyJson.report(report);
    assertThat(json)
        .contains("\"modules\": [")
        .contains(
            "\"module\": \"https://example.org/razer.git\",\n          \"commit\": \"0123abc\",\n"
                + "          \"required\": false,\n          \"result\": \"failed\",\n          \"koCount\": 0,")
        .contains("\"error\": \"driver/razerkbd.c:9:1: error: too few arguments\"");
  }
}

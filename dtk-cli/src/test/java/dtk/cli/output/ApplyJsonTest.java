package dtk.cli.output;

import static dtk.exec.testing.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.plan.Planner;
import dtk.exec.apply.run.ApplyReport;
import dtk.exec.apply.run.IndexResult;
import dtk.exec.apply.run.TargetResult;
import dtk.exec.testing.FakeRegistry;
import dtk.exec.testing.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ApplyJsonTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ApplyTarget x1 = target("x86_64", "6.1.0-1");
  private final ApplyTarget a1 = target("aarch64", "6.1.0-1");

  @Test
  void report_carriesDigestsTagsKernelsAndOutcomes() {
    ApplyReport report =
        new ApplyReport(
            List.of(
                new TargetResult(
                    x1,
                    TargetResult.Action.BUILD,
                    TargetResult.Outcome.PUSHED,
                    "missing",
                    Fixtures.digest("x1"),
                    Duration.ofMillis(12_340),
                    null,
                    Path.of("/logs/x1.log")),
                new TargetResult(
                    a1,
                    TargetResult.Action.BUILD,
                    TargetResult.Outcome.FAILED,
                    "missing",
                    null,
                    Duration.ofMillis(2_000),
                    "build: RUN step failed",
                    Path.of("/logs/a1.log"))),
            List.of(
                new IndexResult(
                    x1.index(),
                    List.of("x86_64", "aarch64"),
                    IndexResult.Outcome.SKIPPED,
                    null,
                    "not published: aarch64 failed; index untouched",
                    Duration.ZERO)),
            Duration.ofSeconds(15),
            false);

    JsonNode root = JSON.readTree(ApplyJson.report(report));

    assertThat(root.get("ok").asBoolean()).isFalse();
    assertThat(root.get("built").asInt()).isEqualTo(1);
    JsonNode t0 = root.get("targets").get(0);
    assertThat(t0.get("id").asString()).isEqualTo("centos/x86_64/6.1.0-1");
    assertThat(t0.get("name").asString()).isEqualTo("centos");
    assertThat(t0.get("arch").asString()).isEqualTo("x86_64");
    assertThat(t0.get("platform").asString()).isEqualTo("linux/amd64");
    assertThat(t0.get("kernelVersion").asString()).isEqualTo("6.1.0-1");
    assertThat(t0.get("image").asString()).isEqualTo("reg.test/org/dtk:6.1.0-1.x86_64");
    assertThat(t0.get("index").asString()).isEqualTo("reg.test/org/dtk:6.1.0-1");
    assertThat(t0.get("result").asString()).isEqualTo("pushed");
    assertThat(t0.get("digest").asString()).isEqualTo(Fixtures.digest("x1").toString());
    assertThat(t0.get("seconds").asDouble()).isEqualTo(12.3);
    assertThat(t0.get("log").asString()).isEqualTo("/logs/x1.log");
    JsonNode t1 = root.get("targets").get(1);
    assertThat(t1.get("result").asString()).isEqualTo("failed");
    assertThat(t1.get("error").asString()).isEqualTo("build: RUN step failed");
    assertThat(t1.get("digest").isNull()).isTrue();
    JsonNode ix = root.get("indexes").get(0);
    assertThat(ix.get("result").asString()).isEqualTo("skipped");
    assertThat(ix.get("platforms").toString()).isEqualTo("[\"x86_64\",\"aarch64\"]");
  }

  @Test
  void plan_saysPerTargetWhatWillHappenAndWhy() throws Exception {
    FakeRegistry registry = new FakeRegistry();
    registry.put(x1);

    JsonNode root =
        JSON.readTree(
            ApplyJson.plan(
                new Planner(registry).plan(List.of(x1, a1), false),
                t ->
                    java.util.Map.of(
                        "spec", "specs/" + t.spec() + ".yaml", "image", "not overridden")));

    assertThat(root.get("nothingToDo").asBoolean()).isFalse();
    assertThat(root.get("targets").get(0).get("status").asString()).isEqualTo("up-to-date");
    assertThat(root.get("targets").get(0).get("action").asString()).isEqualTo("none");
    assertThat(root.get("targets").get(1).get("status").asString()).isEqualTo("missing");
    assertThat(root.get("targets").get(1).get("action").asString()).isEqualTo("build");
    assertThat(root.get("targets").get(1).get("spec").asString()).isEqualTo("specs/centos.yaml");
    assertThat(root.get("targets").get(1).get("image").asString()).isEqualTo(a1.image().toString());
    assertThat(root.get("indexes").get(0).get("action").asString()).isEqualTo("publish");
    assertThat(root.get("indexes").get(0).get("reason").asString())
        .isEqualTo("platforms rebuilt: aarch64");
  }

  @Test
  void plan_writesLikeEveryOtherDtkJson_offlineKeysFirst() throws Exception {
    FakeRegistry registry = new FakeRegistry();
    java.util.Map<String, Object> offline = new java.util.LinkedHashMap<>();
    offline.put("spec", "specs/centos.yaml");
    offline.put("name", "centos");
    offline.put("arch", "x86_64");
    offline.put("from", "quay.io/centos-bootc/centos-bootc:stream9");
    String json = ApplyJson.plan(new Planner(registry).plan(List.of(x1), false), t -> offline);
    assertThat(json).contains("\"nothingToDo\": false").doesNotContain("\" :");
    List<String> keys = new java.util.ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^      \"([A-Za-z]+)\":")
            .matcher(json.substring(0, json.indexOf("\"indexes\"")));
    while (m.find()) {
      keys.add(m.group(1));
    }
    assertThat(keys)
        .containsExactly(
            "spec",
            "name",
            "arch",
            "from",
            "platform",
            "kernelVersion",
            "image",
            "index",
            "inputsDigest",
            "id",
            "action",
            "status",
            "reason");
    assertThat(
            ApplyJson.report(new ApplyReport(List.of(), List.of(), java.time.Duration.ZERO, false)))
        .doesNotContain("\" :");
  }
}

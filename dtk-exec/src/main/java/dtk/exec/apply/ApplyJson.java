package dtk.exec.apply;

import dtk.exec.Platform;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON forms of a {@link Plan} ({@code dtk plan --format json}, {@code dtk apply --dry-run
 * --format json}) and of an {@link ApplyReport} ({@code --report FILE}), for scripts and CI bots.
 * Field names are a contract: add fields, do not rename them.
 */
public final class ApplyJson {
  private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private ApplyJson() {}

  public static String plan(Plan plan) {
    return plan(plan, t -> Map.of());
  }

  /**
   * The plan, each target also carrying {@code more.apply(target)} (for the CLI: the spec file and
   * what the rendered context holds, as {@code dtk plan --offline --format json} shows it) under
   * keys the plan does not use itself.
   */
  public static String plan(Plan plan, Function<ApplyTarget, Map<String, ?>> more) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("nothingToDo", plan.nothingToDo());
    ArrayNode targets = root.putArray("targets");
    ArrayNode indexes = root.putArray("indexes");
    for (Step step : plan.steps()) {
      if (step instanceof Step.Build b) {
        ObjectNode o = target(targets.addObject(), b.target());
        o.put("action", "build");
        o.put("status", b.reason().kind());
        o.put("reason", b.reason().describe());
        if (b.reason() instanceof Reason.Stale s) {
          o.put("remoteInputsDigest", s.remoteDigest());
          ArrayNode changes = o.putArray("changes");
          for (Reason.Change c : s.changes()) {
            changes.addObject().put("what", c.what()).put("from", c.from()).put("to", c.to());
          }
        }
      } else if (step instanceof Step.UpToDate u) {
        ObjectNode o = target(targets.addObject(), u.target());
        o.put("action", "none");
        o.put("status", "up-to-date");
        o.put("reason", "up-to-date");
        o.put("digest", u.digest());
      } else if (step instanceof Step.Blocked bl) {
        ObjectNode o = target(targets.addObject(), bl.target());
        o.put("action", "none");
        o.put("status", "blocked");
        o.put("reason", bl.message());
      } else if (step instanceof Step.PublishIndex p) {
        ObjectNode o = indexes.addObject();
        o.put("index", p.index());
        o.put("action", "publish");
        o.put("status", p.reason().kind());
        o.put("reason", p.reason().describe());
        platforms(o, p.members());
      } else if (step instanceof Step.IndexUpToDate u) {
        ObjectNode o = indexes.addObject();
        o.put("index", u.index());
        o.put("action", "none");
        o.put("status", "up-to-date");
        o.put("reason", "up-to-date");
        o.put("digest", u.digest());
        platforms(o, u.members());
      }
    }
    for (int i = 0; i < targets.size(); i++) {
      ObjectNode o = (ObjectNode) targets.get(i);
      ApplyTarget t = plan.targets().get(i);
      more.apply(t).forEach((k, v) -> {
        if (!o.has(k)) {
          o.set(k, MAPPER.valueToTree(v));
        }
      });
    }
    return MAPPER.writeValueAsString(root) + "\n";
  }

  public static String report(ApplyReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("ok", report.ok());
    root.put("interrupted", report.interrupted());
    root.put("built", report.built());
    root.put("changedNothing", report.changedNothing());
    root.put("seconds", seconds(report.time()));
    ArrayNode targets = root.putArray("targets");
    for (TargetResult r : report.targets()) {
      ObjectNode o = target(targets.addObject(), r.target());
      o.put("action", r.action().word());
      o.put("result", r.outcome().word());
      o.put("reason", r.reason());
      o.put("digest", r.digest());
      o.put("seconds", seconds(r.time()));
      o.put("error", r.error());
      o.put("log", r.log() == null ? null : r.log().toString());
    }
    ArrayNode indexes = root.putArray("indexes");
    for (IndexResult r : report.indexes()) {
      ObjectNode o = indexes.addObject();
      o.put("index", r.index());
      ArrayNode p = o.putArray("platforms");
      r.platforms().forEach(p::add);
      o.put("result", r.outcome().word());
      o.put("digest", r.digest());
      o.put("detail", r.detail());
      o.put("seconds", seconds(r.time()));
    }
    return MAPPER.writeValueAsString(root) + "\n";
  }

  private static ObjectNode target(ObjectNode o, ApplyTarget t) {
    // the same keys as dtk plan --offline's targets (render's context.json), plus id
    o.put("id", t.id());
    o.put("name", t.spec());
    o.put("arch", t.arch());
    o.put("platform", Platform.of(t.arch()).oci());
    o.put("kernelVersion", t.kernelVersion());
    o.put("image", t.image());
    o.put("index", t.index());
    o.put("inputsDigest", t.inputsDigest());
    return o;
  }

  private static void platforms(ObjectNode o, java.util.List<ApplyTarget> members) {
    ArrayNode p = o.putArray("platforms");
    members.forEach(m -> p.add(m.arch()));
  }

  private static double seconds(Duration d) {
    return Math.round(d.toMillis() / 100.0) / 10.0;
  }
}

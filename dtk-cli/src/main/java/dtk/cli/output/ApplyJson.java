package dtk.cli.output;

import dtk.exec.Platform;
import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.plan.Plan;
import dtk.exec.apply.plan.Reason;
import dtk.exec.apply.plan.Step;
import dtk.exec.apply.run.ApplyReport;
import dtk.exec.apply.run.IndexResult;
import dtk.exec.apply.run.TargetResult;
import dtk.exec.build.ModuleResult;
import dtk.render.JsonText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON forms of a {@link Plan} ({@code dtk plan --format json}, {@code dtk apply --dry-run
 * --format json}) and of an {@link ApplyReport} ({@code --report FILE}), for scripts and CI bots.
 * Field names are a contract: add fields, do not rename them. Written with render's {@link
 * JsonText}, like every other JSON dtk prints, so all of it looks alike.
 */
public final class ApplyJson {
  private ApplyJson() {}

  public static String plan(Plan plan) {
    return plan(plan, t -> Map.of());
  }

  /**
   * The plan, each target also carrying {@code more.apply(target)} (for the CLI: the spec file and
   * what the rendered context holds, as {@code dtk plan --offline --format json} shows it). A
   * target's keys come in one order everywhere: those of the offline plan first, then the ones only
   * an online plan or a run knows ({@code id}, {@code action}, {@code status}, ...).
   */
  public static String plan(Plan plan, Function<ApplyTarget, Map<String, ?>> more) {
    return plan(plan, more, List.of());
  }

  /**
   * As {@link #plan(Plan, Function)}, with {@code "notes"} (what resolution said) when there are
   * any.
   */
  public static String plan(
      Plan plan, Function<ApplyTarget, Map<String, ?>> more, List<String> notes) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("nothingToDo", plan.nothingToDo());
    if (!notes.isEmpty()) {
      root.put("notes", List.copyOf(notes));
    }
    List<Object> targets = new ArrayList<>();
    List<Object> indexes = new ArrayList<>();
    root.put("targets", targets);
    root.put("indexes", indexes);
    for (Step step : plan.steps()) {
      if (step instanceof Step.Build b) {
        Map<String, Object> o = target(b.target(), more);
        o.put("action", "build");
        o.put("status", b.reason().kind());
        o.put("reason", b.reason().describe());
        if (b.reason() instanceof Reason.Stale s) {
          o.put("remoteInputsDigest", s.remoteDigest());
          List<Object> changes = new ArrayList<>();
          for (Reason.Change c : s.changes()) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("what", c.what());
            change.put("from", c.from());
            change.put("to", c.to());
            changes.add(change);
          }
          o.put("changes", changes);
        }
        targets.add(o);
      } else if (step instanceof Step.UpToDate u) {
        Map<String, Object> o = target(u.target(), more);
        o.put("action", "none");
        o.put("status", "up-to-date");
        o.put("reason", "up-to-date");
        o.put("digest", u.digest());
        targets.add(o);
      } else if (step instanceof Step.Blocked bl) {
        Map<String, Object> o = target(bl.target(), more);
        o.put("action", "none");
        o.put("status", "blocked");
        o.put("reason", bl.message());
        targets.add(o);
      } else if (step instanceof Step.PublishIndex p) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("index", p.index());
        o.put("action", "publish");
        o.put("status", p.reason().kind());
        o.put("reason", p.reason().describe());
        o.put("platforms", platforms(p.members()));
        indexes.add(o);
      } else if (step instanceof Step.IndexUpToDate u) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("index", u.index());
        o.put("action", "none");
        o.put("status", "up-to-date");
        o.put("reason", "up-to-date");
        o.put("digest", u.digest());
        o.put("platforms", platforms(u.members()));
        indexes.add(o);
      }
    }
    return JsonText.write(root);
  }

  public static String report(ApplyReport report) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("ok", report.ok());
    root.put("interrupted", report.interrupted());
    root.put("built", report.built());
    root.put("changedNothing", report.changedNothing());
    root.put("seconds", seconds(report.time()));
    List<Object> targets = new ArrayList<>();
    root.put("targets", targets);
    for (TargetResult r : report.targets()) {
      Map<String, Object> o = target(r.target(), t -> Map.of());
      o.put("action", r.action().word());
      o.put("result", r.outcome().word());
      o.put("reason", r.reason());
      o.put("digest", r.digest());
      o.put("seconds", seconds(r.time()));
      o.put("error", r.error());
      o.put("log", r.log() == null ? null : r.log().toString());
      if (!r.modules().isEmpty()) {
        List<Object> modules = new ArrayList<>();
        for (ModuleResult m : r.modules()) {
          Map<String, Object> mo = new LinkedHashMap<>();
          mo.put("module", m.name());
          if (m.commit() != null) {
            mo.put("commit", m.commit());
          }
          mo.put("required", m.required());
          mo.put("result", m.status().word());
          mo.put("koCount", m.koCount());
          mo.put("vermagic", m.vermagic());
          mo.put("seconds", m.seconds());
          mo.put("error", m.error());
          mo.put("detail", m.detail());
          modules.add(mo);
        }
        o.put("modules", modules);
      }
      targets.add(o);
    }
    List<Object> indexes = new ArrayList<>();
    root.put("indexes", indexes);
    for (IndexResult r : report.indexes()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("index", r.index());
      o.put("platforms", List.copyOf(r.platforms()));
      o.put("result", r.outcome().word());
      o.put("digest", r.digest());
      o.put("detail", r.detail());
      o.put("seconds", seconds(r.time()));
      indexes.add(o);
    }
    return JsonText.write(root);
  }

  /**
   * A target's offline keys (render's context.json: name, arch, platform, kernelVersion, image,
   * index, inputsDigest, and whatever {@code more} adds in its own order), then {@code id}.
   */
  private static Map<String, Object> target(
      ApplyTarget t, Function<ApplyTarget, Map<String, ?>> more) {
    Map<String, Object> o = new LinkedHashMap<>(more.apply(t));
    // put keeps a key's position when more already has it, and appends it otherwise
    o.put("name", t.spec());
    o.put("arch", t.arch());
    o.put("platform", Platform.of(t.arch()).oci());
    o.put("kernelVersion", t.kernelVersion());
    o.put("image", t.image());
    o.put("index", t.index());
    o.put("inputsDigest", t.inputsDigest());
    o.put("id", t.id());
    return o;
  }

  private static List<String> platforms(List<ApplyTarget> members) {
    return members.stream().map(ApplyTarget::arch).toList();
  }

  private static double seconds(Duration d) {
    return Math.round(d.toMillis() / 100.0) / 10.0;
  }
}

package dtk.cli.output;

import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.plan.Digests;
import dtk.exec.apply.plan.Plan;
import dtk.exec.apply.plan.Step;
import dtk.exec.apply.run.ApplyEvent;
import dtk.exec.apply.run.ApplyReport;
import dtk.exec.apply.run.IndexResult;
import dtk.exec.apply.run.TargetResult;
import dtk.exec.build.ModuleResult;
import dtk.spec.Printable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plain-text forms of plans, events and reports, as {@code dtk plan}, {@code dtk apply} print them.
 * Pure functions returning strings: the CLI decides where they go. Text that comes from specs,
 * registries or tools is shown with its control characters escaped ({@link Printable}).
 */
public final class ApplyText {
  private ApplyText() {}

  /** The plan: one row per target, one per index, then a one-line verdict. */
  public static String plan(Plan plan) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"TARGET", "IMAGE", "ACTION", "REASON"});
    int build = 0;
    int upToDate = 0;
    int blocked = 0;
    for (Step s : plan.steps()) {
      if (s instanceof Step.Build b) {
        rows.add(
            new String[] {
              b.target().id(), b.target().image().toString(), "build", b.reason().describe()
            });
        build++;
      } else if (s instanceof Step.UpToDate u) {
        rows.add(
            new String[] {
              u.target().id(),
              u.target().image().toString(),
              "none",
              "up-to-date " + Digests.shortForm(u.digest())
            });
        upToDate++;
      } else if (s instanceof Step.Blocked bl) {
        rows.add(
            new String[] {
              bl.target().id(),
              bl.target().image().toString(),
              "none",
              "registry did not answer: " + bl.message()
            });
        blocked++;
      }
    }
    StringBuilder out = new StringBuilder(table(rows));
    List<String[]> ix = new ArrayList<>();
    ix.add(new String[] {"INDEX", "PLATFORMS", "ACTION", "REASON"});
    int publish = 0;
    for (Step s : plan.steps()) {
      if (s instanceof Step.PublishIndex p) {
        ix.add(
            new String[] {
              p.index().toString(), archs(p.members()), "publish", p.reason().describe()
            });
        publish++;
      } else if (s instanceof Step.IndexUpToDate u) {
        ix.add(
            new String[] {
              u.index().toString(),
              archs(u.members()),
              "none",
              "up-to-date " + Digests.shortForm(u.digest())
            });
      }
    }
    out.append('\n').append(table(ix)).append('\n');
    if (plan.nothingToDo()) {
      out.append("Nothing to do: ")
          .append(everyTarget(upToDate))
          .append(" up to date, and so are the indexes.\n");
    } else {
      out.append("Plan: ")
          .append(build)
          .append(" to build, ")
          .append(upToDate)
          .append(" up to date");
      if (blocked > 0) {
        out.append(", ").append(blocked).append(" blocked (registry did not answer)");
      }
      out.append(", ").append(plural(publish, "index")).append(" to publish.\n");
    }
    return out.toString();
  }

  /** One progress line for an event, or {@code null} for events not worth a line. */
  public static String progress(ApplyEvent e) {
    String line = progressLine(e);
    return line == null ? null : Printable.escape(line);
  }

  private static String progressLine(ApplyEvent e) {
    if (e instanceof ApplyEvent.TargetStarted s) {
      return s.target().id() + ": started" + (s.log() == null ? "" : " (log: " + s.log() + ")");
    }
    if (e instanceof ApplyEvent.TargetStage s) {
      return s.target().id() + ": " + s.stage() + " (" + seconds(s.elapsed()) + ")";
    }
    if (e instanceof ApplyEvent.WaitingForLock w) {
      return w.message();
    }
    if (e instanceof ApplyEvent.TargetFinished f) {
      TargetResult r = f.result();
      if (r.action() == TargetResult.Action.NONE
          && r.outcome() == TargetResult.Outcome.UP_TO_DATE) {
        return null;
      }
      return r.target().id()
          + ": "
          + r.outcome().word()
          + (r.digest() == null ? "" : " " + Digests.shortForm(r.digest()))
          + " ("
          + seconds(r.time())
          + ")"
          + (r.error() == null ? "" : ": " + firstLine(r.error()));
    }
    if (e instanceof ApplyEvent.IndexStarted s) {
      return s.index() + ": publishing index";
    }
    if (e instanceof ApplyEvent.IndexFinished f) {
      IndexResult r = f.result();
      if (r.outcome() == IndexResult.Outcome.UP_TO_DATE) {
        return null;
      }
      return r.index()
          + ": index "
          + r.outcome().word()
          + (r.digest() == null ? "" : " " + Digests.shortForm(r.digest()))
          + (r.outcome() == IndexResult.Outcome.PUSHED ? "" : ": " + r.detail());
    }
    return null;
  }

  /** The summary table (target, action, result, digest, time), indexes, failures, verdict. */
  public static String summary(ApplyReport report) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"TARGET", "ACTION", "RESULT", "DIGEST", "TIME"});
    for (TargetResult r : report.targets()) {
      rows.add(
          new String[] {
            r.target().id(),
            r.action().word(),
            r.outcome().word(),
            Digests.shortForm(r.digest()),
            seconds(r.time())
          });
    }
    StringBuilder out = new StringBuilder(table(rows));
    List<String[]> mods = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (TargetResult r : report.targets()) {
      for (ModuleResult m : r.modules()) {
        if (mods.isEmpty()) {
          mods.add(new String[] {"TARGET", "MODULE", "RESULT", "KO", "VERMAGIC", "TIME"});
        }
        mods.add(
            new String[] {
              r.target().id(),
              m.name(),
              m.status().word() + (m.required() ? "" : " (optional)"),
              String.valueOf(m.koCount()),
              m.vermagic() == null ? "-" : m.vermagic().split(" ")[0],
              m.seconds() + "s"
            });
        if (m.status() != ModuleResult.Status.OK) {
          errors.add(
              Printable.escape(
                      r.target().id()
                          + " "
                          + m.name()
                          + ": "
                          + m.status().word()
                          + (m.detail() == null ? "" : ": " + m.detail()))
                  + (m.error() == null ? "" : "\n  first error: " + Printable.escape(m.error())));
        }
      }
    }
    if (!mods.isEmpty()) {
      out.append('\n').append(table(mods));
      errors.forEach(e -> out.append(e).append('\n'));
    }
    if (!report.indexes().isEmpty()) {
      List<String[]> ix = new ArrayList<>();
      ix.add(new String[] {"INDEX", "PLATFORMS", "RESULT", "DIGEST", "TIME"});
      for (IndexResult r : report.indexes()) {
        ix.add(
            new String[] {
              r.index().toString(),
              String.join(",", r.platforms()),
              r.outcome().word(),
              Digests.shortForm(r.digest()),
              seconds(r.time())
            });
      }
      out.append('\n').append(table(ix));
    }
    List<TargetResult> failed = report.failed();
    List<IndexResult> badIndexes =
        report.indexes().stream().filter(i -> !i.outcome().ok()).toList();
    if (!failed.isEmpty() || !badIndexes.isEmpty()) {
      out.append('\n');
      for (TargetResult r : failed) {
        out.append(Printable.escape(r.target().id()))
            .append(' ')
            .append(r.outcome().word())
            .append(": ")
            .append(r.error() == null ? "" : Printable.block(r.error(), "  | "));
        if (r.log() != null) {
          out.append("\n  log: ").append(Printable.escape(r.log().toString()));
        }
        out.append('\n');
      }
      for (IndexResult r : badIndexes) {
        out.append(Printable.escape(r.index().toString()))
            .append(' ')
            .append(r.outcome().word())
            .append(": ")
            .append(Printable.escape(String.valueOf(r.detail())))
            .append('\n');
      }
    }
    out.append('\n').append(verdict(report)).append('\n');
    return out.toString();
  }

  /** One line: what happened overall. */
  public static String verdict(ApplyReport report) {
    long upToDate =
        report.targets().stream()
            .filter(t -> t.outcome() == TargetResult.Outcome.UP_TO_DATE)
            .count();
    if (report.ok() && report.changedNothing()) {
      return "Nothing to build: "
          + everyTarget(report.targets().size())
          + " up to date ("
          + seconds(report.time())
          + ").";
    }
    StringBuilder b = new StringBuilder(report.ok() ? "Applied: " : "Failed: ");
    b.append(report.built()).append(" built and pushed, ").append(upToDate).append(" up to date");
    long elsewhere =
        report.targets().stream()
            .filter(t -> t.outcome() == TargetResult.Outcome.PUSHED_ELSEWHERE)
            .count();
    if (elsewhere > 0) {
      b.append(", ").append(elsewhere).append(" pushed meanwhile by another dtk apply");
    }
    List<TargetResult> failed = report.failed();
    if (!failed.isEmpty()) {
      b.append(", ")
          .append(failed.size())
          .append(" not done (")
          .append(
              String.join(
                  ", ",
                  failed.stream().map(t -> t.target().id() + " " + t.outcome().word()).toList()))
          .append(')');
    }
    long pushedIdx =
        report.indexes().stream().filter(i -> i.outcome() == IndexResult.Outcome.PUSHED).count();
    long skippedIdx = report.indexes().stream().filter(i -> !i.outcome().ok()).count();
    b.append("; ").append(plural((int) pushedIdx, "index")).append(" published");
    if (skippedIdx > 0) {
      b.append(", ").append(skippedIdx).append(" left untouched");
    }
    if (report.interrupted()) {
      b.append("; interrupted");
    }
    return Printable.escape(b.append(" (").append(seconds(report.time())).append(").").toString());
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  static String table(List<String[]> rows) {
    int cols = rows.get(0).length;
    int[] w = new int[cols];
    for (String[] r : rows) {
      for (int i = 0; i < cols; i++) {
        r[i] = r[i] == null ? null : Printable.escape(r[i]);
        w[i] = Math.max(w[i], r[i] == null ? 1 : r[i].length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < cols; i++) {
        String v = r[i] == null ? "-" : r[i];
        line.append(v);
        if (i < cols - 1) {
          line.append(" ".repeat(w[i] - v.length() + 2));
        }
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    return b.toString();
  }

  private static String archs(List<ApplyTarget> members) {
    return String.join(",", members.stream().map(ApplyTarget::arch).toList());
  }

  /** {@code the only target is} / {@code all 8 targets are}. */
  private static String everyTarget(int n) {
    return n == 1 ? "the only target is" : "all " + n + " targets are";
  }

  private static String plural(int n, String word) {
    return n + " " + (n == 1 ? word : word.endsWith("x") ? word + "es" : word + "s");
  }

  static String seconds(Duration d) {
    long ms = d.toMillis();
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    return String.format(Locale.ROOT, "%dm%02ds", ms / 60_000, (ms / 1000) % 60);
  }
}

package dtk.exec.apply.plan;

import dtk.render.BuildContext;
import dtk.render.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rendered build contexts as apply sees them: each {@link BuildContext} becomes an {@link
 * ApplyTarget} (for planning) and, when built, exactly that context is written and built (so apply
 * builds what the plan printed, never a re-rendered or re-resolved variant).
 */
public final class RenderedTargets {
  private final Map<String, BuildContext> byId = new LinkedHashMap<>();
  private final List<ApplyTarget> targets = new ArrayList<>();
  private final Map<String, String> kernelOrigins = new java.util.concurrent.ConcurrentHashMap<>();

  public RenderedTargets(List<BuildContext> contexts) {
    for (BuildContext c : contexts) {
      ApplyTarget t = target(c);
      if (byId.putIfAbsent(t.id(), c) != null) {
        throw new IllegalArgumentException(
            "two targets are named " + t.id() + " (two specs with the same metadata.name?)");
      }
      targets.add(t);
    }
  }

  /** The targets, in the contexts' order. */
  public List<ApplyTarget> targets() {
    return List.copyOf(targets);
  }

  /** The rendered context of a target. */
  public BuildContext context(ApplyTarget t) {
    BuildContext c = byId.get(t.id());
    if (c == null) {
      throw new IllegalArgumentException("no rendered context for " + t.id());
    }
    return c;
  }

  /** Records where a target's kernel version came from (for its provenance). */
  public void kernelOrigin(String targetId, String origin) {
    if (origin != null) {
      kernelOrigins.put(targetId, origin);
    }
  }

  /** Where a target's kernel version came from, or {@code null} when not recorded. */
  public String kernelOrigin(ApplyTarget t) {
    return kernelOrigins.get(t.id());
  }

  static ApplyTarget target(BuildContext c) {
    Target t = c.target();
    return new ApplyTarget(
        t.id(),
        t.name(),
        t.arch(),
        t.kernelVersion(),
        t.images().platform(),
        t.images().index(),
        c.inputsDigest(),
        c.allLabels());
  }
}

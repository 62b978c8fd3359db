package dtk.exec.apply;

import dtk.exec.BuildRequest;
import dtk.exec.BuildSecret;
import dtk.exec.Platform;
import dtk.exec.PullPolicy;
import dtk.render.BuildContext;
import dtk.render.ContextWriter;
import dtk.render.Target;
import dtk.spec.model.SecretSpec;
import dtk.spec.model.VerifySpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rendered build contexts as apply sees them: each {@link BuildContext} becomes an
 * {@link ApplyTarget} (for planning) and, when built, exactly that context is written and built
 * (so apply builds what the plan printed, never a re-rendered or re-resolved variant).
 */
public final class RenderedTargets implements LocalExecutor.Preparer {
  private final Map<String, BuildContext> byId = new LinkedHashMap<>();
  private final List<ApplyTarget> targets = new ArrayList<>();

  public RenderedTargets(List<BuildContext> contexts) {
    for (BuildContext c : contexts) {
      ApplyTarget t = target(c);
      if (byId.putIfAbsent(t.id(), c) != null) {
        throw new IllegalArgumentException("two targets are named " + t.id()
            + " (two specs with the same metadata.name?)");
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

  static ApplyTarget target(BuildContext c) {
    Target t = c.target();
    return new ApplyTarget(t.id(), t.name(), t.arch(), t.kernelVersion(), t.images().platformRef(),
        t.images().indexRef(), c.inputsDigest(), c.allLabels());
  }

  @Override
  public LocalExecutor.Prepared prepare(ApplyTarget target, Path contextDir) throws IOException {
    BuildContext c = context(target);
    ContextWriter.write(c, contextDir);
    Target t = c.target();
    BuildRequest.Builder b = BuildRequest.builder(contextDir, t.images().platformRef())
        .containerfile(Path.of(BuildContext.CONTAINERFILE))
        .platform(Platform.of(t.arch()))
        .buildArgs(c.buildArgs())
        .labels(c.engineLabels())
        .unsetLabels(c.unsetLabels())
        .timestamp(t.sourceDateEpoch())
        .pull(PullPolicy.MISSING);
    for (SecretSpec s : c.secrets()) {
      b.secret(s.env() != null ? BuildSecret.fromEnv(s.id(), s.env()) : BuildSecret.fromFile(s.id(), Path.of(s.file())));
    }
    VerifySpec v = t.spec().verify();
    return new LocalExecutor.Prepared(b.build(), v != null && v.enabled(), v != null && v.enabled() && v.canary());
  }
}

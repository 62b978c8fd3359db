package dtk.exec.testing;

import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.plan.RemoteIndex;
import dtk.exec.apply.run.TargetExecutor;
import dtk.exec.apply.run.TargetFailedException;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Records what it was asked to do; fails the targets it is told to; "pushes" into a {@link
 * FakeRegistry}.
 */
public final class FakeExecutor implements TargetExecutor {
  public final FakeRegistry registry;
  public final List<String> executed = Collections.synchronizedList(new ArrayList<>());
  public final List<String> published = Collections.synchronizedList(new ArrayList<>());
  public final Set<String> failing = ConcurrentHashMap.newKeySet();

  /** Targets that block until interrupted (to test fail-fast and interrupts). */
  public final Set<String> hanging = ConcurrentHashMap.newKeySet();

  public final CountDownLatch hangingStarted = new CountDownLatch(1);

  public FakeExecutor(FakeRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Digest execute(ApplyTarget target, Progress progress)
      throws TargetFailedException, InterruptedException {
    executed.add(target.id());
    progress.stage("render");
    progress.stage("build");
    if (hanging.contains(target.id())) {
      hangingStarted.countDown();
      new CountDownLatch(1).await();
    }
    if (failing.contains(target.id())) {
      throw new TargetFailedException("build", "RUN step failed with exit code 1");
    }
    progress.stage("push");
    registry.put(target);
    return Fixtures.digestOf(target);
  }

  @Override
  public Digest publishIndex(ImageRef index, List<IndexMember> members, Progress progress) {
    published.add(index.toString());
    Map<String, Digest> m = new TreeMap<>();
    members.forEach(x -> m.put(x.arch(), x.digest()));
    registry.indexes.put(
        index, new RemoteIndex.Present(Fixtures.digest("index " + index + " " + m), m));
    return registry.indexes.get(index) instanceof RemoteIndex.Present p ? p.digest() : null;
  }
}

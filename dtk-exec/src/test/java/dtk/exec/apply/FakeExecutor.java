package dtk.exec.apply;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/** Records what it was asked to do; fails the targets it is told to; "pushes" into a {@link FakeRegistry}. */
final class FakeExecutor implements TargetExecutor {
  final FakeRegistry registry;
  final List<String> executed = Collections.synchronizedList(new ArrayList<>());
  final List<String> published = Collections.synchronizedList(new ArrayList<>());
  final Set<String> failing = ConcurrentHashMap.newKeySet();
  /** Targets that block until interrupted (to test fail-fast and interrupts). */
  final Set<String> hanging = ConcurrentHashMap.newKeySet();
  final CountDownLatch hangingStarted = new CountDownLatch(1);

  FakeExecutor(FakeRegistry registry) {
    this.registry = registry;
  }

  @Override
  public String execute(ApplyTarget target, Progress progress) throws TargetFailedException, InterruptedException {
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
  public String publishIndex(String index, List<IndexMember> members, Progress progress) {
    published.add(index);
    Map<String, String> m = new TreeMap<>();
    members.forEach(x -> m.put(x.arch(), x.digest()));
    registry.indexes.put(index, new RemoteIndex.Present("sha256:index-" + index.hashCode() + "-" + m.hashCode(), m));
    return registry.indexes.get(index) instanceof RemoteIndex.Present p ? p.digest() : null;
  }
}

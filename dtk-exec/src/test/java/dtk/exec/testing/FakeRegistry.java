package dtk.exec.testing;

import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.plan.RegistryView;
import dtk.exec.apply.plan.RemoteImage;
import dtk.exec.apply.plan.RemoteIndex;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** An in-memory registry that counts how often it is asked; {@link FakeExecutor} writes to it. */
public final class FakeRegistry implements RegistryView {
  public final Map<ImageRef, RemoteImage> images =
      Collections.synchronizedMap(new LinkedHashMap<>());
  public final Map<ImageRef, RemoteIndex> indexes =
      Collections.synchronizedMap(new LinkedHashMap<>());
  public final List<Set<ImageRef>> rounds = Collections.synchronizedList(new ArrayList<>());

  @Override
  public Snapshot inspect(Set<ImageRef> imageRefs, Set<ImageRef> indexRefs) {
    Set<ImageRef> asked = new java.util.LinkedHashSet<>(imageRefs);
    asked.addAll(indexRefs);
    rounds.add(asked);
    Map<ImageRef, RemoteImage> im = new LinkedHashMap<>();
    imageRefs.forEach(r -> im.put(r, images.getOrDefault(r, new RemoteImage.Absent())));
    Map<ImageRef, RemoteIndex> ix = new LinkedHashMap<>();
    indexRefs.forEach(r -> ix.put(r, indexes.getOrDefault(r, new RemoteIndex.Absent())));
    return new Snapshot(im, ix);
  }

  public void put(ApplyTarget t) {
    images.put(t.image(), Fixtures.pushed(t));
  }

  /** Pushes every target and the indexes listing them, as a complete earlier apply would have. */
  public void putAll(List<ApplyTarget> targets) {
    Map<ImageRef, Map<String, Digest>> byIndex = new LinkedHashMap<>();
    for (ApplyTarget t : targets) {
      put(t);
      byIndex.computeIfAbsent(t.index(), k -> new TreeMap<>()).put(t.arch(), Fixtures.digestOf(t));
    }
    byIndex.forEach(
        (ix, members) ->
            indexes.put(ix, new RemoteIndex.Present(Fixtures.digest("index " + ix), members)));
  }
}

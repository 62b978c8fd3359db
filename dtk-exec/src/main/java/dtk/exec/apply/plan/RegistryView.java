package dtk.exec.apply.plan;

import dtk.spec.ImageRef;
import java.util.Map;
import java.util.Set;

/**
 * Reads the registry state a plan depends on, in one parallel round: each reference is requested
 * once, connections and tokens are shared.
 */
public interface RegistryView {

  /** The state of each per-platform image and each index reference. */
  Snapshot inspect(Set<ImageRef> images, Set<ImageRef> indexes) throws InterruptedException;

  /** The answers, keyed by the references asked for. */
  record Snapshot(Map<ImageRef, RemoteImage> images, Map<ImageRef, RemoteIndex> indexes) {
    public Snapshot {
      images = Map.copyOf(images);
      indexes = Map.copyOf(indexes);
    }

    public RemoteImage image(ImageRef ref) {
      return images.getOrDefault(ref, new RemoteImage.Absent());
    }

    public RemoteIndex index(ImageRef ref) {
      return indexes.getOrDefault(ref, new RemoteIndex.Absent());
    }
  }
}

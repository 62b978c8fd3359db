package dtk.exec.apply.plan;

import java.util.Map;
import java.util.Set;

/**
 * Reads the registry state a plan depends on, in one parallel round: each reference is requested
 * once, connections and tokens are shared.
 */
public interface RegistryView {

  /** The state of each per-platform image and each index reference. */
  Snapshot inspect(Set<String> images, Set<String> indexes) throws InterruptedException;

  /** The answers, keyed by the references asked for. */
  record Snapshot(Map<String, RemoteImage> images, Map<String, RemoteIndex> indexes) {
    public Snapshot {
      images = Map.copyOf(images);
      indexes = Map.copyOf(indexes);
    }

    public RemoteImage image(String ref) {
      return images.getOrDefault(ref, new RemoteImage.Absent());
    }

    public RemoteIndex index(String ref) {
      return indexes.getOrDefault(ref, new RemoteIndex.Absent());
    }
  }
}

package dtk.exec.registry;

import dtk.exec.Platform;
import dtk.spec.Digest;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One platform's image in a registry: its manifest digest (what {@code FROM image@digest} pins),
 * its config labels and creation time.
 *
 * @param created when the image was made, or {@code null} when the config does not say
 */
public record PlatformImage(
    Platform platform, Digest digest, Map<String, String> labels, Instant created) {
  public PlatformImage {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(digest, "digest");
    labels = labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  /** The label's value, or {@code null}. */
  public String label(String key) {
    return labels.get(key);
  }
}

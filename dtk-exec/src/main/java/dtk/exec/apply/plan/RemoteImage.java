package dtk.exec.apply.plan;

import dtk.spec.Digest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What the registry holds at one per-platform reference, as seen in the planning round. */
public sealed interface RemoteImage {

  /** The image exists; {@code digest} is its manifest digest. */
  record Present(Digest digest, String arch, Map<String, String> labels) implements RemoteImage {
    public Present {
      Objects.requireNonNull(digest, "digest");
      labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }
  }

  /** The tag (or the repository) does not exist. */
  record Absent() implements RemoteImage {}

  /**
   * The registry could not answer: down, denied, TLS. Planning cannot decide, so the target is
   * rebuilt only with {@code --force}.
   */
  record Unreachable(String message) implements RemoteImage {
    public Unreachable {
      Objects.requireNonNull(message, "message");
    }
  }
}

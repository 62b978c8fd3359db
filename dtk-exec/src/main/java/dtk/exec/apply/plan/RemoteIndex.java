package dtk.exec.apply.plan;

import dtk.spec.Digest;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** What the registry holds at a multi-arch index reference. */
public sealed interface RemoteIndex {

  /**
   * An index (or a single manifest, when {@code members} is empty).
   *
   * @param members per-platform manifest digests by arch as dtk writes it ({@code x86_64})
   */
  record Present(Digest digest, Map<String, Digest> members) implements RemoteIndex {
    public Present {
      Objects.requireNonNull(digest, "digest");
      members = members == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(members));
    }
  }

  record Absent() implements RemoteIndex {}

  record Unreachable(String message) implements RemoteIndex {}
}

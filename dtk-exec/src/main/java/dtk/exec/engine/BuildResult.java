package dtk.exec.engine;

import java.util.List;

/**
 * A finished build: the local image id and tag, and anything the engine had to do differently (a
 * label-removal fallback), so it can be reported rather than happen silently.
 */
public record BuildResult(String imageId, String tag, List<String> notes) {
  public BuildResult {
    notes = notes == null ? List.of() : List.copyOf(notes);
  }
}

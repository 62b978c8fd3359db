package dtk.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removing directory trees dtk wrote (build contexts, scratch and temporary directories). */
public final class FileTrees {
  private FileTrees() {}

  /**
   * Deletes {@code dir} and everything below it, deepest first; symbolic links are removed, never
   * followed. Nothing happens for {@code null} or a path that does not exist.
   *
   * @throws IOException for the first entry that cannot be deleted
   */
  public static void delete(Path dir) throws IOException {
    for (Path p : deepestFirst(dir)) {
      Files.deleteIfExists(p);
    }
  }

  /**
   * {@link #delete} as far as it goes: an entry that cannot be deleted is left, the rest still go.
   */
  public static void deleteQuietly(Path dir) {
    List<Path> all;
    try {
      all = deepestFirst(dir);
    } catch (IOException | UncheckedIOException e) {
      return; // a temporary directory left behind is not worth failing for
    }
    for (Path p : all) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // best effort, as above
      }
    }
  }

  private static List<Path> deepestFirst(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.sorted(Comparator.reverseOrder()).toList();
    }
  }
}

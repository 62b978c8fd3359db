package dtk.spec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A place in a spec file, 1-based as editors show it. {@code line == 0} means "the file as a whole"
 * (an empty file, a file that cannot be read).
 */
public record Location(Path file, int line, int column) {
  public Location {
    Objects.requireNonNull(file, "file");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
    }
  }

  public static Location ofFile(Path file) {
    return new Location(file, 0, 0);
  }

  /** {@code specs/centos.yaml:12:3}, or just the file when there is no line. */
  @Override
  public String toString() {
    String f = file.toString().replace('\\', '/');
    return line == 0 ? f : f + ":" + line + ":" + Math.max(column, 1);
  }
}

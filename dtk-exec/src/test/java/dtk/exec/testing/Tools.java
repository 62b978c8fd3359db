package dtk.exec.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Guards for integration tests that need real programs: a missing tool skips the test on a
 * developer's machine, but fails it when {@code CI=true}, so CI never passes by skipping.
 */
public final class Tools {
  private Tools() {}

  /** Skips (or, on CI, fails) unless every named program is on the PATH. */
  public static void require(String... programs) {
    List<String> missing = new ArrayList<>();
    for (String p : programs) {
      if (find(p) == null) {
        missing.add(p);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    unavailable("missing tool(s) on PATH: " + String.join(", ", missing));
  }

  /** Skips the test because {@code reason} (a missing tool, root, binfmt), or fails it on CI. */
  public static void unavailable(String reason) {
    if (ci()) {
      fail(reason + " (CI=true: integration tests must not be skipped)");
    }
    assumeTrue(false, reason);
  }

  /** Whether we run on CI ({@code CI=true}). */
  public static boolean ci() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** The program's path on the PATH, or {@code null}. */
  public static Path find(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}

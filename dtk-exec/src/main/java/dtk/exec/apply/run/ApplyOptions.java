package dtk.exec.apply.run;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run a plan.
 *
 * @param jobs targets built at once (at least 1)
 * @param failFast stop at the first failed target: cancel the others and publish no index
 * @param stateDir where lock files live (shared by every {@code dtk apply} on this machine that
 *     should not collide; default {@code .dtk/state} next to the specs)
 */
public record ApplyOptions(int jobs, boolean failFast, Path stateDir) {
  public ApplyOptions {
    if (jobs < 1) {
      throw new IllegalArgumentException("--jobs must be at least 1, got " + jobs);
    }
    Objects.requireNonNull(stateDir, "stateDir");
  }

  /**
   * Half the processors, at least one: a build is itself multi-threaded (compilers, compression),
   * and builds mostly wait on the same disk.
   */
  public static int defaultJobs() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }
}

package dtk.exec.process;

import java.io.IOException;

/**
 * The one port through which dtk runs external programs (podman, buildah, docker, git, skopeo).
 * Tests substitute a fake that asserts the exact argv; {@link #local()} runs real processes.
 */
@FunctionalInterface
public interface ProcessRunner {
  /**
   * Runs {@code inv} to completion.
   *
   * @throws IOException when the program cannot be started (not installed, not executable)
   * @throws ProcessTimeoutException when the invocation's timeout passed; the process tree was
   *     killed
   * @throws InterruptedException when the calling thread was interrupted; the process tree was
   *     killed
   */
  ProcessResult run(Invocation inv) throws IOException, InterruptedException;

  /** The runner for real processes on this machine. */
  static LocalProcessRunner local() {
    return new LocalProcessRunner();
  }
}

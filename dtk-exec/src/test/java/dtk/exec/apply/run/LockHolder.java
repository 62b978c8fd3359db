package dtk.exec.apply.run;

import dtk.spec.ImageRef;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A second process for {@link ApplyLocksIT}: takes a lock, creates the file {@code args[2]} to say
 * so, and holds the lock until its stdin closes.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    ApplyLocks.Held held =
        new ApplyLocks(Path.of(args[0])).acquire(ImageRef.parse(args[1]), (f, h) -> {});
    try {
      Files.createFile(Path.of(args[2]));
      while (System.in.read() >= 0) {
        // hold until the parent closes our stdin
      }
    } finally {
      held.close();
    }
  }
}

package dtk.exec.apply;

import java.nio.file.Path;

/** A second process for {@link ApplyLocksIT}: takes a lock, says so, holds it until stdin closes. */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    try (ApplyLocks.Held held = new ApplyLocks(Path.of(args[0])).acquire(args[1], (f, h) -> { })) {
      System.out.println("held");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold until the parent closes our stdin
      }
    }
  }
}

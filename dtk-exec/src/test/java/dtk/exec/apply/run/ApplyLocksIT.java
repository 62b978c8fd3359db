package dtk.exec.apply.run;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.ImageRef;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-reference lock between two processes (two dtk apply runs), not just two threads. */
class ApplyLocksIT {
  private static final ImageRef X86 = ImageRef.parse("reg.test/org/dtk:1.x86_64");

  @TempDir Path state;

  @Test
  void anotherProcessHoldingTheLock_makesUsWait_andNamesItsPid() throws Exception {
    String cp = System.getProperty("java.class.path");
    Path held = state.resolve("held");
    Process holder =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    cp,
                    LockHolder.class.getName(),
                    state.toString(),
                    X86.toString(),
                    held.toString()))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      for (int i = 0; i < 300 && !Files.exists(held); i++) {
        assertThat(holder.isAlive()).isTrue();
        Thread.sleep(100);
      }
      assertThat(held).as("the other process took the lock").exists();

      CompletableFuture<String> waitedFor = new CompletableFuture<>();
      CompletableFuture<Boolean> acquired =
          CompletableFuture.supplyAsync(
              () -> {
                try (ApplyLocks.Held h =
                    new ApplyLocks(state)
                        .acquire(
                            X86,
                            (file, who) ->
                                waitedFor.complete(ApplyLocks.waitMessage(X86, file, who)))) {
                  return h.waited();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });

      String message = waitedFor.get(30, TimeUnit.SECONDS);
      assertThat(message)
          .contains("another dtk apply holds")
          .contains("(pid " + holder.pid() + ")")
          .contains(File.separator + "locks" + File.separator);
      assertThat(acquired).isNotDone();

      holder.getOutputStream().close(); // the other run finishes
      assertThat(acquired.get(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      holder.destroyForcibly();
    }
  }
}

package dtk.exec.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dtk JVM stopped by SIGTERM (or Ctrl-C) takes the process trees it started with it. */
class ExitCleanupIT {
  /** Run in a child JVM: starts a shell with a grandchild, registers a temp dir, then waits. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      Path dir = Path.of(args[0]);
      Path temp = Files.createDirectory(dir.resolve("engine-tmp"));
      Files.writeString(temp.resolve("secret"), "s3cret");
      LocalProcessRunner.removeAtExit(temp);
      ProcessRunner.local()
          .run(
              Invocation.of(
                      "/bin/sh",
                      "-c",
                      "sleep 300 & echo $! > " + dir.resolve("grandchild.pid") + "; wait")
                  .withTimeout(Duration.ofMinutes(5)));
    }
  }

  @Test
  void sigtermKillsTheTreeAndRemovesTemporaryFiles(@TempDir Path dir) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    LocalProcessRunner.Background jvm =
        ProcessRunner.local()
            .start(
                Invocation.of(
                    List.of(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Child.class.getName(),
                        dir.toString())));
    Path pidFile = dir.resolve("grandchild.pid");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while ((!Files.exists(pidFile) || Files.readString(pidFile).isBlank())
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(pidFile).as(jvm.output()).exists();
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    ProcessHandle child = ProcessHandle.of(jvm.pid()).orElseThrow();
    child.destroy(); // SIGTERM: shutdown hooks run
    child.onExit().get();
    awaitExit(pid);
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(dir.resolve("engine-tmp")).doesNotExist();
    jvm.close();
  }

  /**
   * Waits (at most 30 s) for a process to end; a survivor is then caught by the assertion after.
   */
  static void awaitExit(long pid) {
    ProcessHandle.of(pid)
        .ifPresent(
            h -> {
              try {
                h.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
              } catch (Exception stillRunning) {
                // reported by the caller's isAlive assertion
              }
            });
  }
}

package dtk.exec.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real runner against {@code /bin/sh -c} children. */
class LocalProcessRunnerIT {
  private final LocalProcessRunner runner = ProcessRunner.local();

  private static Invocation sh(String script) {
    return Invocation.of("/bin/sh", "-c", script);
  }

  @Test
  void exitCodeAndBothStreamsAreReported() throws Exception {
    ProcessResult r = runner.run(sh("echo out; echo err >&2; exit 3"));
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEqualTo("err\n");
    assertThat(r.ok()).isFalse();
  }

  @Test
  void chattyStdoutAndStderrAtOnceDoNotDeadlock() throws Exception {
    // far more than a pipe buffer (64 KiB) on both streams, interleaved
    String script =
        "i=0; while [ $i -lt 20000 ]; do echo \"out line $i\"; echo \"err line $i\" >&2; i=$((i+1)); done";
    ProcessResult r = runner.run(sh(script).withTimeout(Duration.ofMinutes(2)));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout().lines()).hasSize(20000).endsWith("out line 19999");
    assertThat(r.stderr().lines()).hasSize(20000).endsWith("err line 19999");
  }

  @Test
  void linesAreStreamedToTheListenerAsWellAsCaptured() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    ProcessResult r =
        runner.run(sh("echo a; echo b >&2; echo c").withOutput((s, l) -> seen.add(s + ":" + l)));
    assertThat(seen).containsExactlyInAnyOrder("STDOUT:a", "STDERR:b", "STDOUT:c");
    assertThat(seen.indexOf("STDOUT:a")).isLessThan(seen.indexOf("STDOUT:c"));
    assertThat(r.stdout()).isEqualTo("a\nc\n");
  }

  @Test
  void argvIsNeverInterpretedByAShell() throws Exception {
    ProcessResult r = runner.run(Invocation.of("/bin/echo", "$(id)", "a b", "'q'", ";", "*"));
    assertThat(r.stdout()).isEqualTo("$(id) a b 'q' ; *\n");
  }

  @Test
  void environmentWorkDirAndStdinArePassed(@TempDir Path dir) throws Exception {
    ProcessResult r =
        runner.run(
            sh("echo \"$DTK_TEST_VAR\"; pwd; cat")
                .withEnv(Map.of("DTK_TEST_VAR", "v1"))
                .withWorkDir(dir)
                .withStdin("from stdin\n"));
    assertThat(r.stdout()).isEqualTo("v1\n" + dir.toRealPath() + "\nfrom stdin\n");
  }

  @Test
  void timeoutKillsTheChildAndItsGrandchildren(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("grandchild.pid");
    // the grandchild would outlive a naive kill of the shell
    String script = "sleep 300 & echo $! > " + pidFile + "; echo started; wait";
    assertThatThrownBy(() -> runner.run(sh(script).withTimeout(Duration.ofSeconds(2))))
        .isInstanceOf(ProcessTimeoutException.class)
        .hasMessageContaining("did not finish within 2 s")
        .satisfies(e -> assertThat(((ProcessTimeoutException) e).stdout()).contains("started"));
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void interruptKillsTheTreeAndRethrows(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("grandchild.pid");
    String script = "sleep 300 & echo $! > " + pidFile + "; wait";
    ExecutorService ex = Executors.newSingleThreadExecutor();
    try {
      Future<ProcessResult> f =
          ex.submit(() -> runner.run(sh(script).withTimeout(Duration.ofMinutes(5))));
      while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
        Thread.sleep(20);
      }
      f.cancel(true);
      ex.shutdown();
      assertThat(ex.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      awaitExit(pid);
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    } finally {
      ex.shutdownNow();
    }
  }

  @Test
  void aMissingProgramIsAnIOException() {
    assertThatThrownBy(() -> runner.run(Invocation.of("dtk-no-such-program-xyz")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("dtk-no-such-program-xyz");
  }

  @Test
  void backgroundProcessesAreStoppedWithTheirTree(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("bg.pid");
    LocalProcessRunner.Background bg =
        runner.start(sh("sleep 300 & echo $! > " + pidFile + "; wait"));
    while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
      Thread.sleep(20);
    }
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    bg.close();
    assertThat(bg.isAlive()).isFalse();
    awaitExit(pid);
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
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

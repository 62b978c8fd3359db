package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dtk.exec.testing.Tools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real-Debian proof: runs {@code it/debian/prove.sh}, which {@code dtk apply}s the shipped
 * {@code specs/debian.yaml} FROM a debootstrap base to a registry on 127.0.0.1 (then applies again,
 * which must build nothing), pulls the toolkit back and compiles the canary kernel module against
 * it in a separate build (vermagic, labels and release file checked).
 *
 * <p>The script's output is streamed into the test log line by line, so a CI log shows every step
 * and the timing table. Without the tools (or without root) the test is skipped on a developer
 * machine and fails when {@code CI=true}.
 */
class DebianToolkitIT {

  private static final List<String> TOOLS =
      List.of(
          "bash",
          "debootstrap",
          "podman",
          "buildah",
          "skopeo",
          "docker-registry",
          "jq",
          "tar",
          "flock",
          "java");
  private static final long TIMEOUT_MINUTES = 30;

  @Test
  void debianToolkit_buildsPushesAndCompilesAModuleWithMatchingVermagic() throws Exception {
    Path script = repositoryRoot().resolve("it/debian/prove.sh");
    assertThat(script).as("the proof script ships with the repository").isRegularFile();
    requireEnvironment();

    // Test code runs the script directly; production code reaches processes only through dtk-exec.
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
    pb.directory(script.getParent().getParent().getParent().toFile());
    Process process = pb.start();
    process.getOutputStream().close();

    Deque<String> tail = new ArrayDeque<>();
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  System.out.println("[prove.sh] " + line);
                  synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 40) tail.removeFirst();
                  }
                }
              } catch (IOException e) {
                System.out.println("[prove.sh] output stream closed: " + e.getMessage());
              }
            },
            "prove.sh-output");
    pump.start();

    boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
    pump.join(TimeUnit.SECONDS.toMillis(30));
    String lastLines;
    synchronized (tail) {
      lastLines = String.join("\n", tail);
    }
    if (!finished)
      fail(
          "it/debian/prove.sh did not finish within "
              + TIMEOUT_MINUTES
              + " minutes; last lines:\n"
              + lastLines);
    assertThat(process.exitValue())
        .as("exit code of it/debian/prove.sh; last lines:\n%s", lastLines)
        .isZero();
    assertThat(lastLines).contains("PASS: Debian driver toolkit");
  }

  private static void requireEnvironment() {
    Tools.require(TOOLS.toArray(new String[0]));
    if (!"root".equals(System.getProperty("user.name"))) {
      Tools.unavailable("the Debian toolkit proof needs root (debootstrap)");
    }
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("it/debian/prove.sh"))
          && Files.isRegularFile(p.resolve("pom.xml"))) return p;
    }
    return fail("no it/debian/prove.sh above " + dir);
  }
}

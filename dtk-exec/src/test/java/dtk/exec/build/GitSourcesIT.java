package dtk.exec.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.process.ProcessRunner;
import dtk.exec.testing.Tools;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GitSources} with real git: a local bare repository (file:// is allowed here by the
 * protocol list; specs may only name https and ssh), fetched once and pinned to the commit; a URL
 * that cannot be fetched fails within a bounded time, naming it.
 */
class GitSourcesIT {
  @TempDir Path tmp;

  private static String git(Path dir, String... args) throws Exception {
    List<String> argv =
        new ArrayList<>(
            List.of("git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", dir.toString()));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.strip();
  }

  @Test
  void aTagIsFetchedOnce_andPinnedToItsCommit() throws Exception {
    Tools.require("git");
    Path work = Files.createDirectories(tmp.resolve("work"));
    git(work, "init", "-q");
    Files.writeString(work.resolve("Makefile"), "obj-m := d.o\n");
    git(work, "add", "Makefile");
    git(work, "commit", "-q", "-m", "one");
    git(work, "tag", "v1");
    String commit = git(work, "rev-parse", "HEAD");
    Files.writeString(work.resolve("Makefile"), "obj-m := e.o\n");
    git(work, "commit", "-q", "-am", "two");
    Path bare = tmp.resolve("d.git");
    git(tmp, "clone", "-q", "--bare", work.toString(), bare.toString());

    GitSources sources =
        new GitSources(ProcessRunner.local(), tmp.resolve("cache"), Duration.ofSeconds(60), "file");
    GitSources.Fetched f = sources.fetch("file://" + bare, "v1", null);
    assertThat(f.commit()).isEqualTo(commit);
    assertThat(Files.readString(f.dir().resolve("Makefile"))).isEqualTo("obj-m := d.o\n");
    assertThat(sources.fetch("file://" + bare, "v1", null)).isSameAs(f);
  }

  @Test
  void theSpecProtocols_refuseFileUrls() throws Exception {
    Tools.require("git");
    Path bare = tmp.resolve("d.git");
    git(tmp, "init", "-q", "--bare", bare.toString());
    GitSources sources =
        new GitSources(
            ProcessRunner.local(),
            tmp.resolve("cache"),
            Duration.ofSeconds(60),
            GitSources.SPEC_PROTOCOLS);
    assertThatThrownBy(() -> sources.fetch("file://" + bare, "v1", null))
        .isInstanceOf(GitSources.FetchFailedException.class)
        .hasMessageStartingWith("cannot fetch v1 from file://" + bare + ": ");
  }

  @Test
  void aServerThatNeverAnswers_failsWithinTheLimit() throws Exception {
    Tools.require("git");
    try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      List<Socket> held = new ArrayList<>();
      Thread accept =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(server.accept()); // accepted, never answered
                  }
                } catch (Exception e) {
                  // closed
                }
              });
      accept.setDaemon(true);
      accept.start();
      GitSources sources =
          new GitSources(
              ProcessRunner.local(), tmp.resolve("cache"), Duration.ofSeconds(3), "https");
      String url = "https://127.0.0.1:" + server.getLocalPort() + "/d.git";
      long start = System.nanoTime();
      assertThatThrownBy(() -> sources.fetch(url, "v1", null))
          .isInstanceOf(GitSources.FetchFailedException.class)
          .hasMessage("git fetch gave no result within 3 s for " + url);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
  }
}

package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.http.HttpLimits;
import dtk.exec.registry.RegistryOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code --timeout}, the bounded wait for a registry that never answers, and the README's figures.
 */
class RegistryTimeoutTest {
  @Test
  void theDefaultTimeoutIsTheOneTheCodeUses() {
    assertThat(new RegistryFlags.DurationConverter().convert(RegistryFlags.DEFAULT_TIMEOUT))
        .isEqualTo(RegistryOptions.DEFAULT_TIMEOUT);
  }

  @Test
  void durationsParse() {
    RegistryFlags.DurationConverter c = new RegistryFlags.DurationConverter();
    assertThat(c.convert("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.convert("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.convert("90")).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.convert("1500ms")).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.convert("1h")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void aMalformedTimeout_isAUsageError_onEveryCommandThatTalksToRegistries() {
    for (String command : List.of("plan", "build", "push", "apply")) {
      for (String bad : List.of("abc", "30x", "-5", "0", "s", "25h")) {
        Cli.Result r = Cli.run(command, "--timeout", bad, "../specs");
        assertThat(r.exitCode()).as(command + " " + bad + ": " + r.err()).isEqualTo(2);
        assertThat(r.err())
            .as(command)
            .contains("dtk: error: Invalid value for option '--timeout': '" + bad + "'");
      }
    }
    assertThat(Cli.run("plan", "--timeout", "abc", "../specs").err())
        .contains(
            "'abc' is not a duration: give seconds (30) or a number with ms, s, m or h (30s, 2m, 1m30s)");
    assertThat(Cli.run("plan", "--timeout", "0", "../specs").err())
        .contains("'0' is out of range: give 1s to 24h");
  }

  @Test
  void aRegistryThatAcceptsAndNeverAnswers_failsTheCommandWithinTheTimeout() throws Exception {
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept());
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      t.setDaemon(true);
      t.start();
      String host = "127.0.0.1:" + silent.getLocalPort();
      long start = System.nanoTime();
      Cli.Result r =
          Cli.run(
              "plan",
              "../specs/centos.yaml",
              "--tls-verify=false",
              "--timeout",
              "2s",
              "--set",
              "baseImage=" + host + "/dtk/base:1",
              "--set",
              "kernel.source.image=" + host + "/dtk/bootc:1",
              "--set",
              "facts.compose.image=" + host + "/dtk/bootc:1");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
      assertThat(took).isLessThan(Duration.ofSeconds(6));
      assertThat(r.err())
          .contains(
              "dtk: error: 2 images could not be read:\n",
              "  - registry "
                  + host
                  + " did not answer the manifest request for image "
                  + host
                  + "/dtk/bootc:1 within 1 s (connected, request sent, no response)\n"
                  + "    hint: retry later or with a longer --timeout (now 2 s); check the registry's status and your network\n",
              "  - registry "
                  + host
                  + " did not answer the manifest request for image "
                  + host
                  + "/dtk/base:1 within 1 s");
    } finally {
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void threeUnreachableRegistries_areNamedInOneRun() throws Exception {
    int[] ports = new int[3];
    for (int i = 0; i < 3; i++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        ports[i] = s.getLocalPort(); // closed again: nothing listens there
      }
    }
    Cli.Result r =
        Cli.run(
            "plan",
            "../specs/centos.yaml",
            "--tls-verify=false",
            "--set",
            "kernel.source.image=127.0.0.1:" + ports[0] + "/dtk/bootc:1",
            "--set",
            "facts.compose.image=127.0.0.1:" + ports[1] + "/dtk/facts:1",
            "--set",
            "baseImage=127.0.0.1:" + ports[2] + "/dtk/base:1");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
    assertThat(r.err()).startsWith("dtk: error: 3 images could not be read:\n");
    for (int i = 0; i < 3; i++) {
      assertThat(r.err())
          .contains(
              "  - cannot reach registry 127.0.0.1:"
                  + ports[i]
                  + " for image 127.0.0.1:"
                  + ports[i]
                  + "/dtk/");
    }
  }

  /** The README's timeout and cap figures are the code's. */
  @Test
  void readmeStatesTheTimeoutsAndCapsTheCodeUses() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    HttpLimits d = HttpLimits.DEFAULT;
    Matcher m =
        Pattern.compile(
                "connect\\s+timeout\\s+([0-9]+) s,\\s+read\\s+timeout\\s+([0-9]+) s,\\s+overall\\s+deadline\\s+([0-9]+) s")
            .matcher(readme);
    assertThat(m.find()).as("README states the timeouts").isTrue();
    assertThat(List.of(m.group(1), m.group(2), m.group(3)))
        .containsExactly(
            "" + d.connect().toSeconds(), "" + d.read().toSeconds(), "" + d.deadline().toSeconds());
    assertThat(readme)
        .contains("`--timeout DURATION` (default `" + RegistryFlags.DEFAULT_TIMEOUT + "`");
    Matcher caps =
        Pattern.compile(
                "manifests\\s+and\\s+indexes\\s+([0-9]+) MiB,\\s+image\\s+configs\\s+([0-9]+) MiB,\\s+token\\s+answers\\s+([0-9]+) MiB")
            .matcher(readme);
    assertThat(caps.find()).as("README states the caps").isTrue();
    assertThat(List.of(caps.group(1), caps.group(2), caps.group(3)))
        .containsExactly(
            "" + RegistryOptions.MAX_MANIFEST_BYTES / (1024 * 1024),
            "" + RegistryOptions.MAX_CONFIG_BYTES / (1024 * 1024),
            "" + RegistryOptions.MAX_TOKEN_BYTES / (1024 * 1024));
  }
}

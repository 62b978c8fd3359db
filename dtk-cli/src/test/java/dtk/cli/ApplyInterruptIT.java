package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.registry.ImageInspector;
import dtk.exec.registry.ImageNotFoundException;
import dtk.exec.registry.Registries;
import dtk.exec.registry.RegistryOptions;
import dtk.exec.testing.FixtureImages;
import dtk.exec.testing.Tools;
import dtk.spec.ImageRef;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during {@code dtk apply}: a real dtk process (the packaged jar) is sent SIGINT while its
 * build runs; the build's processes must be gone, and neither the image nor its index pushed.
 */
class ApplyInterruptIT {
  private static FixtureImages fixtures;

  @TempDir Path dir;

  @BeforeAll
  static void fixtures() {
    Tools.require("podman", "docker-registry", "kill", "pgrep");
    fixtures = FixtureImages.shared();
  }

  @Test
  void sigint_killsTheRunningBuild_andPublishesNothing() throws Exception {
    Path jar = Path.of("target", "dtk-cli.jar").toAbsolutePath();
    Path lib = Path.of("target", "lib").toAbsolutePath();
    assertThat(jar).as("the packaged CLI (failsafe runs after package)").exists();
    String marker = "dtk-interrupt-" + UUID.randomUUID().toString().substring(0, 8);

    Path templates = Files.createDirectories(dir.resolve("templates/dnf"));
    Files.writeString(
        templates.resolve("Containerfile.ftl"),
        String.join(
            "\n",
            "FROM [=from]",
            "<#list args as a>",
            "ARG [=a]",
            "</#list>",
            "RUN echo " + marker + " started && sleep 600 && echo " + marker,
            ""));
    Path specs = Files.createDirectories(dir.resolve("specs"));
    String reg = fixtures.registry().host();
    Files.writeString(
        specs.resolve("slow.yaml"),
        String.join(
            "\n",
            "apiVersion: dtk/v1",
            "kind: DriverToolkit",
            "metadata: { name: slow }",
            "baseImage: " + fixtures.busybox(),
            "packageManager: dnf",
            "platforms: [x86_64]",
            "kernel: { version: 6.1.0-1 }",
            "image: { registry: \""
                + reg
                + "\", organization: "
                + marker
                + ", name: slow, tag: \"${kernel.version}\" }",
            "build: { releaseFile: false }",
            "verify: { enabled: false }",
            ""));
    Path out = dir.resolve("out.txt");
    String cp = jar + File.pathSeparator + lib + File.separator + "*";
    Process dtk =
        new ProcessBuilder(
                List.of(
                    "java",
                    "-cp",
                    cp,
                    "dtk.cli.Dtk",
                    "apply",
                    "--tls-verify=false",
                    "--engine-arg=--isolation=chroot",
                    "--templates",
                    dir.resolve("templates").toString(),
                    "--state-dir",
                    dir.resolve("state").toString(),
                    "--log-dir",
                    dir.resolve("logs").toString(),
                    specs.toString()))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    try {
      Path log = dir.resolve("logs").resolve("slow.x86_64.6.1.0-1.log");
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (!(Files.exists(log)
          && Files.readString(log, StandardCharsets.UTF_8).contains(marker + " started"))) {
        assertThat(dtk.isAlive()).as(Files.exists(out) ? Files.readString(out) : "").isTrue();
        assertThat(System.nanoTime()).as("the build did not start in time").isLessThan(deadline);
        Thread.sleep(100);
      }
      assertThat(running(marker)).as("the build's sleep is running").isTrue();

      new ProcessBuilder("kill", "-INT", Long.toString(dtk.pid())).start().waitFor();
      assertThat(dtk.waitFor(90, TimeUnit.SECONDS)).as("dtk ended after SIGINT").isTrue();
    } finally {
      dtk.destroyForcibly();
    }

    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(text)
        .contains("dtk: interrupted: stopping running builds; no index will be published")
        .containsPattern("slow/x86_64/6.1.0-1 +build +cancelled");
    assertThat(dtk.exitValue()).isNotZero();
    assertThat(gone(marker)).as("no process of the interrupted build is left").isTrue();
    ImageInspector inspector = Registries.inspector(new RegistryOptions(false, null));
    String repo = reg + "/" + marker + "/slow";
    assertThatThrownBy(() -> inspector.inspect(ImageRef.parse(repo + ":6.1.0-1")))
        .isInstanceOf(ImageNotFoundException.class);
    assertThatThrownBy(() -> inspector.inspect(ImageRef.parse(repo + ":6.1.0-1.x86_64")))
        .isInstanceOf(ImageNotFoundException.class);
  }

  /**
   * Whether a process whose command line names {@code marker} (the RUN step's shell) shows up
   * within 5 s.
   */
  private static boolean running(String marker) throws Exception {
    for (int i = 0; i < 50; i++) {
      if (pgrep(marker)) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** Whether every such process is gone within 10 s. */
  private static boolean gone(String marker) throws Exception {
    for (int i = 0; i < 100; i++) {
      if (!pgrep(marker)) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private static boolean pgrep(String marker) throws Exception {
    return new ProcessBuilder("pgrep", "-f", marker + " started").start().waitFor() == 0;
  }
}

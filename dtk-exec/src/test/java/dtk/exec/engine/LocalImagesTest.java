package dtk.exec.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.registry.RegistryOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LocalImagesTest {
  private final LocalImages podman = new LocalImages("podman");
  private final LocalImages docker = new LocalImages("docker");

  @Test
  void looksIntoAnImageWithoutRunningIt() {
    assertThat(podman.createLocal("sha256:abc", "true"))
        .containsExactly("podman", "create", "--pull=never", "sha256:abc", "true");
    assertThat(docker.create("img", "/never")).containsExactly("docker", "create", "img", "/never");
    assertThat(podman.copyOut("c1", "/etc/os-release", Path.of("/tmp/x")))
        .containsExactly("podman", "cp", "c1:/etc/os-release", "/tmp/x");
    assertThat(podman.removeContainer("c1")).containsExactly("podman", "rm", "-f", "c1");
    assertThat(podman.removeImage("i1")).containsExactly("podman", "rmi", "-f", "i1");
    assertThat(podman.inspect("img", "{{.Architecture}}"))
        .containsExactly("podman", "image", "inspect", "--format", "{{.Architecture}}", "img");
  }

  @Test
  void pullsWithTheRegistrySettings_onPodmanOnly() {
    RegistryOptions r = new RegistryOptions(false, Path.of("/run/auth.json"));
    assertThat(podman.pull("reg/x:1", r))
        .containsExactly(
            "podman", "pull", "--tls-verify=false", "--authfile=/run/auth.json", "reg/x:1");
    assertThat(docker.pull("reg/x:1", r)).containsExactly("docker", "pull", "reg/x:1");
  }

  @Test
  void buildsAThrowawayStage_podmanWithoutItsLayerCache() {
    List<String> p =
        podman.buildStage(
            "aarch64",
            Path.of("/s/iid"),
            Path.of("/s/ctx/Containerfile"),
            List.of("--isolation=chroot"),
            Path.of("/s/ctx"));
    assertThat(p)
        .containsExactly(
            "podman",
            "build",
            "--pull=never",
            "--platform",
            "linux/arm64",
            "--iidfile",
            "/s/iid",
            "-f",
            "/s/ctx/Containerfile",
            "--layers=false",
            "--isolation=chroot",
            "/s/ctx");
    assertThat(
            docker.buildStage(
                "x86_64", Path.of("/i"), Path.of("/c/Containerfile"), List.of(), Path.of("/c")))
        .doesNotContain("--layers=false")
        .contains("linux/amd64");
  }

  @Test
  void theBuildStagesAreWrittenOnlyHere() throws IOException {
    // the verifiers and the SBOM reader take their command lines from LocalImages
    Path main = Path.of("src/main/java/dtk/exec");
    Pattern engineArgv =
        Pattern.compile("List\\.of\\(program, \"(build|create|cp|rm|rmi|pull|image)\"");
    try (Stream<Path> files = Files.walk(main)) {
      List<Path> offenders =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> !f.startsWith(main.resolve("engine")))
              .filter(
                  f -> {
                    try {
                      return engineArgv.matcher(Files.readString(f)).find();
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .toList();
      assertThat(offenders).isEmpty();
    }
  }
}

package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ${...}} behaves the same quoted or not, in files and in {@code --set}; no spec reads the
 * environment.
 */
class UnquotedInterpolationTest {
  @TempDir Path tmp;

  private Path spec(String labels) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("specs"));
    Files.copy(Path.of("../specs/common.yaml"), dir.resolve("common.yaml"));
    Path spec = dir.resolve("debian.yaml");
    Files.writeString(
        spec,
        Files.readString(Path.of("../specs/debian.yaml"))
            .replaceFirst(
                "(?m)^labels:.*\n",
                java.util.regex.Matcher.quoteReplacement("labels:\n" + labels)));
    return spec;
  }

  @Test
  void unquotedArchAndKernelVersionInterpolateLikeQuotedOnes() throws IOException {
    Path spec =
        spec(
            "  plain-arch: ${arch}\n  quoted-arch: \"${arch}\"\n  plain-kernel: ${kernel.version}\n");
    Path out = tmp.resolve("ctx");
    Cli.Result r =
        Cli.run(
            "render",
            spec.toString(),
            "--set",
            "kernel.version=6.1.0-56-amd64",
            "--set",
            "labels.set-arch=${arch}",
            "-o",
            out.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
    assertThat(Files.readString(out.resolve("Containerfile")))
        .contains("plain-arch=\"x86_64\"")
        .contains("quoted-arch=\"x86_64\"")
        .contains("plain-kernel=\"6.1.0-56-amd64\"")
        .contains("set-arch=\"x86_64\"");
  }

  @Test
  void anEnvironmentVariableNameIsAnUnknownReferenceNeverItsValue() throws IOException {
    Path spec = spec("  home: ${HOME}\n");
    Cli.Result r = Cli.run("validate", spec.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err())
        .contains("error interpolation/unknown-name: unknown name '${HOME}'")
        .doesNotContain("!ENV_VARIABLE")
        .doesNotContain(System.getProperty("user.home") + "'");
  }
}

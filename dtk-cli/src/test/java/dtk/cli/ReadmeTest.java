package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps README.md in step with the schema and the CLI. */
class ReadmeTest {
  private static final Path README = Path.of("../README.md");

  private static String readme() throws IOException {
    return Files.readString(README);
  }

  @Test
  void specExample_isAValidSpec(@TempDir Path dir) throws IOException {
    Matcher m = Pattern.compile("```yaml\\n(# yaml-language-server.*?)```", Pattern.DOTALL)
        .matcher(readme());
    assertThat(m.find()).as("README has the annotated spec example").isTrue();
    // in place of specs/centos.yaml, next to the shared base and repo files it names
    Path specs = dir.resolve("specs");
    try (Stream<Path> all = Files.walk(Path.of("../specs"))) {
      for (Path p : all.toList()) {
        Path to = specs.resolve(Path.of("../specs").relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    Files.writeString(specs.resolve("centos.yaml"), m.group(1));
    var r = Cli.run("validate", specs.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @Test
  void exitCodeTable_matchesExitStatus() throws IOException {
    String text = readme();
    for (ExitStatus s : ExitStatus.values()) {
      assertThat(text).containsPattern("(?m)^\\| " + s.code() + " \\| ");
    }
  }

  @Test
  void namesTheTwoCommands_andEveryFormat() throws IOException {
    String text = readme();
    assertThat(text).contains("./dtk validate specs/").contains("mvn -B verify");
    for (ValidateCommand.Format f : ValidateCommand.Format.values()) {
      assertThat(text).contains("| `" + f.name() + "`");
    }
  }
}

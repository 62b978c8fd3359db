package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.LoadResult;
import dtk.spec.SpecLoader;
import dtk.spec.model.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  /** The annotated example claims to be specs/centos.yaml: it must load to the same spec. */
  @Test
  void specExample_isAValidSpec_andTheShippedCentosSpec(@TempDir Path dir) throws IOException {
    Matcher m =
        Pattern.compile("```yaml\\n(# yaml-language-server.*?)```", Pattern.DOTALL)
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

    Spec documented = loadOne(specs.resolve("centos.yaml"));
    Spec shipped = loadOne(Path.of("../specs/centos.yaml"));
    assertThat(documented)
        .usingRecursiveComparison()
        .ignoringFields("file", "source", "repositories")
        .isEqualTo(shipped);
    assertThat(relative(documented)).isEqualTo(relative(shipped));
  }

  private static Spec loadOne(Path file) {
    LoadResult r = SpecLoader.standard().load(List.of(file));
    assertThat(r.diagnostics()).as(file.toString()).isEmpty();
    return r.specs().get(0);
  }

  /** Repository files as written: relative to the spec that names them. */
  private static List<String> relative(Spec s) {
    Path dir = s.file().toAbsolutePath().normalize().getParent();
    return s.repositories().stream()
        .map(p -> dir.relativize(p.toAbsolutePath().normalize()).toString())
        .toList();
  }

  @Test
  void exitCodeTable_matchesExitStatus() throws IOException {
    String text = readme();
    for (ExitStatus s : ExitStatus.values()) {
      assertThat(text).containsPattern("(?m)^\\| " + s.code() + " \\| ");
    }
  }

  @Test
  void makefileTable_optionsAreTakenByTheCommandsTheReadmeNames() throws IOException {
    String text = readme();
    int start = text.indexOf("| Makefile variable | dtk |");
    int end = text.indexOf("\n\n", start);
    assertThat(start).isNotNegative();
    Matcher option = Pattern.compile("`(--[a-z-]+)").matcher(text.substring(start, end));
    java.util.List<String> table = new java.util.ArrayList<>();
    while (option.find()) {
      table.add(option.group(1));
    }
    assertThat(table).contains("--kernel-version", "--platform", "--authfile", "--vcs-ref");
    var dtk = Dtk.commandLine();
    for (String cmd : java.util.List.of("build", "apply", "plan")) {
      for (String o : table) {
        assertThat(dtk.getSubcommands().get(cmd).getCommandSpec().findOption(o))
            .as(cmd + " " + o)
            .isNotNull();
      }
    }
    Matcher push =
        Pattern.compile(
                "so it takes only those that select what `dtk build` recorded or reach the\\s+registry: (.*?)\\s\\(",
                Pattern.DOTALL)
            .matcher(text);
    assertThat(push.find()).as("README says which options push takes").isTrue();
    Matcher pushOption = Pattern.compile("`(--[a-z-]+)`").matcher(push.group(1));
    int n = 0;
    for (; pushOption.find(); n++) {
      assertThat(dtk.getSubcommands().get("push").getCommandSpec().findOption(pushOption.group(1)))
          .as("push " + pushOption.group(1))
          .isNotNull();
    }
    assertThat(n).isEqualTo(8);
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

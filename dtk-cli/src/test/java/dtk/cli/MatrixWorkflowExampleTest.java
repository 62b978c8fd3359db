package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;

/**
 * examples/github-matrix.yaml parses, wires plan -> matrix build -> indexes, and every dtk command
 * line in it parses.
 */
class MatrixWorkflowExampleTest {
  static final Path EXAMPLE = Path.of("../examples/github-matrix.yaml");

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  private static List<String> runs(Map<String, Object> job) {
    List<String> out = new ArrayList<>();
    for (Object s : list(job.get("steps"))) {
      Object run = map(s).get("run");
      if (run != null) {
        out.add((String) run);
      }
    }
    return out;
  }

  @Test
  void theWorkflowWiresPlanMatrixAndIndexes() throws IOException {
    Map<String, Object> wf =
        map(new Load(LoadSettings.builder().build()).loadFromString(Files.readString(EXAMPLE)));
    Map<String, Object> jobs = map(wf.get("jobs"));
    assertThat(jobs).containsOnlyKeys("plan", "build", "indexes");
    assertThat(map(map(jobs.get("plan")).get("outputs")).get("matrix"))
        .isEqualTo("${{ steps.plan.outputs.matrix }}");
    Map<String, Object> build = map(jobs.get("build"));
    assertThat(build.get("needs")).isEqualTo("plan");
    assertThat(map(build.get("strategy")).get("matrix"))
        .isEqualTo("${{ fromJSON(needs.plan.outputs.matrix) }}");
    assertThat(build.get("runs-on")).isEqualTo("${{ matrix.runner }}");
    assertThat(map(jobs.get("indexes")).get("needs")).isEqualTo(List.of("plan", "build"));
    assertThat(String.join("\n", runs(map(jobs.get("plan")))))
        .contains("./dtk plan specs/ --format github-matrix");
    assertThat(String.join("\n", runs(build)))
        .contains("./dtk apply specs/ --only \"${{ matrix.target }}\"");
    assertThat(String.join("\n", runs(map(jobs.get("indexes")))))
        .contains("./dtk apply specs/ --indexes-only");
  }

  @Test
  void everyDtkCommandLine_parses() throws IOException {
    Pattern dtk = Pattern.compile("\\./dtk ([^)\\n]*)");
    Matcher m = dtk.matcher(Files.readString(EXAMPLE));
    int n = 0;
    while (m.find()) {
      String line = m.group(1).replace("${{ matrix.target }}", "debian/x86_64/6.1.0-57-amd64");
      List<String> args = new ArrayList<>();
      Matcher w = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
      while (w.find()) {
        args.add(w.group(1) != null ? w.group(1) : w.group(2));
      }
      CommandLine cl = Dtk.commandLine();
      cl.parseArgs(args.toArray(String[]::new)); // throws on an unknown option or a bad value
      n++;
    }
    assertThat(n).isEqualTo(3);
  }
}

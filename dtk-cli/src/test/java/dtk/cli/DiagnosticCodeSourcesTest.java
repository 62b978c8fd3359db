package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.DiagnosticCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Diagnostic codes are written once, in {@link DiagnosticCode}; every main source names them
 * through it.
 */
class DiagnosticCodeSourcesTest {
  private static final Path ROOT = Path.of("..");
  private static final String CATALOG = "DiagnosticCode.java";

  /**
   * A string literal that starts like a code of a catalogued family: {@code "yaml/...}, {@code
   * "schema/...}.
   */
  private static final Pattern CODE_LITERAL =
      Pattern.compile(
          "\"("
              + Stream.of(DiagnosticCode.Family.values())
                  .map(DiagnosticCode.Family::id)
                  .collect(Collectors.joining("|"))
              + ")/[A-Za-z0-9-]*");

  private static List<Path> mainSources() throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path m :
          modules.filter(p -> p.getFileName().toString().startsWith("dtk-")).sorted().toList()) {
        Path src = m.resolve("src/main/java");
        if (Files.isDirectory(src)) {
          try (Stream<Path> files = Files.walk(src)) {
            files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(out::add);
          }
        }
      }
    }
    return out;
  }

  /** The source without comments, so Javadoc may quote a code. */
  private static String code(Path p) throws IOException {
    String s = Files.readString(p).replaceAll("(?s)/\\*.*?\\*/", "");
    return s.lines().filter(l -> !l.strip().startsWith("//")).collect(Collectors.joining("\n"));
  }

  @Test
  void noMainSourceOutsideTheCatalog_writesACodeLiteral() throws IOException {
    List<Path> sources = mainSources();
    assertThat(sources).hasSizeGreaterThan(100);
    List<String> found = new ArrayList<>();
    for (Path p : sources) {
      if (p.getFileName().toString().equals(CATALOG)) {
        continue;
      }
      Matcher m = CODE_LITERAL.matcher(code(p));
      while (m.find()) {
        found.add(ROOT.relativize(p) + ": " + m.group());
      }
    }
    assertThat(found).as("use dtk.spec.DiagnosticCode instead of a literal").isEmpty();
  }

  @Test
  void everyCatalogedCode_isReportedSomewhere() throws IOException {
    StringBuilder all = new StringBuilder();
    for (Path p : mainSources()) {
      if (!p.getFileName().toString().equals(CATALOG)) {
        all.append(code(p)).append('\n');
      }
    }
    for (DiagnosticCode c : DiagnosticCode.values()) {
      if (c.family()
          != DiagnosticCode.Family.SCHEMA) { // schema codes are named by the violated keyword
        assertThat(all).as("%s is used", c.id()).contains("DiagnosticCode." + c.name());
      }
    }
  }
}

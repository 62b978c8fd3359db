package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Control characters from a spec reach the terminal escaped, never raw (terminal escapes, forged CI
 * commands).
 */
class ControlCharactersTest {
  @TempDir Path tmp;

  @Test
  void escapesEveryControlCharacterVisibly() {
    assertThat(Printable.escape("a\u001B[2Jb\u0007c\rd\ne\tf\u007Fg\u0085h\u202Ei\u2066j"))
        .isEqualTo("a\\e[2Jb\\x07c\\rd\\ne\\tf\\x7fg\\x85h\\u202ei\\u2066j");
    assertThat(Printable.escape("plain text, ${kernel.version} \\ ok"))
        .isEqualTo("plain text, ${kernel.version} \\ ok");
    assertThat(Printable.escapeLines("one\r\ntwo\u001B")).isEqualTo("one\\r\ntwo\\e");
  }

  @Test
  void theTextReportOfASpecFullOfControlCharactersIsGolden() throws IOException {
    Path spec = tmp.resolve("evil.yaml");
    Files.writeString(
        spec,
        "apiVersion: dtk/v1\n"
            + "kind: DriverToolkit\n"
            + "metadata:\n"
            + "  name: \"evil\\e[2J\"\n"
            + "  description: \"\\a\\r::add-mask::x\"\n"
            + "\"lab\\nels\\e]0;pwned\\a\": {a: b}\n"
            + "\"\\n::error file=x,line=1::forged\": 1\n");
    Cli.Result r = Cli.run("validate", spec.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    String all = r.out() + r.err();
    for (char c = 0; c < 0x20; c++) {
      if (c != '\n') {
        assertThat(all.indexOf(c)).as("raw control 0x%02x", (int) c).isEqualTo(-1);
      }
    }
    assertThat(all).doesNotContain("\n::error").doesNotContain("\n::add-mask");
    String p = spec.toString();
    assertThat(r.err())
        .contains(
            p + ":4:9: error schema/pattern: metadata.name: 'evil\\e[2J' is not allowed here",
            p + ":6:1: error schema/additionalProperties: unknown key 'lab\\nels\\e]0;pwned\\x07'",
            p
                + ":7:1: error schema/additionalProperties: unknown key '\\n::error file=x,line=1::forged'");
  }

  /** ESC, BEL, CR, LF, C1, bidi controls, zero-width and BOM, U+2028/2029 in keys and values. */
  static final String HOSTILE = "src/test/resources/specs/hostile/controls.yaml";

  @Test
  void validateText_ofASpecFullOfControlCharacters_isGolden() throws IOException {
    Cli.Result r = Cli.run("validate", HOSTILE);
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).isEqualTo(golden("controls-validate.txt"));
    assertNoRawControls("validate", r);
  }

  @Test
  void renderAndPlanMessages_ofASpecFullOfControlCharacters_areGolden() throws IOException {
    Cli.Result render = Cli.run("render", HOSTILE);
    assertThat(render.exitCode()).isEqualTo(3);
    assertThat(render.err()).isEqualTo(golden("controls-render.err"));
    assertNoRawControls("render", render);
    Cli.Result plan = Cli.run("plan", "--offline", HOSTILE);
    assertThat(plan.exitCode()).isEqualTo(3);
    assertThat(plan.err()).isEqualTo(golden("controls-plan.err"));
    assertNoRawControls("plan --offline", plan);
  }

  @Test
  void everyFormatAndCommand_printsNoRawControlCharacter() {
    List<String[]> runs = new ArrayList<>();
    for (String format : List.of("text", "json", "sarif", "github")) {
      runs.add(new String[] {"validate", "--format", format, HOSTILE});
    }
    runs.add(new String[] {"plan", "--offline", "--format", "json", HOSTILE});
    runs.add(new String[] {"apply", "--dry-run", HOSTILE});
    runs.add(new String[] {"build", HOSTILE});
    runs.add(new String[] {"push", HOSTILE});
    // values from the command line and names of files are shown the same way
    runs.add(
        new String[] {
          "render",
          "../specs/debian.yaml",
          "--kernel-version",
          "6.1.0-56-amd64",
          "--set",
          "labels.a=\u001b[31m\u0007",
          "-o",
          tmp.resolve("o").toString()
        });
    runs.add(
        new String[] {
          "plan",
          "--offline",
          "../specs/debian.yaml",
          "--kernel-version",
          "6.1.0-56-amd64",
          "--set",
          "image.tag=\u001b]0;x\u0007\u202e"
        });
    runs.add(new String[] {"validate", "no-such\u001b[2J\n::error ::forged.yaml"});
    runs.add(new String[] {"validate", "--format", "x\u001b[31m\u009b", HOSTILE});
    runs.add(
        new String[] {
          "render",
          "../specs/debian.yaml",
          "--kernel-version",
          "6.1.0-56-amd64",
          "--set",
          "nope\u0007\u2028.x=1"
        });
    runs.add(
        new String[] {
          "render",
          "../specs/debian.yaml",
          "--kernel-version",
          "6.1.0-56-amd64",
          "--templates",
          tmp.resolve("no\u001b[2Jdir").toString()
        });
    for (String[] argv : runs) {
      Cli.Result r = Cli.run(argv);
      assertThat(r.exitCode()).as(String.join(" ", argv) + "\n" + r.err()).isNotZero();
      assertNoRawControls(String.join(" ", argv), r);
      assertThat(
              r.out()
                  .lines()
                  .filter(
                      l ->
                          !l.strip().startsWith("::error ") && !l.strip().startsWith("::warning ")))
          .as(String.join(" ", argv))
          .noneMatch(l -> l.strip().startsWith("::"));
      assertThat(r.err().lines())
          .as(String.join(" ", argv))
          .noneMatch(l -> l.strip().startsWith("::"));
    }
  }

  @Test
  void aMissingFileWithControlsInItsName_isNamedEscaped_andNoLineOfTheMessageStandsAlone() {
    Cli.Result r = Cli.run("validate", "no-such\u001b[2J\n::error ::forged.yaml");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("dtk: error: ")
        .contains("no-such\\e[2J\n  | ::error ::forged.yaml");
    assertThat(r.err().lines()).noneMatch(l -> l.strip().startsWith("::"));
  }

  @Test
  void aTemplateFailureInADirectoryNamedWithControls_isReportedEscaped() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("tpl\u001b]0;t\u0007\u202e").resolve("apt"));
    Files.writeString(dir.resolve("Containerfile.ftl"), "FROM [=from]\nRUN [=nosuchvalue]\n");
    Cli.Result r =
        Cli.run(
            "render",
            "../specs/debian.yaml",
            "--kernel-version",
            "6.1.0-56-amd64",
            "--platform",
            "x86_64",
            "--templates",
            dir.getParent().toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
    assertThat(r.err()).contains("tpl\\e]0;t\\x07\\u202e");
    assertNoRawControls("render --templates", r);
  }

  @Test
  void aBidiLabelValue_isRenderedAsWritten_becauseTheContainerfileIsData() {
    // a bidi control is a legal label value: the Containerfile keeps it (the image gets exactly it)
    Cli.Result r =
        Cli.run(
            "render",
            "../specs/debian.yaml",
            "--kernel-version",
            "6.1.0-56-amd64",
            "--platform",
            "x86_64",
            "--set",
            "labels.a=x\u202ey");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("a=\"x\u202ey\"");
  }

  private static String golden(String name) throws IOException {
    return Files.readString(Path.of("src/test/resources/golden").resolve(name));
  }

  /**
   * Every line of stdout and stderr: no C0 control but the line feed, no DEL, C1, bidi or other
   * format character.
   */
  static void assertNoRawControls(String what, Cli.Result r) {
    for (String stream : List.of(r.out(), r.err())) {
      stream
          .codePoints()
          .forEach(
              c ->
                  assertThat(c == '\n' || !Printable.needsEscape(c))
                      .as("%s: raw U+%04X in:%n%s", what, c, stream)
                      .isTrue());
    }
  }
}

package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Control characters from a spec reach the terminal escaped, never raw (terminal escapes, forged CI commands). */
class ControlCharactersTest {
  @TempDir Path tmp;

  @Test
  void escapesEveryControlCharacterVisibly() {
    assertThat(Printable.escape("a\u001B[2Jb\u0007c\rd\ne\tf\u007Fg\u0085h\u202Ei\u2066j"))
        .isEqualTo("a\\e[2Jb\\x07c\\rd\\ne\\tf\\x7fg\\x85h\\u202ei\\u2066j");
    assertThat(Printable.escape("plain text, ${kernel.version} \\ ok")).isEqualTo("plain text, ${kernel.version} \\ ok");
    assertThat(Printable.escapeLines("one\r\ntwo\u001B")).isEqualTo("one\\r\ntwo\\e");
  }

  @Test
  void theTextReportOfASpecFullOfControlCharactersIsGolden() throws IOException {
    Path spec = tmp.resolve("evil.yaml");
    Files.writeString(spec, "apiVersion: dtk/v1\n"
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
    assertThat(r.err()).contains(
        p + ":4:9: error schema/pattern: metadata.name: 'evil\\e[2J' is not allowed here",
        p + ":6:1: error schema/additionalProperties: unknown key 'lab\\nels\\e]0;pwned\\x07'",
        p + ":7:1: error schema/additionalProperties: unknown key '\\n::error file=x,line=1::forged'");
  }
}

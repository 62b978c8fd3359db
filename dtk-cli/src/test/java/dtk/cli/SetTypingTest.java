package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code dtk render --set}: the value reaches the Containerfile as typed, or the command says why
 * not (exit 2).
 */
class SetTypingTest {
  static final String DEBIAN = "../specs/debian.yaml";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hello #world",
        "a: b",
        "*x",
        "&x",
        "!x",
        "%x",
        "@x",
        "`x`",
        "{x}",
        "[x]",
        "'q'",
        "",
        "1.10"
      })
  void aLabelValue_isRenderedAsTyped(String text) {
    Cli.Result r =
        Cli.run(
            "render",
            DEBIAN,
            "--kernel-version",
            "6.1.0-56-amd64",
            "--platform",
            "x86_64",
            "--set",
            "labels.probe=" + text);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("\n      probe=\"" + text + "\"");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "labels.probe=${arch} #x|probe=\"x86_64 #x\"",
        "labels.probe=say \"hi\"|probe=\"say \\\"hi\\\"\"",
        "labels.probe=$(id) `id`|probe=\"\\$(id) `id`\""
      })
  void interpolationAndQuoting_areKept(String set, String line) {
    Cli.Result r =
        Cli.run(
            "render",
            DEBIAN,
            "--kernel-version",
            "6.1.0-56-amd64",
            "--platform",
            "x86_64",
            "--set",
            set);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains(line);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "verify.canary=yes|--set[1]:1:15: cannot apply 'verify.canary=yes': verify.canary takes a boolean, not 'yes'"
            + "|hint: write true or false, e.g. --set verify.canary=true",
        "build.user.uid=1e3|--set[1]:1:16: cannot apply 'build.user.uid=1e3': build.user.uid takes an integer, not '1e3'"
            + "|hint: write digits with an optional sign, e.g. --set build.user.uid=1001",
        "platforms=x86_64|--set[1]:1:11: cannot apply 'platforms=x86_64': platforms takes a list, not 'x86_64'"
            + "|hint: write a YAML flow list, e.g. --set 'platforms=[a, b]'",
        "platforms=[x86_64|--set[1]:1:18: cannot apply 'platforms=[x86_64': platforms takes a list, and '[x86_64' is not a valid"
            + " YAML flow list|hint: write a YAML flow list, e.g. --set 'platforms=[a, b]'",
        "image.regsitry=x|--set[1]:1:7: cannot apply 'image.regsitry=x': unknown key 'regsitry' in image (did you mean 'registry'?)"
            + "|hint: check the path against the schema"
      })
  void aValueThatDoesNotFitTheKey_isAUsageError(String set, String message, String hint) {
    Cli.Result r =
        Cli.run(
            "render",
            DEBIAN,
            "--kernel-version",
            "6.1.0-56-amd64",
            "--platform",
            "x86_64",
            "--set",
            set);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .startsWith("dtk: error: " + message)
        .contains(hint)
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }
}

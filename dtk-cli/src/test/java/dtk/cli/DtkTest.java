package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;

class DtkTest {
  @Test
  void help_listsCommandsAndExitCodes() {
    var r = Cli.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("Usage: dtk")
        .contains("validate")
        .contains("generate-completion")
        .contains("Exit codes:")
        .contains("3   invalid spec");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void helpSubcommand_showsTheCommandsHelp() {
    var r = Cli.run("help", "validate");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: dtk validate").contains("--format");
  }

  @Test
  void version_namesDtkAndJava() {
    var r = Cli.run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("dtk ").contains("Java " + System.getProperty("java.version"));
  }

  @Test
  void noSubcommand_printsUsageToStderrAndExits2() {
    var r = Cli.run();
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Usage: dtk");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unknownSubcommand_isAUsageErrorWithASuggestion() {
    var r = Cli.run("validat");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("dtk: error: Unmatched argument at index 0: 'validat'")
        .contains("validate")
        .contains("hint: run 'dtk --help' for usage")
        .doesNotContain("\tat ");
  }

  @Test
  void emptyPathArgument_isAUsageError_notTheWorkingDirectory() {
    // "" would be the working directory: an unset $SPECS must not validate or apply whatever is
    // here
    var validate = Cli.run("validate", "");
    assertThat(validate.exitCode()).isEqualTo(2);
    assertThat(validate.err())
        .startsWith("dtk: error: an argument is empty (an unset shell variable?)")
        .doesNotContain("holds no spec files");
    var render = Cli.run("render", "");
    assertThat(render.exitCode()).isEqualTo(2);
    assertThat(render.err())
        .startsWith("dtk: error: Invalid value for positional parameter at index 0 (SPEC)")
        .contains("the path is empty (an unset shell variable?)");
    var option = Cli.run("plan", "--offline", "--templates", "", "specs");
    assertThat(option.exitCode()).isEqualTo(2);
    assertThat(option.err())
        .startsWith("dtk: error: Invalid value for option '--templates': the path is empty");
  }

  @Test
  void pathConverter_namesAPathJavaCannotHold() {
    // a NUL byte cannot come from a shell, but can from a file of arguments or another program
    assertThatThrownBy(() -> Dtk.path("specs/a\0b.yaml"))
        .isInstanceOf(picocli.CommandLine.TypeConversionException.class)
        .hasMessage("'specs/a\\x00b.yaml' is not a valid path: Nul character not allowed");
    assertThat(Dtk.path("specs/centos.yaml")).isEqualTo(Path.of("specs/centos.yaml"));
  }

  @Test
  void suggestions_onlyForNearMisses() {
    var far = Cli.run("bogus");
    assertThat(far.exitCode()).isEqualTo(2);
    assertThat(far.err()).doesNotContain("Did you mean").doesNotContain("push");
    var option = Cli.run("plan", "--offline", "--platfrom", "x86_64");
    assertThat(option.exitCode()).isEqualTo(2);
    assertThat(option.err()).contains("--platform");
    assertThat(Cli.run("render", "--frobnicate").err())
        .doesNotContain("Did you mean")
        .doesNotContain("Possible solutions");
  }

  @Test
  void aBadMapValue_isNamedOnce() {
    var r = Cli.run("render", "../specs/debian.yaml", "--fact", "bad");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Value for option '--fact'").doesNotContain("option option");
  }

  @Test
  void unknownOption_isAUsageError() {
    var r = Cli.run("validate", "--bogus");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("dtk: error: Unknown option: '--bogus'")
        .contains("'dtk validate --help'");
  }

  @Test
  void exitCodesInHelp_matchExitStatus() {
    String help = Cli.run("--help").out();
    for (ExitStatus s : ExitStatus.values()) {
      assertThat(help).contains(s.code() + "   " + s.meaning());
    }
  }

  @Test
  void exitCodeMapper_mapsEveryFailureKind() {
    var cl = Dtk.commandLine();
    assertThat(Dtk.exitStatus(new ParameterException(cl, "bad"))).isEqualTo(2);
    assertThat(Dtk.exitStatus(CommandException.usage("x", null))).isEqualTo(2);
    assertThat(Dtk.exitStatus(CommandException.invalidSpec("x", null))).isEqualTo(3);
    assertThat(Dtk.exitStatus(CommandException.toolFailed("x", null, null))).isEqualTo(4);
    assertThat(Dtk.exitStatus(new IllegalStateException("bug"))).isEqualTo(1);
  }

  @Test
  void completionScript_isValidBash(@TempDir Path dir) throws IOException, InterruptedException {
    var r = Cli.run("generate-completion");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("complete -F _complete_dtk").contains("validate");
    Path script = dir.resolve("dtk_completion.bash");
    Files.writeString(script, r.out());
    Tools.require("bash");
    Path bash = Tools.find("bash");
    Process p =
        new ProcessBuilder(List.of(bash.toString(), "-n", script.toString()))
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();

    // and it completes what a user types: the formats after 'dtk validate --format '
    String complete =
        "source '"
            + script
            + "' 2>/dev/null\n"
            + "COMP_WORDS=(dtk validate --format ''); COMP_CWORD=3\n"
            + "COMP_LINE='dtk validate --format '; COMP_POINT=${#COMP_LINE}\n"
            + "_complete_dtk 2>/dev/null; echo \"${COMPREPLY[*]}\"\n";
    Process c =
        new ProcessBuilder(List.of(bash.toString(), "-c", complete))
            .redirectErrorStream(true)
            .start();
    String words = new String(c.getInputStream().readAllBytes()).trim();
    assertThat(c.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(words).isEqualTo("text json sarif github");
  }
}

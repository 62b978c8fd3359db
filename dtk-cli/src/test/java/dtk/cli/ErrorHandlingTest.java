package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The one execution-exception handler, through a subcommand that fails on purpose. */
class ErrorHandlingTest {
  @Command(name = "fail")
  static final class Fail implements Callable<Integer> {
    @Mixin CommonFlags common;

    @CommandLine.Parameters(index = "0")
    String how;

    @Override
    public Integer call() {
      switch (how) {
        case "bug" -> throw new IllegalStateException("kaput");
        case "io" -> throw new UncheckedIOException(new NoSuchFileException("specs/gone.yaml"));
        case "denied" ->
            throw new UncheckedIOException(new java.nio.file.AccessDeniedException("/etc/shadow"));
        case "disk" ->
            throw new UncheckedIOException(new java.io.IOException("No space left on device"));
        case "usage" ->
            throw CommandException.usage("no such file or directory: x.yaml", "check the path");
        case "invalid" -> throw CommandException.invalidSpec("2 specs are invalid", null);
        case "tool" ->
            throw CommandException.toolFailed(
                "podman build exited with 125", "check that podman works: podman info", null);
        default -> {
          return 0;
        }
      }
    }
  }

  private static Cli.Result fail(String... args) {
    CommandLine cl = Dtk.commandLine();
    cl.addSubcommand(new Fail());
    return Cli.run(cl, args);
  }

  @Test
  void internalError_exits1_withABugHint_andNoStackTrace() {
    var r = fail("fail", "bug");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            """
        dtk: error: internal error: IllegalStateException: kaput
          hint: this is a bug in dtk; rerun with --stacktrace and report the output
        """);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void fileSystemFailure_exits2_inPlainWordsNamingThePath() {
    var r = fail("fail", "io");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            """
        dtk: error: cannot use specs/gone.yaml: no such file or directory
          hint: check the path
        """);
    var denied = fail("fail", "denied");
    assertThat(denied.exitCode()).isEqualTo(2);
    assertThat(denied.err())
        .isEqualTo(
            """
        dtk: error: cannot use /etc/shadow: permission denied
          hint: check the file's permissions
        """);
  }

  @Test
  void otherIoFailure_exits1_sayingWhatFailed_notCallingItABug() {
    var r = fail("fail", "disk");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            """
        dtk: error: input/output failed: IOException: No space left on device
          hint: check the files, permissions and free disk space; rerun with --stacktrace for details
        """);
  }

  @Test
  void stacktraceOption_printsTheStackTrace() {
    var r = fail("fail", "--stacktrace", "bug");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("dtk: error: internal error: IllegalStateException: kaput")
        .contains("java.lang.IllegalStateException: kaput")
        .contains("\tat dtk.cli.ErrorHandlingTest$Fail.call");
  }

  @Test
  void commandExceptions_exitWithTheirStatus_andPrintTheirHint() {
    var usage = fail("fail", "usage");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.err())
        .isEqualTo("dtk: error: no such file or directory: x.yaml\n  hint: check the path\n");

    var invalid = fail("fail", "invalid");
    assertThat(invalid.exitCode()).isEqualTo(3);
    assertThat(invalid.err()).isEqualTo("dtk: error: 2 specs are invalid\n");

    var tool = fail("fail", "tool");
    assertThat(tool.exitCode()).isEqualTo(4);
    assertThat(tool.err())
        .contains("podman build exited with 125")
        .contains("hint: check that podman works");
    assertThat(tool.err()).doesNotContain("\tat ");
  }

  @Test
  void success_exits0() {
    assertThat(fail("fail", "ok").exitCode()).isZero();
  }

  @Test
  void missingParameter_isAUsageError_notExit1() {
    var r = fail("fail");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("dtk: error: Missing required parameter")
        .contains("'dtk fail --help'");
  }
}

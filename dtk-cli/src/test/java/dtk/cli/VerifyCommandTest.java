package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dtk verify}: bad arguments are usage errors said before any engine runs. */
class VerifyCommandTest {
  @TempDir Path tmp;

  @Test
  void aMissingModuleDirectory_isAUsageError() {
    Cli.Result r = Cli.run("verify", "localhost/dtk:1", "--module", tmp.resolve("nope").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("--module " + tmp.resolve("nope") + ": does not exist")
        .contains("give the directory of a driver's source");
  }

  @Test
  void aFileAsOptionalModule_isAUsageError() throws Exception {
    Path f = Files.writeString(tmp.resolve("f"), "x");
    Files.createDirectories(tmp.resolve("d"));
    Cli.Result r =
        Cli.run(
            "verify",
            "localhost/dtk:1",
            "--module",
            tmp.resolve("d").toString(),
            "--optional-module",
            f.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--optional-module " + f + ": not a directory");
  }

  @Test
  void noModule_isAUsageError() {
    Cli.Result r = Cli.run("verify", "localhost/dtk:1");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--module");
  }

  @Test
  void aTimeoutOutOfRange_isAUsageError() throws Exception {
    Files.createDirectories(tmp.resolve("d"));
    Cli.Result r =
        Cli.run(
            "verify",
            "localhost/dtk:1",
            "--module",
            tmp.resolve("d").toString(),
            "--module-timeout",
            "5");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--module-timeout 5 is out of range");
  }
}

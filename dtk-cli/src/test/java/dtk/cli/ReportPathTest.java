package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dtk apply --report PATH} is checked before any work: a usage error, nothing planned or
 * built.
 */
class ReportPathTest {
  @TempDir Path tmp;

  @Test
  void aDirectoryIsAUsageErrorBeforeAnyWork() {
    Cli.Result r = Cli.run("apply", "../specs", "--report", tmp.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("dtk: error: --report " + tmp + " is a directory")
        .doesNotContain("cannot reach registry");
  }

  @Test
  void aPathUnderAFileIsAUsageErrorAndLeavesNothingBehind() throws IOException {
    Path file = Files.writeString(tmp.resolve("plain"), "x");
    Cli.Result r =
        Cli.run("apply", "../specs", "--report", file.resolve("sub/report.json").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("is not a directory").doesNotContain("cannot reach registry");
    assertThat(Files.readString(file)).isEqualTo("x");
  }
}

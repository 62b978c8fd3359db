package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit code every command that loads specs gives: 2 for the command line (a --set that is not
 * PATH=VALUE, names a key the schema lacks, gives a value not of the key's type, or a TARGET:
 * naming no spec; nothing to check), 3 for an invalid spec (also one a --set value made invalid).
 */
class SpecExitCodesTest {
  static final String CENTOS = "../specs/centos.yaml";
  static final String COMPOSE = "compose=CentOS-Stream-9-20240708.0";

  @Test
  void aSetValueThatMakesTheSpecInvalid_isAnInvalidSpec_inEveryCommand() {
    for (String command : new String[] {"render", "plan", "build"}) {
      Cli.Result r =
          command.equals("plan")
              ? Cli.run(command, "--offline", CENTOS, "--set", "platforms=[x86]", "--fact", COMPOSE)
              : Cli.run(command, CENTOS, "--set", "platforms=[x86]");
      assertThat(r.exitCode()).as(command + ": " + r.err()).isEqualTo(3);
      assertThat(r.err())
          .contains("--set[1]:1:12: error schema/enum", "cannot " + command + ": 1 error");
    }
    assertThat(Cli.run("validate", CENTOS, "--set", "platforms=[x86]").exitCode()).isEqualTo(3);
  }

  @Test
  void aSetValueNotOfTheKeysType_orAKeyTheSchemaLacks_isAUsageError_inEveryCommand() {
    for (String set : new String[] {"platforms=notalist", "verify.canary=yes", "image.tagg=x"}) {
      for (String command : new String[] {"validate", "render", "plan", "build"}) {
        Cli.Result r =
            command.equals("plan")
                ? Cli.run(command, "--offline", CENTOS, "--set", set, "--fact", COMPOSE)
                : Cli.run(command, CENTOS, "--set", set);
        assertThat(r.exitCode()).as(command + " " + set + ": " + r.err()).isEqualTo(2);
        assertThat(r.err())
            .startsWith("dtk: error: ")
            .contains("--set[1]:1:", "cannot apply '" + set + "'");
      }
    }
  }

  @Test
  void aSetForASpecThatIsNotLoaded_isAUsageError_inEveryCommand() {
    for (String command : new String[] {"validate", "render", "plan", "build"}) {
      Cli.Result r = Cli.run(command, CENTOS, "--set", "nosuch:image.tag=x");
      assertThat(r.exitCode()).as(command + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).contains("no spec named 'nosuch'");
    }
  }

  @Test
  void anEmptyDirectory_isNothingToCheck(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("README.md"), "not a spec");
    for (String command : new String[] {"validate", "plan"}) {
      Cli.Result r = Cli.run(command, dir.toString());
      assertThat(r.exitCode()).as(command + ": " + r.err()).isEqualTo(2);
      assertThat(r.err())
          .contains("nothing to check: " + dir, "holds no spec files")
          .doesNotContain("of 0 files");
    }
  }
}

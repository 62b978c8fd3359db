package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A spec from an untrusted pull request names files outside its repository: every such path is
 * refused at the spec's line:col before it is opened, so no byte of the outside file reaches any
 * output format, a report or a rendered context.
 */
class UntrustedPathsTest {
  private static final String SECRET = "SECRETMARK-7f3a9";

  @TempDir Path tmp;
  private Path specs;
  private Path outside;

  @BeforeEach
  void layout() throws IOException {
    specs = Files.createDirectories(tmp.resolve("repo/specs"));
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("shadow"), "root:" + SECRET + ":20228:0:99999:7:::\n");
    Files.writeString(
        outside.resolve("kube.yaml"),
        "apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user: {token: " + SECRET + "}\n");
    Files.writeString(
        outside.resolve("defaults.yaml"),
        Files.readString(Path.of("../specs/common.yaml")) + "\n# " + SECRET + "\n");
    Files.copy(Path.of("../specs/common.yaml"), specs.resolve("common.yaml"));
    Files.copy(Path.of("../specs/debian.yaml"), specs.resolve("debian.yaml"));
    Files.copy(outside.resolve("kube.yaml"), specs.resolve("kube-in.yaml"));
  }

  private Path specExtending(String ext) throws IOException {
    Path spec = specs.resolve("debian.yaml");
    Files.writeString(
        spec, Files.readString(spec).replace("extends: common.yaml", "extends: " + ext));
    return spec;
  }

  private static void assertNoSecret(Cli.Result r) {
    assertThat(r.out()).doesNotContain(SECRET);
    assertThat(r.err()).doesNotContain(SECRET);
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "json", "sarif", "github"})
  void extendsOutsideTheRootIsRefusedAndNeverRead(String format) throws IOException {
    for (String ext :
        new String[] {
          "../../outside/shadow",
          outsideAbs("shadow"),
          "../../outside/kube.yaml",
          "../../outside/defaults.yaml",
          "/proc/self/environ"
        }) {
      Path spec = specs.resolve("debian.yaml");
      Files.copy(
          Path.of("../specs/debian.yaml"), spec, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      specExtending("'" + ext + "'");
      Cli.Result r = Cli.run("validate", "--format", format, spec.toString());
      assertThat(r.exitCode()).as(ext).isEqualTo(3);
      assertThat(r.out() + r.err()).as(ext).contains("path/outside-root");
      assertNoSecret(r);
    }
  }

  private String outsideAbs(String name) {
    return outside.resolve(name).toAbsolutePath().toString();
  }

  @Test
  void extendsThroughASymlinkOutIsRefused() throws IOException {
    Files.createSymbolicLink(specs.resolve("base.yaml"), outside.resolve("defaults.yaml"));
    Path spec = specExtending("base.yaml");
    Cli.Result r = Cli.run("validate", spec.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err())
        .contains(
            "debian.yaml:11:10: error path/outside-root: extends 'base.yaml' is a symbolic link "
                + "that leaves the spec root");
    assertNoSecret(r);
  }

  @Test
  void allowPathWidensTheRootOnPurpose() throws IOException {
    Path spec = specExtending("../../outside/defaults.yaml");
    Cli.Result refused =
        Cli.run(
            "render",
            spec.toString(),
            "--set",
            "kernel.version=6.1.0-56-amd64",
            "-o",
            tmp.resolve("ctx").toString());
    assertThat(refused.exitCode()).isEqualTo(3);
    assertThat(tmp.resolve("ctx")).doesNotExist();
    Cli.Result allowed =
        Cli.run(
            "render",
            spec.toString(),
            "--set",
            "kernel.version=6.1.0-56-amd64",
            "--allow-path",
            outside.toString(),
            "-o",
            tmp.resolve("ctx").toString());
    assertThat(allowed.exitCode()).as(allowed.err()).isEqualTo(0);
    Cli.Result notDir =
        Cli.run("validate", "--allow-path", tmp.resolve("nope").toString(), spec.toString());
    assertThat(notDir.exitCode()).isEqualTo(2);
    assertThat(notDir.err()).contains("--allow-path").contains("not a directory");
  }

  @Test
  void aFileThatIsNotADtkSpecIsNeverEchoed() throws IOException {
    Path spec = specExtending("kube-in.yaml");
    Cli.Result r = Cli.run("validate", spec.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err())
        .contains("error extends/not-a-spec: extends 'kube-in.yaml': ")
        .contains("is not a dtk spec");
    assertNoSecret(r);
  }

  @Test
  void aSymlinkedSpecFileInTheDirectoryIsNotRead() throws IOException {
    Files.delete(specs.resolve("kube-in.yaml"));
    Files.createSymbolicLink(specs.resolve("lnk.yaml"), outside.resolve("shadow"));
    Cli.Result r = Cli.run("validate", specs.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err())
        .contains(
            "lnk.yaml: error path/outside-root: spec file is a symbolic link that leaves the spec root");
    assertNoSecret(r);
  }

  @Test
  void aSymlinkedSpecFileNamedOnTheCommandLine_asAShellGlobWouldName_isNotRead()
      throws IOException {
    Files.delete(specs.resolve("kube-in.yaml"));
    Path link = Files.createSymbolicLink(specs.resolve("lnk.yaml"), outside.resolve("shadow"));
    for (String command : new String[] {"validate", "render", "plan"}) {
      Cli.Result r =
          command.equals("plan")
              ? Cli.run("plan", "--offline", link.toString())
              : Cli.run(command, link.toString());
      assertThat(r.exitCode()).as(command + ": " + r.err()).isIn(2, 3);
      assertThat(r.err())
          .as(command)
          .contains(
              "lnk.yaml: error path/outside-root: spec file is a symbolic link that leaves the spec root");
      assertNoSecret(r);
    }
    // a link that stays in the folder is read as usual
    Path inside =
        Files.createSymbolicLink(specs.resolve("alias.yaml"), specs.resolve("debian.yaml"));
    assertThat(Cli.run("validate", inside.toString()).exitCode()).isZero();
  }

  @Test
  void repositoriesOutsideTheRootAreRefusedInTheFileAndInSet() throws IOException {
    Files.delete(specs.resolve("kube-in.yaml"));
    Path spec = specs.resolve("debian.yaml");
    Files.writeString(spec, Files.readString(spec) + "repositories: [\"../../outside/shadow\"]\n");
    Cli.Result r =
        Cli.run(
            "render",
            spec.toString(),
            "--set",
            "kernel.version=6.1.0-56-amd64",
            "-o",
            tmp.resolve("ctx").toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err())
        .contains(
            "error path/outside-root: repository file '../../outside/shadow' leaves the spec root");
    assertThat(tmp.resolve("ctx")).doesNotExist();
    assertNoSecret(r);

    Files.copy(
        Path.of("../specs/debian.yaml"), spec, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Cli.Result set =
        Cli.run(
            "validate", spec.toString(), "--set", "repositories=[" + outsideAbs("shadow") + "]");
    assertThat(set.exitCode()).isEqualTo(3);
    assertThat(set.err())
        .contains("--set[1]:1:")
        .contains("error path/outside-root: repository file");
    assertNoSecret(set);
  }

  @Test
  void theShippedSpecsStillLoad() {
    assertThat(Cli.run("validate", "../specs").exitCode()).isEqualTo(0);
  }
}

package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {
  static final String DEBIAN = "../specs/debian.yaml";

  /**
   * The shipped Debian spec follows the archive; the golden files were rendered for this kernel.
   */
  static final String DEBIAN_KERNEL = "6.1.0-56-amd64";

  static final String CENTOS = "../specs/centos.yaml";
  static final Path GOLDEN = Path.of("../dtk-render/src/test/resources/golden");

  @Test
  void printsTheContainerfile_asTheGoldenFileHasIt() throws Exception {
    Cli.Result r =
        Cli.run("render", DEBIAN, "--kernel-version", DEBIAN_KERNEL, "--platform", "x86_64");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(Files.readString(GOLDEN.resolve("debian/x86_64/Containerfile")));
  }

  @Test
  void unpinnedKernelOffline_isASpecError_thatSaysHowToPin() {
    Cli.Result r = Cli.run("render", CENTOS, "--platform", "x86_64");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains("centos.yaml:16:3: error plan/unpinned-kernel")
        .contains("read no registry")
        .contains(
            "hint: pin it with --set centos:kernel.version=VERSION (or --kernel-version VERSION when it is the only spec given)")
        .contains("error plan/unpinned-fact")
        .contains("--fact compose=VALUE")
        .doesNotContain("an offline plan cannot look it up");
  }

  @Test
  void anUnresolvedVcsRef_namesTheOption() {
    Cli.Result r =
        Cli.run(
            "render",
            DEBIAN,
            "--kernel-version",
            DEBIAN_KERNEL,
            "--set",
            "labels.revision=${vcs.ref}");
    assertThat(r.exitCode())
        .as(r.err())
        .isEqualTo(3); // a --set value that cannot be rendered, like a bad spec value
    assertThat(r.err()).contains("'${vcs.ref}' has no value").contains("pass --vcs-ref REF");
    assertThat(
            Cli.run(
                    "render",
                    DEBIAN,
                    "--kernel-version",
                    DEBIAN_KERNEL,
                    "--set",
                    "labels.revision=${vcs.ref}",
                    "--vcs-ref",
                    "abc123")
                .exitCode())
        .isZero();
  }

  @Test
  void contextFiles_areCountedInGoodEnglish(@TempDir Path tmp) {
    Cli.Result r =
        Cli.run(
            "render", DEBIAN, "--kernel-version", DEBIAN_KERNEL, "-o", tmp.resolve("d").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .containsPattern("\\((1 context file|[02-9] context files|\\d\\d+ context files)\\)");
  }

  @Test
  void pinnedOnTheCommandLine_rendersWithVariants() {
    Cli.Result r =
        Cli.run(
            "render",
            CENTOS,
            "--platform",
            "x86_64",
            "--set",
            "kernel.version=5.14.0-570.el9",
            "--fact",
            "compose=CentOS-Stream-9-20240708.0",
            "--set",
            "kernel.variants.rt.enabled=true");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("COPY repos/compose.repo /etc/yum.repos.d/compose.repo")
        .contains("--enablerepo=rt kernel-rt-core-\"${KERNEL_VERSION}\"");
  }

  @Test
  void writesTheWholeContext_andReplacesOnlyItsOwnOutput(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("ctx");
    String[] args = {
      "render",
      CENTOS,
      "--platform",
      "aarch64",
      "--kernel-version",
      "5.14.0-570.el9",
      "--fact",
      "compose=CentOS-Stream-9-20240708.0",
      "-o",
      out.toString()
    };
    Cli.Result r = Cli.run(args);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("wrote " + out)
        .contains("centos/aarch64/5.14.0-570.el9")
        .contains("inputs sha256:");
    try (Stream<Path> s = Files.walk(out)) {
      assertThat(s.filter(Files::isRegularFile).map(p -> out.relativize(p).toString()).sorted())
          .containsExactly(
              ".dtk-render",
              "Containerfile",
              "context.json",
              "repos/compose-extras.repo",
              "repos/compose.repo");
    }
    assertThat(Cli.run(args).exitCode()).isZero();

    // a file the user added to dtk's output is never deleted by a re-render
    Files.writeString(out.resolve("NOTES.md"), "my notes");
    Files.createDirectories(out.resolve("repos")).resolve("local.repo").toFile().createNewFile();
    Cli.Result kept = Cli.run(args);
    assertThat(kept.exitCode()).as(kept.err()).isEqualTo(2);
    assertThat(kept.err())
        .contains("holds 2 files dtk render did not write")
        .contains("NOTES.md, repos/local.repo")
        .contains("move them out of " + out + ", or render to another directory");
    assertThat(Files.readString(out.resolve("NOTES.md"))).isEqualTo("my notes");
    Files.delete(out.resolve("NOTES.md"));
    Files.delete(out.resolve("repos/local.repo"));
    assertThat(Cli.run(args).exitCode()).isZero();

    Path foreign = Files.createDirectories(tmp.resolve("foreign"));
    Files.writeString(foreign.resolve("keep.txt"), "mine");
    args[args.length - 1] = foreign.toString();
    Cli.Result refused = Cli.run(args);
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("not written by dtk render");
    assertThat(Files.readString(foreign.resolve("keep.txt"))).isEqualTo("mine");
  }

  @Test
  void anOutputPathThatCannotBeUsed_isAUsageErrorNamingIt(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("plain-file"), "x");
    Cli.Result underFile =
        Cli.run(
            "render",
            DEBIAN,
            "--kernel-version",
            DEBIAN_KERNEL,
            "-o",
            file.resolve("sub").toString());
    assertThat(underFile.exitCode()).as(underFile.err()).isEqualTo(2);
    assertThat(underFile.err())
        .startsWith(
            "dtk: error: cannot write "
                + file.resolve("sub")
                + ": "
                + file
                + " exists and is not a directory\n")
        .doesNotContain("Exception");
    Cli.Result proc =
        Cli.run("render", DEBIAN, "--kernel-version", DEBIAN_KERNEL, "-o", "/proc/dtk-render-test");
    assertThat(proc.exitCode()).as(proc.err()).isEqualTo(2);
    assertThat(proc.err())
        .startsWith(
            "dtk: error: cannot write /proc/dtk-render-test: /proc does not allow creating files\n")
        .doesNotContain("Exception")
        .doesNotContain(".tmp-");
    Cli.Result empty = Cli.run("render", DEBIAN, "--kernel-version", DEBIAN_KERNEL, "-o", "");
    assertThat(empty.exitCode()).isEqualTo(2);
    assertThat(empty.err()).contains("'--output': the path is empty");
    Cli.Result blank = Cli.run("render", DEBIAN, "--kernel-version", DEBIAN_KERNEL, "-o", " ");
    assertThat(blank.exitCode()).isEqualTo(2);
    assertThat(blank.err()).contains("-o/--output is empty");
  }

  @Test
  void usageErrors_exit2() {
    assertThat(Cli.run("render", "../specs/nope.yaml").exitCode()).isEqualTo(2);
    Cli.Result dir = Cli.run("render", "../specs");
    assertThat(dir.exitCode()).isEqualTo(2);
    assertThat(dir.err())
        .contains("is a directory; render takes one spec file")
        .contains("dtk plan ../specs");
    Cli.Result platform =
        Cli.run("render", DEBIAN, "--kernel-version", DEBIAN_KERNEL, "--platform", "s390x");
    assertThat(platform.exitCode()).isEqualTo(2);
    assertThat(platform.err())
        .contains("does not build platform s390x")
        .contains("it builds x86_64");
    Cli.Result twoKernels =
        Cli.run("render", DEBIAN, "--kernel-version", "6.1.0-1-amd64,6.1.0-2-amd64");
    assertThat(twoKernels.exitCode()).isEqualTo(2);
    assertThat(twoKernels.err()).contains("choose one with --platform and --kernel-version");
    assertThat(
            Cli.run(
                    "render",
                    DEBIAN,
                    "--kernel-version",
                    DEBIAN_KERNEL,
                    "--templates",
                    "/nonexistent/dir")
                .exitCode())
        .isEqualTo(2);
    Cli.Result set =
        Cli.run("render", DEBIAN, "--kernel-version", DEBIAN_KERNEL, "--set", "novalue");
    assertThat(set.exitCode()).as(set.err()).isEqualTo(2);
    assertThat(Cli.run("render", "../specs/common.yaml").exitCode()).isEqualTo(2);
  }

  @Test
  void userTemplates_override(@TempDir Path tmp) throws Exception {
    Files.createDirectories(tmp.resolve("apt"));
    Files.writeString(
        tmp.resolve("apt/Containerfile.ftl"), "FROM [=from]\nRUN echo [=shq(name)]\n");
    Cli.Result r =
        Cli.run("render", DEBIAN, "--kernel-version", DEBIAN_KERNEL, "--templates", tmp.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("FROM docker.io/library/debian:bookworm\nRUN echo 'debian'\n");
    Files.writeString(tmp.resolve("apt/Containerfile.ftl"), "FROM [=from]\nRUN echo [=nme]\n");
    Cli.Result bad =
        Cli.run("render", DEBIAN, "--kernel-version", DEBIAN_KERNEL, "--templates", tmp.toString());
    assertThat(bad.exitCode()).isEqualTo(3);
    assertThat(bad.err())
        .contains("apt/Containerfile.ftl:2:")
        .contains("spec 'debian'")
        .contains("nme");
  }

  @Test
  void badLabelFromSet_pointsAtTheSetArgument() {
    Cli.Result r =
        Cli.run(
            "render",
            DEBIAN,
            "--kernel-version",
            DEBIAN_KERNEL,
            "--set",
            "labels.summary=a\nRUN id");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("--set[1]:1:").contains("label 'summary'").contains("newline");
    assertThat(r.out()).isEmpty();
    // a string value is the text as typed: quotes and a backslash-n stay, escaped for the LABEL
    Cli.Result typed =
        Cli.run(
            "render",
            DEBIAN,
            "--kernel-version",
            DEBIAN_KERNEL,
            "--set",
            "labels.summary=\"a\\nRUN id\"");
    assertThat(typed.exitCode()).as(typed.err()).isZero();
    assertThat(typed.out()).contains("summary=\"\\\"a\\\\nRUN id\\\"\"");
  }
}

package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile spec files through {@code dtk render}: each ends in a located error with the documented
 * exit code, no stack trace and no output directory, or (label values) in a Containerfile whose
 * LABEL gives the image exactly the value the spec holds.
 */
class HostileSpecsTest {
  @TempDir Path dir;

  private static final String BASE =
      """
      apiVersion: dtk/v1
      kind: DriverToolkit
      metadata: { name: x }
      baseImage: quay.io/centos/centos:stream9
      packageManager: dnf
      platforms: [x86_64]
      kernel: { version: 5.14.0-498.el9 }
      image: { registry: quay.io, name: driver-toolkit, tag: "${kernel.version}" }
      """;

  private Path write(String name, String text) throws IOException {
    return write(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.write(p, bytes);
  }

  /**
   * Renders {@code spec} to an output directory and checks that it failed cleanly with {@code
   * exit}.
   */
  private String refused(Path spec, int exit) {
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run("render", spec.toString(), "--platform", "x86_64", "-o", out.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(exit);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(out).doesNotExist();
    Cli.Result printed = Cli.run("render", spec.toString(), "--platform", "x86_64");
    assertThat(printed.exitCode()).isEqualTo(exit);
    assertThat(printed.out()).as("no Containerfile").isEmpty();
    return r.err();
  }

  @Test
  void aliasBomb() throws IOException {
    StringBuilder b =
        new StringBuilder(BASE)
            .append("labels: { a: x }\nx0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      b.append("x")
          .append(i)
          .append(": &a")
          .append(i)
          .append(" [")
          .append(("*a" + (i - 1) + ", ").repeat(9))
          .append("*a")
          .append(i - 1)
          .append("]\n");
    }
    String err = refused(write("bomb.yaml", b.toString()), 3);
    assertThat(err).containsPattern("bomb\\.yaml:\\d+:\\d+: error yaml/");
  }

  @Test
  void tenThousandDeepNesting() throws IOException {
    String err =
        refused(
            write(
                "deep.yaml",
                BASE + "labels: " + "{a: ".repeat(10_000) + "x" + "}".repeat(10_000) + "\n"),
            3);
    assertThat(err)
        .contains("deep.yaml:9:")
        .contains("error yaml/too-deep: nesting deeper than 64 levels");
  }

  @Test
  void fiftyMegabyteSpec() throws IOException {
    Path big = dir.resolve("big.yaml");
    try (OutputStream o = Files.newOutputStream(big)) {
      o.write(BASE.getBytes(StandardCharsets.UTF_8));
      byte[] line = ("# " + "x".repeat(1021) + "\n").getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 50 * 1024; i++) {
        o.write(line);
      }
    }
    assertThat(Files.size(big)).isGreaterThan(50L * 1024 * 1024);
    String err = refused(big, 3);
    assertThat(err)
        .contains(
            big
                + ": error yaml/too-large: file is "
                + Files.size(big)
                + " bytes; specs are limited to");
  }

  @Test
  void nulByte() throws IOException {
    String err = refused(write("nul.yaml", BASE.replace("name: x }", "name: x\u0000y }")), 3);
    assertThat(err).contains("nul.yaml:3:20: error yaml/binary: NUL byte");
  }

  @Test
  void invalidUtf8() throws IOException {
    byte[] text = (BASE + "labels: { a: \"?(\" }\n").getBytes(StandardCharsets.UTF_8);
    int at = new String(text, StandardCharsets.UTF_8).indexOf('?');
    text[at] = (byte) 0xC3;
    String err = refused(write("utf8.yaml", text), 3);
    assertThat(err).contains("utf8.yaml:9:15: error yaml/encoding: invalid UTF-8 byte 0xC3");
  }

  @Test
  void duplicateKey() throws IOException {
    String err = refused(write("dup.yaml", BASE + "platforms: [aarch64]\n"), 3);
    assertThat(err)
        .contains(
            "dup.yaml:9:1: error yaml/duplicate-key: duplicate key 'platforms' (first at line 6)");
  }

  @Test
  void extendsCycle() throws IOException {
    write("a.yaml", "apiVersion: dtk/v1\nkind: DriverToolkitDefaults\nextends: b.yaml\n");
    write("b.yaml", "apiVersion: dtk/v1\nkind: DriverToolkitDefaults\nextends: a.yaml\n");
    String err = refused(write("main.yaml", BASE + "extends: a.yaml\n"), 3);
    assertThat(err)
        .contains("a.yaml:3:10: error extends/cycle: extends cycle: ")
        .contains("b.yaml:3:10: error extends/cycle");
  }

  @Test
  void symlinkLoop_asTheSpec_andAsItsExtends() throws IOException {
    Files.createSymbolicLink(dir.resolve("l1.yaml"), Path.of("l2.yaml"));
    Files.createSymbolicLink(dir.resolve("l2.yaml"), Path.of("l1.yaml"));
    assertThat(refused(dir.resolve("l1.yaml"), 2))
        .contains("dtk: error: spec file " + dir.resolve("l1.yaml") + " is a symbolic link loop");
    String err = refused(write("main.yaml", BASE + "extends: l1.yaml\n"), 3);
    assertThat(err)
        .contains(
            "main.yaml:9:10: error path/outside-root: extends 'l1.yaml' is a symbolic link loop");
    Cli.Result v = Cli.run("validate", dir.resolve("l1.yaml").toString());
    assertThat(v.exitCode()).isEqualTo(2);
    assertThat(v.err()).contains("(it is a symbolic link loop)");
  }

  // ---- values: labels keep exactly their text, names that reach a shell or a registry are refused

  private static final List<String> HOSTILE =
      List.of(
          "a\\",
          "say \"hi\"",
          "it's",
          "$(id)",
          "`id`",
          "\u202Eevil\u202C",
          "\u2066x\u2069",
          "a\\nb",
          "tab\there",
          "${HOME}x");

  /** A YAML single-quoted scalar. */
  private static String sq(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  @Test
  void labelValues_reachTheImageExactly() throws IOException {
    StringBuilder labels = new StringBuilder("labels:\n");
    Map<String, String> expected = new LinkedHashMap<>();
    for (int i = 0; i < HOSTILE.size(); i++) {
      String v = HOSTILE.get(i).replace("${HOME}", "$${HOME}"); // a literal ${ is written $${
      labels.append("  l").append(i).append(": ").append(sq(v)).append('\n');
      expected.put("l" + i, HOSTILE.get(i));
    }
    labels.append("  arch: '${arch} #x'\n");
    expected.put("arch", "x86_64 #x");
    Path spec = write("labels.yaml", BASE + labels);
    Cli.Result r = Cli.run("render", spec.toString(), "--platform", "x86_64");
    assertThat(r.exitCode()).as(r.err()).isZero();
    Map<String, String> parsed = ContainerfileLabels.parse(r.out());
    assertThat(parsed).containsAllEntriesOf(expected);
    // and the same values given on the command line
    for (Map.Entry<String, String> e : expected.entrySet()) {
      if (e.getKey().equals("arch")) {
        continue;
      }
      String v = e.getValue().replace("${HOME}", "$${HOME}");
      Cli.Result s =
          Cli.run(
              "render",
              write("plain.yaml", BASE).toString(),
              "--platform",
              "x86_64",
              "--set",
              "labels.probe=" + v);
      assertThat(s.exitCode()).as(s.err()).isZero();
      assertThat(ContainerfileLabels.parse(s.out())).containsEntry("probe", e.getValue());
    }
  }

  @Test
  void labelValues_thatCannotBeWritten_areRefusedAtTheValue() throws IOException {
    assertThat(refused(write("nl.yaml", BASE + "labels: { a: \"one\\ntwo\" }\n"), 3))
        .contains("nl.yaml:9:14: error spec/label: label 'a' value 'one\\ntwo' contains a newline");
    assertThat(refused(write("unknown.yaml", BASE + "labels: { a: \"x${nope}\" }\n"), 3))
        .contains("unknown.yaml:9:16: error interpolation/unknown-name: unknown name '${nope}'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"a\\nb\"",
        "'a\\'",
        "'a\"b'",
        "'a''b'",
        "'a$(id)'",
        "'a`id`'",
        "'a${nope}'",
        "'a\u202Eb'",
        "'a;b'"
      })
  void packageNames_areRefusedAtTheName(String yaml) throws IOException {
    String err = refused(write("pkg.yaml", BASE + "packages: [gcc, " + yaml + "]\n"), 3);
    // at the name, or at the unknown reference inside it
    assertThat(err)
        .containsPattern(
            yaml.contains("${")
                ? "pkg\\.yaml:9:19: error interpolation/unknown-name"
                : "pkg\\.yaml:9:17: error (schema/pattern|spec/package)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"a\\nb\"",
        "'a\\'",
        "'a\"b'",
        "'a''b'",
        "'a$(id)'",
        "'a`id`'",
        "'a${nope}'",
        "'a\u202Eb'"
      })
  void imageTags_areRefusedAtTheTag(String yaml) throws IOException {
    String err =
        refused(write("tag.yaml", BASE.replace("tag: \"${kernel.version}\"", "tag: " + yaml)), 3);
    assertThat(err)
        .containsPattern(
            yaml.contains("${")
                ? "tag\\.yaml:8:58: error interpolation/unknown-name"
                : "tag\\.yaml:8:56: error (schema/pattern|spec/tag)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"a\\nb\"",
        "'a\\'",
        "'a\"b'",
        "'a''b'",
        "'a$(id)'",
        "'a`id`'",
        "'a${nope}'",
        "'a\u202Eb'"
      })
  void variantNames_areRefusedAtTheName(String yaml) throws IOException {
    String err =
        refused(
            write(
                "variant.yaml",
                BASE.replace(
                    "kernel: { version: 5.14.0-498.el9 }",
                    "kernel:\n  version: 5.14.0-498.el9\n  variants:\n    - { name: "
                        + yaml
                        + ", enabled: true, packages: [k] }")),
            3);
    assertThat(err)
        .containsPattern(
            yaml.contains("${")
                ? "variant\\.yaml:10:17: error interpolation/unknown-name"
                : "variant\\.yaml:10:15: error (schema/pattern|spec/variant)");
  }

  // ---- paths

  @Test
  void aSpecDirectoryWithNoSpecs() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(empty.resolve("notes.txt"), "x");
    for (String command : List.of("validate", "plan")) {
      Cli.Result r =
          command.equals("plan")
              ? Cli.run(command, "--offline", empty.toString())
              : Cli.run(command, empty.toString());
      assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
      assertThat(r.err())
          .contains("nothing to check: " + empty + " holds no spec files (*.yaml, *.yml)");
    }
  }

  @Test
  void aDirectoryWhereAFileIsExpected() throws IOException {
    Files.createDirectories(dir.resolve("x.yaml"));
    assertThat(refused(dir.resolve("x.yaml"), 2))
        .contains(
            "dtk: error: " + dir.resolve("x.yaml") + " is a directory; render takes one spec file");
    assertThat(refused(write("ext.yaml", BASE + "extends: x.yaml\n"), 3))
        .contains(
            "ext.yaml:9:10: error extends/not-found: extends 'x.yaml': "
                + dir.resolve("x.yaml")
                + " is a directory");
    assertThat(refused(write("repo.yaml", BASE + "repositories: [x.yaml]\n"), 3))
        .contains(
            "repo.yaml:9:16: error spec/repository-not-found: repository file 'x.yaml': "
                + dir.resolve("x.yaml")
                + " is a directory");
  }

  @Test
  void aPathUnderAFile() throws IOException {
    Path file = write("plain.yaml", BASE);
    assertThat(refused(file.resolve("x.yaml"), 2))
        .contains(
            "dtk: error: spec file "
                + file.resolve("x.yaml")
                + " is under "
                + file
                + ", which is not a directory");
  }

  /**
   * chmod 000 when not root; root reads any such file, so then /proc/self/mem stands in: a regular
   * file whose read fails (EIO) whoever reads it.
   */
  @Test
  void anUnreadableFile() throws IOException {
    Path spec;
    if (!"root".equals(System.getProperty("user.name"))) {
      spec = write("secret.yaml", BASE);
      Files.setPosixFilePermissions(spec, PosixFilePermissions.fromString("---------"));
      assumeTrue(!Files.isReadable(spec), "the file stayed readable");
    } else {
      spec = Path.of("/proc/self/mem");
      assumeTrue(Files.isRegularFile(spec), "no /proc/self/mem");
    }
    String err = refused(spec, 3);
    assertThat(err).contains(spec + ": error file/unreadable: cannot read the file: ");
  }

  @Test
  void aReportThatCannotBeWritten_isAUsageErrorBeforeAnyWork() throws IOException {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc");
    Cli.Result r = Cli.run("apply", "../specs", "--report", "/proc/dtk-report.json");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err())
        .contains("dtk: error: --report /proc/dtk-report.json: cannot create files in /proc (")
        .doesNotContain("cannot reach registry")
        .doesNotContain("Exception");
    if (!"root".equals(System.getProperty("user.name"))) {
      Path ro = Files.createDirectories(dir.resolve("ro"));
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
      Cli.Result rr = Cli.run("apply", "../specs", "--report", ro.resolve("r.json").toString());
      assertThat(rr.exitCode()).isEqualTo(2);
      assertThat(rr.err()).contains("cannot create files in " + ro);
    }
  }
}

package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code dtk validate} end to end through the real loader. Maven runs tests in the module
 * directory, so {@code ../specs} are the shipped specs and paths below are repository-relative to
 * the module.
 */
class ValidateCommandTest {
  private static final String SHIPPED = "../specs";
  private static final String VALID = "src/test/resources/specs/valid";
  private static final String INVALID = "src/test/resources/specs/invalid";
  private static final String UNKNOWN_KEY = INVALID + "/unknown-key.yaml";
  private static final String DUPLICATE_KEY = INVALID + "/duplicate-key.yaml";

  /**
   * GitHub wants paths relative to the repository root: where that is (the enclosing .git) depends
   * on the checkout, so find it the simple way.
   */
  private static final String IN_REPO = repoPrefix();

  private static String repoPrefix() {
    Path module = Path.of("").toAbsolutePath();
    for (Path d = module; d != null; d = d.getParent()) {
      if (Files.exists(d.resolve(".git"))) {
        String prefix = d.relativize(module).toString().replace('\\', '/');
        return prefix.isEmpty() ? "" : prefix + "/";
      }
    }
    return "";
  }

  private static JsonNode json(String s) {
    return JsonMapper.builder().build().readTree(s);
  }

  @Test
  void shippedSpecs_areValid() {
    var r = Cli.run("validate", SHIPPED);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).matches("\\d+ files valid\\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void validDirectory_exits0_andCountsItsFiles() {
    var r = Cli.run("validate", VALID);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("2 files valid\n");
  }

  @Test
  void unknownKey_isReportedAtItsLine_exit3() {
    var r = Cli.run("validate", UNKNOWN_KEY);
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err())
        .startsWith(
            UNKNOWN_KEY + ":8:1: error schema/additionalProperties: unknown key 'tgas'\n  hint: ")
        .endsWith("1 error in 1 of 1 file\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void everyFileIsReportedInOneRun_sortedByFile() {
    var r = Cli.run("validate", INVALID);
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err().lines().filter(l -> l.contains(": error ")).toList())
        .containsExactly(
            DUPLICATE_KEY
                + ":3:1: error yaml/duplicate-key: duplicate key 'kind' (first at line 2)",
            UNKNOWN_KEY + ":8:1: error schema/additionalProperties: unknown key 'tgas'");
    assertThat(r.err()).endsWith("2 errors in 2 of 2 files\n");
  }

  @Test
  void textOutput_hasNoColourWhenNotOnATerminal() {
    var r = Cli.run("validate", INVALID);
    assertThat(r.err()).doesNotContain("\u001B[");
  }

  @Test
  void json_reportsTheDocumentedShape() {
    var r = Cli.run("validate", "--format", "json", INVALID, VALID);
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).isEmpty();
    JsonNode root = json(r.out());
    assertThat(root.propertyNames())
        .containsExactly("valid", "files", "errors", "warnings", "diagnostics");
    assertThat(root.get("valid").asBoolean()).isFalse();
    assertThat(root.get("files").asInt()).isEqualTo(4);
    assertThat(root.get("errors").asInt()).isEqualTo(2);
    JsonNode d = root.get("diagnostics").get(1);
    assertThat(d.get("file").asString()).isEqualTo(UNKNOWN_KEY);
    assertThat(d.get("line").asInt()).isEqualTo(8);
    assertThat(d.get("column").asInt()).isEqualTo(1);
    assertThat(d.get("severity").asString()).isEqualTo("error");
    assertThat(d.get("code").asString()).isEqualTo("schema/additionalProperties");
    assertThat(d.get("hint").asString()).contains("allowed keys");
  }

  @Test
  void json_whenValid() {
    var r = Cli.run("validate", "--format=json", VALID);
    assertThat(r.exitCode()).isZero();
    assertThat(json(r.out()).get("valid").asBoolean()).isTrue();
    assertThat(json(r.out()).get("diagnostics").size()).isZero();
  }

  @Test
  void sarif_isWellFormed210_withRulesAndRegions() {
    var r = Cli.run("validate", "--format", "sarif", INVALID);
    assertThat(r.exitCode()).isEqualTo(3);
    JsonNode root = json(r.out());
    assertThat(root.get("version").asString()).isEqualTo("2.1.0");
    assertThat(root.get("$schema").asString()).endsWith("sarif-2.1.0.json");
    JsonNode run = root.get("runs").get(0);
    JsonNode rules = run.get("tool").get("driver").get("rules");
    assertThat(rules.valueStream().map(x -> x.get("id").asString()).toList())
        .containsExactly("schema/additionalProperties", "yaml/duplicate-key");
    JsonNode results = run.get("results");
    assertThat(results.size()).isEqualTo(2);
    JsonNode result = results.get(1);
    assertThat(result.get("ruleId").asString()).isEqualTo("schema/additionalProperties");
    assertThat(rules.get(result.get("ruleIndex").asInt()).get("id").asString())
        .isEqualTo("schema/additionalProperties");
    assertThat(result.get("level").asString()).isEqualTo("error");
    JsonNode location = result.get("locations").get(0).get("physicalLocation");
    assertThat(location.get("artifactLocation").get("uri").asString())
        .isEqualTo(IN_REPO + UNKNOWN_KEY);
    assertThat(location.get("artifactLocation").get("uriBaseId").asString()).isEqualTo("%SRCROOT%");
    assertThat(location.get("region").get("startLine").asInt()).isEqualTo(8);
    assertThat(location.get("region").get("startColumn").asInt()).isEqualTo(1);
  }

  @Test
  void sarif_isByteStableAcrossRuns() {
    String a = Cli.run("validate", "--format", "sarif", INVALID, SHIPPED).out();
    String b = Cli.run("validate", "--format", "sarif", INVALID, SHIPPED).out();
    assertThat(a).isEqualTo(b);
  }

  @Test
  void github_annotatesEachProblemAndSummarises() {
    var r = Cli.run("validate", "--format", "github", INVALID);
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.out().lines().toList())
        .containsExactly(
            "::error file="
                + IN_REPO
                + DUPLICATE_KEY
                + ",line=3,col=1,title=dtk yaml/duplicate-key::"
                + "duplicate key 'kind' (first at line 2)%0Ahint: remove one of them",
            r.out().lines().toList().get(1),
            "dtk validate: 2 errors in 2 of 2 files");
    assertThat(r.out().lines().toList().get(1))
        .startsWith(
            "::error file="
                + IN_REPO
                + UNKNOWN_KEY
                + ",line=8,col=1,title=dtk schema/additionalProperties::");
  }

  @Test
  void missingPath_isAUsageError_withAHint_andNoStackTrace() {
    var r = Cli.run("validate", "no/such/specs.yaml");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            """
        dtk: error: no such file or directory: no/such/specs.yaml
          hint: check the path; dtk validate takes spec files and directories of specs
        """);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void everyMissingPath_isNamedAtOnce() {
    var r = Cli.run("validate", "a.yaml", VALID, "b/");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("dtk: error: no such file or directory: a.yaml, b\n");
  }

  @Test
  void defaultPath_isSpecsInTheWorkingDirectory() {
    // the module directory has no specs/ of its own
    assertThat(Path.of("pom.xml")).exists();
    assertThat(Path.of("specs")).doesNotExist();
    var r = Cli.run("validate");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("dtk: error: no such file or directory: specs\n")
        .contains("hint: run dtk from the repository root");
  }

  @Test
  void badFormat_isAUsageError() {
    var r = Cli.run("validate", "--format", "xml", VALID);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("dtk: error: Invalid value for option '--format'")
        .contains("text, json, sarif, github");
  }

  @Test
  void set_passesThroughToTheLoader_andIsValidatedLikeTheFile() {
    var ok = Cli.run("validate", "--set", "kernel.version=6.1.0-27-amd64", VALID);
    assertThat(ok.exitCode()).as(ok.err()).isZero();

    var bad = Cli.run("validate", "--set", "platforms=[sparc]", VALID);
    assertThat(bad.exitCode()).isEqualTo(3);
    assertThat(bad.err()).startsWith("--set[1]:1:12: error schema/enum: ").contains("'sparc'");

    var scoped = Cli.run("validate", "--set", "nosuch:image.tag=x", VALID);
    assertThat(scoped.exitCode()).isEqualTo(2);
    assertThat(scoped.err()).contains("--set[1]:1:1: no spec named 'nosuch'");
  }

  @Test
  void set_isRepeatable() {
    var r =
        Cli.run("validate", "--set", "platforms=[sparc]", "--set", "kernel.version=latest", VALID);
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("--set[1]:").contains("--set[2]:");
  }

  @Test
  void malformedSet_isAUsageError() {
    var r = Cli.run("validate", "--set", "no-equals-sign", VALID);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            "dtk: error: bad --set argument: --set[1]:1:1: 'no-equals-sign' is not path=value\n")
        .contains("hint: ");
  }

  @Test
  void set_inSarif_isAConfigurationNotification_notAResultInAFile() {
    var r = Cli.run("validate", "--format", "sarif", "--set", "platforms=[sparc]", VALID);
    assertThat(r.exitCode()).isEqualTo(3);
    JsonNode run = json(r.out()).get("runs").get(0);
    assertThat(run.get("results").size()).isZero();
    JsonNode n = run.get("invocations").get(0).get("toolConfigurationNotifications").get(0);
    assertThat(n.get("message").get("text").asString()).startsWith("--set[1]:1:12: ");
    assertThat(n.get("associatedRule").get("id").asString()).isEqualTo("schema/enum");
  }

  @Test
  void hostileInput_isReportedWithoutAStackTrace(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("garbage.yaml"), new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10, 0});
    Files.writeString(
        dir.resolve("bomb.yaml"),
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            + "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n");
    Files.writeString(dir.resolve("deep.yaml"), "[".repeat(100_000));
    for (String format : List.of("text", "json", "sarif", "github")) {
      var r = Cli.run("validate", "--format", format, dir.toString());
      assertThat(r.exitCode()).as(format).isEqualTo(3);
      assertThat(r.out() + r.err())
          .as(format)
          .doesNotContain("\tat ")
          .doesNotContain("Exception")
          .contains("garbage.yaml")
          .contains("bomb.yaml")
          .contains("deep.yaml");
    }
  }

  @Test
  void verbose_namesTheLoadedSpecsOnStderr() {
    var r = Cli.run("validate", "-v", "--format", "json", VALID);
    assertThat(r.exitCode()).isZero();
    assertThat(r.err())
        .contains("dtk: loaded tiny (" + VALID + "/tiny.yaml)")
        .containsPattern("dtk: read 2 files in \\d+ ms");
    assertThat(json(r.out()).get("valid").asBoolean()).isTrue();
    assertThat(Cli.run("validate", "--format", "json", VALID).err()).isEmpty();
  }

  @Test
  void help_describesInterpolationLiterally() {
    assertThat(Cli.run("validate", "--help").out()).contains("${...}").doesNotContain("null");
  }
}

package dtk.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.Diagnostic;
import dtk.spec.Location;
import dtk.spec.Severity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The four report formats, fed with hand-made diagnostics. */
class ReportsTest {
  private static final Path BASE = Path.of("/repo");
  private static final ReportPaths PATHS = new ReportPaths(BASE);

  private static final Diagnostic UNKNOWN_KEY =
      Diagnostic.error(
          "schema/additionalProperties",
          new Location(Path.of("specs/centos.yaml"), 12, 3),
          "property 'tgas' is not defined in the schema",
          "did you mean 'tags'?");
  private static final Diagnostic DUPLICATE =
      Diagnostic.error(
          "yaml/duplicate-key",
          new Location(Path.of("specs/fedora.yaml"), 4, 1),
          "found duplicate key kernel");
  private static final Diagnostic EMPTY =
      Diagnostic.error(
          "yaml/empty",
          Location.ofFile(Path.of("specs/empty.yaml")),
          "the file is empty",
          "write a spec, or delete the file");
  private static final Diagnostic WARNING =
      new Diagnostic(
          Severity.WARNING,
          "schema/deprecated",
          new Location(Path.of("specs/centos.yaml"), 2, 1),
          "'compiler.gcc' is deprecated",
          null);

  private static final ValidationReport INVALID =
      new ValidationReport(List.of(UNKNOWN_KEY, DUPLICATE, EMPTY, WARNING), 5);
  private static final ValidationReport VALID = new ValidationReport(List.of(), 5);

  private static String render(BiConsumer<ValidationReport, PrintWriter> w, ValidationReport r) {
    StringWriter s = new StringWriter();
    PrintWriter out = new PrintWriter(s);
    w.accept(r, out);
    out.flush();
    return s.toString();
  }

  private static JsonNode parse(String json) {
    return JsonMapper.builder().build().readTree(json);
  }

  // --- summary -------------------------------------------------------------------------------

  @Test
  void summary_countsErrorsFilesAndWarnings() {
    assertThat(INVALID.summary()).isEqualTo("3 errors and 1 warning in 3 of 5 files");
    assertThat(new ValidationReport(List.of(UNKNOWN_KEY, UNKNOWN_KEY), 2).summary())
        .isEqualTo("2 errors in 1 of 2 files");
    assertThat(VALID.summary()).isEqualTo("5 files valid");
    assertThat(new ValidationReport(List.of(), 1).summary()).isEqualTo("1 file valid");
    assertThat(new ValidationReport(List.of(WARNING), 1).summary())
        .isEqualTo("1 file valid (1 warning)");
    assertThat(new ValidationReport(List.of(WARNING), 1).valid()).isTrue();
  }

  // --- text ----------------------------------------------------------------------------------

  @Test
  void text_printsFileLineColumnCodeMessageAndHint() {
    String out = render(new TextReport(false)::writeDiagnostics, INVALID);
    assertThat(out)
        .isEqualTo(
            """
        specs/centos.yaml:12:3: error schema/additionalProperties: property 'tgas' is not defined in the schema
          hint: did you mean 'tags'?
        specs/fedora.yaml:4:1: error yaml/duplicate-key: found duplicate key kernel
        specs/empty.yaml: error yaml/empty: the file is empty
          hint: write a spec, or delete the file
        specs/centos.yaml:2:1: warning schema/deprecated: 'compiler.gcc' is deprecated
        """);
  }

  @Test
  void text_withoutColour_hasNoEscapes_withColour_paintsOnlyFixedParts() {
    assertThat(render(new TextReport(false)::writeSummary, INVALID)).doesNotContain("\u001B");
    Diagnostic markup =
        Diagnostic.error(
            "x/y", new Location(Path.of("a.yaml"), 1, 1), "value @|bold,red boom|@", null);
    String coloured =
        render(new TextReport(true)::writeDiagnostics, new ValidationReport(List.of(markup), 1));
    assertThat(coloured).contains("\u001B[1;31merror\u001B[0m").contains("value @|bold,red boom|@");
    assertThat(render(new TextReport(true)::writeSummary, VALID))
        .isEqualTo("\u001B[1;32m5 files valid\u001B[0m\n");
  }

  // --- json ----------------------------------------------------------------------------------

  @Test
  void json_hasTheDocumentedShape() {
    String out = render(new JsonReport()::write, INVALID);
    JsonNode root = parse(out);
    assertThat(root.get("valid").asBoolean()).isFalse();
    assertThat(root.get("files").asInt()).isEqualTo(5);
    assertThat(root.get("errors").asInt()).isEqualTo(3);
    assertThat(root.get("warnings").asInt()).isEqualTo(1);
    JsonNode first = root.get("diagnostics").get(0);
    assertThat(first.propertyNames())
        .containsExactly("file", "line", "column", "severity", "code", "message", "hint");
    assertThat(first.get("file").asString()).isEqualTo("specs/centos.yaml");
    assertThat(first.get("line").asInt()).isEqualTo(12);
    assertThat(first.get("column").asInt()).isEqualTo(3);
    assertThat(first.get("severity").asString()).isEqualTo("error");
    assertThat(first.get("code").asString()).isEqualTo("schema/additionalProperties");
    assertThat(first.get("hint").asString()).isEqualTo("did you mean 'tags'?");
    assertThat(root.get("diagnostics").get(1).get("hint").isNull()).isTrue();
    assertThat(root.get("diagnostics").get(2).get("line").asInt()).isZero();
    assertThat(root.get("diagnostics").get(3).get("severity").asString()).isEqualTo("warning");
  }

  @Test
  void json_isByteStableAndPretty() {
    String a = render(new JsonReport()::write, INVALID);
    String b = render(new JsonReport()::write, INVALID);
    assertThat(a).isEqualTo(b).endsWith("}\n").doesNotContain("\r");
    assertThat(render(new JsonReport()::write, VALID))
        .isEqualTo(
            """
        {
          "valid": true,
          "files": 5,
          "errors": 0,
          "warnings": 0,
          "diagnostics": []
        }
        """);
  }

  @Test
  void json_escapesQuotesAndControlCharacters() {
    Diagnostic odd =
        Diagnostic.error(
            "yaml/syntax", new Location(Path.of("a \"b\".yaml"), 1, 2), "bad \"x\"\n\tnext", null);
    JsonNode root = parse(render(new JsonReport()::write, new ValidationReport(List.of(odd), 1)));
    assertThat(root.get("diagnostics").get(0).get("message").asString())
        .isEqualTo("bad \"x\"\n\tnext");
    assertThat(root.get("diagnostics").get(0).get("file").asString()).isEqualTo("a \"b\".yaml");
  }

  @Test
  void json_escapesC1BidiAndFormatCharacters_asUnicodeEscapes_andReadsBackAsWritten() {
    String message =
        "x\u001b[2J\u0085\u009b\u200e\u200f\u202a\u202e\u2066\u2069\u2028\u2029\ufeff \ud83d\ude00 \udb40\udc01";
    Diagnostic odd =
        Diagnostic.error("yaml/syntax", new Location(Path.of("a.yaml"), 1, 2), message, null);
    String json = render(new JsonReport()::write, new ValidationReport(List.of(odd), 1));
    assertThat(json)
        .contains(
            "x\\u001b[2J\\u0085\\u009b\\u200e\\u200f\\u202a\\u202e\\u2066\\u2069\\u2028\\u2029\\ufeff "
                + "\ud83d\ude00 \\udb40\\udc01");
    json.codePoints()
        .forEach(
            c ->
                assertThat(c == '\n' || !dtk.spec.Printable.needsEscape(c))
                    .as("raw U+%04X", c)
                    .isTrue());
    assertThat(parse(json).get("diagnostics").get(0).get("message").asString()).isEqualTo(message);
  }

  // --- sarif ---------------------------------------------------------------------------------

  @Test
  void sarif_isSarif210WithRulesResultsAndRegions() {
    JsonNode root = parse(render(new SarifReport(PATHS, "1.2.3")::write, INVALID));
    assertThat(root.get("$schema").asString())
        .isEqualTo("https://json.schemastore.org/sarif-2.1.0.json");
    assertThat(root.get("version").asString()).isEqualTo("2.1.0");
    assertThat(root.get("runs").size()).isEqualTo(1);
    JsonNode run = root.get("runs").get(0);
    JsonNode driver = run.get("tool").get("driver");
    assertThat(driver.get("name").asString()).isEqualTo("dtk");
    assertThat(driver.get("semanticVersion").asString()).isEqualTo("1.2.3");

    JsonNode rules = driver.get("rules");
    assertThat(rules.size()).isEqualTo(4);
    List<String> ids = rules.valueStream().map(r -> r.get("id").asString()).toList();
    assertThat(ids)
        .containsExactly(
            "schema/additionalProperties", "schema/deprecated", "yaml/duplicate-key", "yaml/empty");
    for (JsonNode rule : rules) {
      assertThat(rule.get("name").asString()).matches("[A-Z][A-Za-z0-9]+");
      for (String field : List.of("shortDescription", "fullDescription", "help")) {
        assertThat(rule.get(field).get("text").asString()).as(field).isNotBlank();
      }
    }
    assertThat(rules.get(2).get("name").asString()).isEqualTo("YamlDuplicateKey");

    JsonNode results = run.get("results");
    assertThat(results.size()).isEqualTo(4);
    for (JsonNode result : results) {
      int index = result.get("ruleIndex").asInt();
      assertThat(rules.get(index).get("id").asString()).isEqualTo(result.get("ruleId").asString());
      assertThat(result.get("message").get("text").asString()).isNotBlank();
    }
    JsonNode first = results.get(0);
    assertThat(first.get("level").asString()).isEqualTo("error");
    assertThat(first.get("message").get("text").asString())
        .isEqualTo("property 'tgas' is not defined in the schema Hint: did you mean 'tags'?");
    JsonNode loc = first.get("locations").get(0).get("physicalLocation");
    assertThat(loc.get("artifactLocation").get("uri").asString()).isEqualTo("specs/centos.yaml");
    assertThat(loc.get("artifactLocation").get("uriBaseId").asString()).isEqualTo("%SRCROOT%");
    assertThat(loc.get("region").get("startLine").asInt()).isEqualTo(12);
    assertThat(loc.get("region").get("startColumn").asInt()).isEqualTo(3);
    assertThat(results.get(3).get("level").asString()).isEqualTo("warning");
  }

  @Test
  void sarif_omitsTheRegionForAWholeFileProblem() {
    JsonNode root =
        parse(render(new SarifReport(PATHS, null)::write, new ValidationReport(List.of(EMPTY), 1)));
    JsonNode loc =
        root.get("runs")
            .get(0)
            .get("results")
            .get(0)
            .get("locations")
            .get(0)
            .get("physicalLocation");
    assertThat(loc.has("region")).isFalse();
    assertThat(loc.get("artifactLocation").get("uri").asString()).isEqualTo("specs/empty.yaml");
    assertThat(root.get("runs").get(0).get("tool").get("driver").has("semanticVersion")).isFalse();
  }

  @Test
  void sarif_urisAreRepoRelativeWithForwardSlashesAndEncoded() {
    Diagnostic abs =
        Diagnostic.error("yaml/syntax", new Location(Path.of("/repo/my specs/a.yaml"), 3, 4), "x");
    Diagnostic outside =
        Diagnostic.error("yaml/syntax", new Location(Path.of("/elsewhere/b.yaml"), 1, 1), "x");
    JsonNode results =
        parse(
                render(
                    new SarifReport(PATHS, null)::write,
                    new ValidationReport(List.of(abs, outside), 2)))
            .get("runs")
            .get(0)
            .get("results");
    JsonNode a =
        results.get(0).get("locations").get(0).get("physicalLocation").get("artifactLocation");
    assertThat(a.get("uri").asString()).isEqualTo("my%20specs/a.yaml");
    assertThat(a.get("uriBaseId").asString()).isEqualTo("%SRCROOT%");
    JsonNode b =
        results.get(1).get("locations").get(0).get("physicalLocation").get("artifactLocation");
    assertThat(b.get("uri").asString()).isEqualTo("file:///elsewhere/b.yaml");
    assertThat(b.has("uriBaseId")).isFalse();
  }

  @Test
  void paths_areRelativeToTheEnclosingRepository_evenFromASubdirectory(@TempDir Path tmp)
      throws IOException {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.createDirectories(repo.resolve(".git"));
    Path specs = Files.createDirectories(repo.resolve("specs"));
    ReportPaths fromSpecs = new ReportPaths(specs);
    assertThat(fromSpecs.relative(Path.of("centos.yaml"))).isEqualTo("specs/centos.yaml");
    assertThat(fromSpecs.relative(Path.of("../common.yaml"))).isEqualTo("common.yaml");
    // a worktree has a .git file, not a directory
    Path worktree = Files.createDirectories(tmp.resolve("wt"));
    Files.writeString(worktree.resolve(".git"), "gitdir: /elsewhere\n");
    assertThat(new ReportPaths(tmp).relative(worktree.resolve("specs/a.yaml")))
        .isEqualTo("specs/a.yaml");
    // no repository: relative to the working directory, or nothing outside it
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    assertThat(new ReportPaths(plain).relative(Path.of("x/a.yaml"))).isEqualTo("x/a.yaml");
    assertThat(new ReportPaths(plain).relative(Path.of("../elsewhere.yaml"))).isNull();
  }

  @Test
  void sarif_uriReferences_neverLookLikeASchemeAndEscapeWhatTheyMust() {
    assertThat(ReportPaths.uriReference("specs/a.yaml")).isEqualTo("specs/a.yaml");
    assertThat(ReportPaths.uriReference("c:d.yaml")).isEqualTo("./c:d.yaml");
    assertThat(ReportPaths.uriReference("specs/c:d.yaml")).isEqualTo("specs/c:d.yaml");
    assertThat(ReportPaths.uriReference("a b/#x%.yaml")).isEqualTo("a%20b/%23x%25.yaml");
    assertThat(ReportPaths.uriReference("ü.yaml")).isEqualTo("%C3%BC.yaml");
  }

  @Test
  void sarif_withNoDiagnostics_hasAnEmptyRunAndIsStable() {
    String a = render(new SarifReport(PATHS, "1.0.0")::write, VALID);
    assertThat(a).isEqualTo(render(new SarifReport(PATHS, "1.0.0")::write, VALID));
    JsonNode run = parse(a).get("runs").get(0);
    assertThat(run.get("results").size()).isZero();
    assertThat(run.get("tool").get("driver").get("rules").size()).isZero();
  }

  // --- github --------------------------------------------------------------------------------

  @Test
  void github_printsOneAnnotationPerDiagnosticAndASummary() {
    String out = render(new GithubReport(PATHS)::write, INVALID);
    assertThat(out)
        .isEqualTo(
            """
        ::error file=specs/centos.yaml,line=12,col=3,title=dtk schema/additionalProperties::property 'tgas' is not defined in the schema%0Ahint: did you mean 'tags'?
        ::error file=specs/fedora.yaml,line=4,col=1,title=dtk yaml/duplicate-key::found duplicate key kernel
        ::error file=specs/empty.yaml,title=dtk yaml/empty::the file is empty%0Ahint: write a spec, or delete the file
        ::warning file=specs/centos.yaml,line=2,col=1,title=dtk schema/deprecated::'compiler.gcc' is deprecated
        dtk validate: 3 errors and 1 warning in 3 of 5 files
        """);
  }

  @Test
  void github_escapesPercentNewlinesColonsAndCommas() {
    Diagnostic d =
        Diagnostic.error(
            "x/y",
            new Location(Path.of("/repo/specs/a,b:c%.yaml"), 1, 2),
            "100% wrong: a, b\r\nnext",
            null);
    String out = render(new GithubReport(PATHS)::write, new ValidationReport(List.of(d), 1));
    assertThat(out.lines().findFirst().orElseThrow())
        .isEqualTo(
            "::error file=specs/a%2Cb%3Ac%25.yaml,line=1,col=2,title=dtk x/y::100%25 wrong: a, b%0D%0Anext");
    assertThat(GithubReport.data("a%b\nc\rd:e,f")).isEqualTo("a%25b%0Ac%0Dd:e,f");
    assertThat(GithubReport.property("a%b\nc\rd:e,f")).isEqualTo("a%25b%0Ac%0Dd%3Ae%2Cf");
  }

  @Test
  void github_encodesCrLfAndPercentFirst_thenEscapesTheOtherControlAndFormatCharacters() {
    assertThat(GithubReport.data("50%\r\n::add-mask::x\u001b]0;t\u0007\u009b\u202e\u2028"))
        .isEqualTo("50%25%0D%0A::add-mask::x\\e]0;t\\x07\\x9b\\u202e\\u2028");
    Diagnostic d =
        Diagnostic.error(
            "x/y",
            new Location(Path.of("/repo/specs/a\u001b.yaml"), 1, 2),
            "v\n::error file=a::b\u0007",
            "h\u202e");
    String out = render(new GithubReport(PATHS)::write, new ValidationReport(List.of(d), 1));
    assertThat(out.lines().findFirst().orElseThrow())
        .isEqualTo(
            "::error file=specs/a\\e.yaml,line=1,col=2,title=dtk x/y::v%0A::error file=a::b\\x07%0Ahint: h\\u202e");
    assertThat(out.lines()).hasSize(2);
    out.codePoints()
        .forEach(
            c ->
                assertThat(c == '\n' || !dtk.spec.Printable.needsEscape(c))
                    .as("raw U+%04X", c)
                    .isTrue());
  }

  @Test
  void github_commandLineProblems_areAnnotationsWithoutAFile() {
    Diagnostic d =
        Diagnostic.error(
            "schema/enum",
            new Location(Path.of("--set[1]"), 1, 12),
            "platforms[0]: 'sparc' is not one of x86_64, aarch64",
            null);
    String out = render(new GithubReport(PATHS)::write, new ValidationReport(List.of(d), 1));
    assertThat(out.lines().findFirst().orElseThrow())
        .isEqualTo(
            "::error title=dtk schema/enum::--set[1]:1:12: platforms[0]: 'sparc' is not one of x86_64, aarch64");
  }

  // --- rule names ----------------------------------------------------------------------------

  @Test
  void ruleCatalog_describesEveryFamily() {
    for (String code :
        List.of(
            "yaml/syntax",
            "schema/type",
            "extends/cycle",
            "interpolation/unknown-name",
            "override/syntax",
            "file/not-found",
            "spec/duplicate-name",
            "spec/never-heard-of",
            "odd")) {
      RuleCatalog.Rule r = RuleCatalog.describe(code);
      assertThat(r.id()).isEqualTo(code);
      assertThat(r.name()).matches("[A-Z][A-Za-z0-9]*");
      assertThat(r.shortDescription()).isNotBlank();
      assertThat(r.fullDescription()).isNotBlank();
      assertThat(r.help()).isNotBlank();
    }
    assertThat(RuleCatalog.describe("schema/type").shortDescription()).contains("'type'");
    assertThat(RuleCatalog.words("duplicateKey")).isEqualTo("duplicate key");
    assertThat(RuleCatalog.describe("spec/duplicate-name").shortDescription())
        .isEqualTo("Two specs have the same metadata.name; target names must be unique.");
  }
}

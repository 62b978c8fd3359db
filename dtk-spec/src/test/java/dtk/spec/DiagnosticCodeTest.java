package dtk.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The diagnostic code catalog: complete, described, and the code list in docs/ generated from it.
 */
class DiagnosticCodeTest {
  private static final Path DOC = Path.of("../docs/diagnostic-codes.md");
  private static final Path SCHEMA = Path.of("../schemas/dtk-spec.schema.json");

  /** Schema keywords that hold sub-schemas or annotations and never fail by themselves. */
  private static final Set<String> NOT_VALIDATING =
      Set.of(
          "$defs",
          "$id",
          "$ref",
          "$schema",
          "default",
          "description",
          "else",
          "examples",
          "if",
          "items",
          "properties",
          "then",
          "title");

  @Test
  void everyCode_isFamilySlashName_unique_andDescribed() {
    Set<String> ids = new TreeSet<>();
    for (DiagnosticCode c : DiagnosticCode.values()) {
      assertThat(c.id()).matches("[a-z]+/[a-zA-Z0-9-]+").startsWith(c.family().id() + "/");
      assertThat(ids.add(c.id())).as("unique %s", c.id()).isTrue();
      assertThat(DiagnosticCode.of(c.id())).contains(c);
      DiagnosticCode.Description d = c.description();
      assertThat(d.shortDescription()).as(c.id()).isNotBlank().endsWith(".");
      assertThat(d.fullDescription()).as(c.id()).isNotBlank();
      assertThat(d.help()).as(c.id()).isNotBlank();
    }
    assertThat(DiagnosticCode.of("spec/never-heard-of")).isEmpty();
  }

  @Test
  void specRules_haveTheirOwnSentence_otherSpecCodesTheFamilyWording() {
    assertThat(DiagnosticCode.SPEC_DUPLICATE_NAME.description().shortDescription())
        .isEqualTo("Two specs have the same metadata.name; target names must be unique.");
    assertThat(DiagnosticCode.SPEC_LABEL.description().shortDescription())
        .isEqualTo("A spec breaks the rule 'label'.");
    assertThat(DiagnosticCode.describe("spec/never-heard-of").shortDescription())
        .isEqualTo("A spec breaks the rule 'never heard of'.");
  }

  @Test
  void everyKeywordTheSchemaValidatesWith_isCatalogued() throws IOException {
    Set<String> keywords = new TreeSet<>();
    collectKeywords(new ObjectMapper().readTree(Files.readString(SCHEMA)), false, keywords);
    keywords.removeAll(NOT_VALIDATING);
    assertThat(keywords).isNotEmpty().contains("additionalProperties", "pattern", "required");
    for (String k : keywords) {
      assertThat(DiagnosticCode.of(DiagnosticCode.schema(k)))
          .as("schema keyword '%s'", k)
          .isPresent();
    }
  }

  private static void collectKeywords(JsonNode n, boolean namesAreProperties, Set<String> out) {
    if (n.isObject()) {
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        if (!namesAreProperties) {
          out.add(e.getKey());
        }
        collectKeywords(
            e.getValue(),
            Set.of("properties", "$defs").contains(e.getKey()) && !namesAreProperties,
            out);
      }
    } else if (n.isArray()) {
      for (Iterator<JsonNode> it = n.iterator(); it.hasNext(); ) {
        collectKeywords(it.next(), false, out);
      }
    }
  }

  /**
   * Regenerate with {@code mvn -o test -pl dtk-spec -Dtest=DiagnosticCodeTest
   * -Ddtk.regenerate=true}.
   */
  @Test
  void docsList_isGeneratedFromTheCatalog() throws IOException {
    String expected = markdown();
    if (Boolean.getBoolean("dtk.regenerate")) {
      Files.writeString(DOC, expected);
    }
    assertThat(Files.readString(DOC)).isEqualTo(expected);
    for (DiagnosticCode c : DiagnosticCode.values()) {
      assertThat(Files.readString(DOC)).contains("| `" + c.id() + "` |");
    }
  }

  static String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("# Diagnostic codes\n\n")
        .append(
            "Every diagnostic dtk reports carries one of these codes (`FILE:LINE:COL: error CODE: message`);\n")
        .append(
            "SARIF rules use the same descriptions. Generated from `dtk-spec/src/main/java/dtk/spec/DiagnosticCode.java`\n")
        .append(
            "by `DiagnosticCodeTest` (run it with `-Ddtk.regenerate=true` after changing the catalog).\n");
    Map<DiagnosticCode.Family, java.util.List<DiagnosticCode>> byFamily =
        Stream.of(DiagnosticCode.values())
            .collect(
                Collectors.groupingBy(
                    DiagnosticCode::family,
                    () -> new java.util.EnumMap<>(DiagnosticCode.Family.class),
                    Collectors.toList()));
    byFamily.forEach(
        (family, codes) -> {
          b.append("\n## ")
              .append(family.id())
              .append("/\n\n")
              .append(DiagnosticCode.describe(family.id() + "/").help())
              .append("\n\n")
              .append("| code | meaning |\n|---|---|\n");
          for (DiagnosticCode c : codes) {
            b.append("| `")
                .append(c.id())
                .append("` | ")
                .append(c.description().shortDescription())
                .append(" |\n");
          }
        });
    return b.toString();
  }
}

package dtk.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The schema is strict and documented: editors show a description for every key. */
class SchemaFileTest {
  private static final Path SCHEMA = Path.of("../schemas/dtk-spec.schema.json");

  private static JsonNode schema() throws IOException {
    return JsonMapper.builder().build().readTree(Files.readString(SCHEMA));
  }

  @Test
  void everyProperty_hasADescription_andEveryObjectIsClosed() throws IOException {
    List<String> missing = new ArrayList<>();
    List<String> open = new ArrayList<>();
    walk(schema(), "", missing, open);
    assertThat(missing).as("properties without a description").isEmpty();
    assertThat(open)
        .as("objects with properties but without additionalProperties: false")
        .isEmpty();
  }

  /** A pattern error says what is allowed in words: every pattern of the schema has them. */
  @Test
  void everyPattern_isSaidInWords() throws IOException {
    List<String> patterns = new ArrayList<>();
    collectPatterns(schema(), patterns);
    assertThat(patterns).isNotEmpty();
    assertThat(patterns)
        .allSatisfy(
            p -> assertThat(dtk.spec.internal.SchemaDiagnostics.PATTERN_WORDS).containsKey(p));
  }

  private static void collectPatterns(JsonNode n, List<String> out) {
    if (n.isObject()) {
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        if (e.getKey().equals("pattern") && e.getValue().isString()) {
          out.add(e.getValue().asString());
        } else {
          collectPatterns(e.getValue(), out);
        }
      }
    } else if (n.isArray()) {
      n.forEach(x -> collectPatterns(x, out));
    }
  }

  private static void walk(JsonNode n, String path, List<String> missing, List<String> open) {
    if (n.isObject()) {
      JsonNode props = n.get("properties");
      boolean conditional = path.contains("/then") || path.contains("/if");
      if (props != null && props.isObject()) {
        for (Map.Entry<String, JsonNode> e : props.properties()) {
          if (!e.getValue().has("description")) {
            missing.add(path + "/properties/" + e.getKey());
          }
        }
        if (!conditional
            && !(n.has("additionalProperties")
                && n.get("additionalProperties").isBoolean()
                && !n.get("additionalProperties").asBoolean())) {
          open.add(path);
        }
      }
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        walk(e.getValue(), path + "/" + e.getKey(), missing, open);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        walk(n.get(i), path + "/" + i, missing, open);
      }
    }
  }

  @Test
  void theJarCarriesTheSameSchema() throws IOException {
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("schemas/dtk-spec.schema.json")) {
      assertThat(in).isNotNull();
      assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(SCHEMA));
    }
  }

  @Test
  void platformsAndDraft_areAsDocumented() throws IOException {
    JsonNode s = schema();
    assertThat(s.get("$schema").asString())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    List<String> platforms = new ArrayList<>();
    s.get("$defs").get("platform").get("enum").forEach(p -> platforms.add(p.asString()));
    assertThat(platforms).containsExactly("x86_64", "aarch64", "ppc64le", "s390x");
  }
}

package dtk.exec.testing;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates documents against the SPDX 2.3 JSON schema (vendored: see spdx-schema-2.3.README.md).
 */
public final class SpdxSchema {
  private static Schema schema;

  private SpdxSchema() {}

  /** The schema errors of {@code json}, empty when it is valid. */
  public static synchronized List<String> errors(byte[] json) {
    if (schema == null) {
      try (InputStream in = SpdxSchema.class.getResourceAsStream("spdx-schema-2.3.json")) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return schema.validate(JsonMapper.builder().build().readTree(json)).stream()
        .map(Object::toString)
        .toList();
  }
}

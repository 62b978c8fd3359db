package dtk.exec.registry.internal;

import dtk.exec.registry.RegistryException;
import dtk.spec.ImageRef;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading a registry's JSON answers: manifests, configs, tokens and its error bodies. */
public final class RegistryJson {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private RegistryJson() {}

  /** {@code body} as JSON; a registry that sent something else fails naming {@code what}. */
  public static JsonNode parse(byte[] body, ImageRef ref, String what) {
    try {
      return JSON.readTree(body);
    } catch (JacksonException e) {
      throw new RegistryException(
          "registry " + ref.registry() + " returned an unreadable " + what + " for " + ref,
          ref.registry(),
          "check that " + ref.registry() + " is a container registry",
          e);
    }
  }

  /**
   * The first error of a registry's error body ({@code code message}), or the body's text cut to
   * 200 characters, or "no details".
   */
  public static String errorDetail(byte[] body) {
    try {
      JsonNode e = JSON.readTree(body).path("errors").path(0);
      if (!e.isMissingNode()) {
        return e.path("code").stringValue("") + " " + e.path("message").stringValue("");
      }
    } catch (JacksonException notJson) {
      // fall through to the raw text
    }
    String s = new String(body, StandardCharsets.UTF_8).strip();
    return s.length() > 200 ? s.substring(0, 200) + "..." : s.isEmpty() ? "no details" : s;
  }
}

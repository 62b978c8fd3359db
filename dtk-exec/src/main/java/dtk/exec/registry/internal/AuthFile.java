package dtk.exec.registry.internal;

import dtk.exec.registry.RegistryException;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Basic credentials from a containers auth file ({@code auth.json}: {@code --authfile}, {@code
 * REGISTRY_AUTH_FILE}, or podman's default), read once, on first use; thread-safe.
 */
public final class AuthFile {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final Supplier<Path> file;
  private volatile Map<String, String> credentials;

  /**
   * @param file finds the auth file on first use, or gives {@code null} for none
   */
  public AuthFile(Supplier<Path> file) {
    this.file = file;
  }

  /** base64 {@code user:password} for the registry from the auth file, if it has an entry. */
  public Optional<String> basic(ImageRef ref) {
    Map<String, String> creds = credentials();
    String key = ref.registry() + "/" + ref.repository();
    while (true) { // containers' auth.json may hold per-namespace entries: longest match first
      if (creds.containsKey(key)) {
        return Optional.of(creds.get(key));
      }
      int slash = key.lastIndexOf('/');
      if (slash < 0) {
        break;
      }
      key = key.substring(0, slash);
    }
    for (String k :
        List.of(ref.registry(), "https://" + ref.registry(), "http://" + ref.registry())) {
      if (creds.containsKey(k)) {
        return Optional.of(creds.get(k));
      }
    }
    if (ref.registry().equals("docker.io")) {
      return Optional.ofNullable(creds.get("https://index.docker.io/v1/"));
    }
    return Optional.empty();
  }

  private Map<String, String> credentials() {
    Map<String, String> c = credentials;
    if (c == null) {
      c = read(file.get());
      credentials = c;
    }
    return c;
  }

  private Map<String, String> read(Path file) {
    Map<String, String> out = new LinkedHashMap<>();
    if (file == null) {
      return out;
    }
    try {
      JsonNode root = JSON.readTree(Files.readAllBytes(file));
      for (Map.Entry<String, JsonNode> e : root.path("auths").properties()) {
        String auth = e.getValue().path("auth").stringValue(null);
        if (auth != null && !auth.isEmpty()) {
          out.put(e.getKey().replaceFirst("/+$", ""), auth);
          out.put(e.getKey(), auth);
        }
      }
      return out;
    } catch (IOException | JacksonException e) {
      throw new RegistryException(
          "cannot read auth file " + file + ": " + e.getMessage(),
          "",
          "check the file (containers auth.json format: {\"auths\": {\"REGISTRY\": {\"auth\": \"base64(user:password)\"}}})",
          e);
    }
  }
}

package dtk.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How to reach registries, shared by push and inspection.
 *
 * @param tlsVerify {@code false} talks plain HTTP (a local test registry), like {@code --tls-verify=false}
 * @param authfile credentials in containers' auth.json format, or {@code null} for the default locations
 */
public record RegistryOptions(boolean tlsVerify, Path authfile) {
  public static final RegistryOptions DEFAULT = new RegistryOptions(true, null);

  /**
   * The auth file to read: the explicit one, else {@code REGISTRY_AUTH_FILE}, else
   * {@code $XDG_RUNTIME_DIR/containers/auth.json}, else {@code ~/.docker/config.json}; {@code null}
   * when none exists.
   */
  public Path effectiveAuthfile(Map<String, String> env) {
    if (authfile != null) {
      return authfile;
    }
    String f = env.get("REGISTRY_AUTH_FILE");
    if (f != null && !f.isBlank()) {
      return Path.of(f);
    }
    String xdg = env.get("XDG_RUNTIME_DIR");
    if (xdg != null && !xdg.isBlank() && Files.isRegularFile(Path.of(xdg, "containers", "auth.json"))) {
      return Path.of(xdg, "containers", "auth.json");
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    if (home != null && Files.isRegularFile(Path.of(home, ".docker", "config.json"))) {
      return Path.of(home, ".docker", "config.json");
    }
    return null;
  }
}

package dtk.exec.registry;

import dtk.exec.http.HttpLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach registries, shared by push and inspection.
 *
 * @param tlsVerify {@code false} talks plain HTTP (a local test registry), like {@code
 *     --tls-verify=false}
 * @param authfile credentials in containers' auth.json format, or {@code null} for the default
 *     locations
 * @param timeout the overall deadline of each registry request dtk makes itself ({@code
 *     --timeout}); the connect and read timeouts follow from it ({@link HttpLimits#of})
 */
public record RegistryOptions(boolean tlsVerify, Path authfile, Duration timeout) {
  /**
   * The most of a manifest or index dtk reads (containers/image's limit too); a larger one is an
   * error.
   */
  public static final long MAX_MANIFEST_BYTES = 4L * 1024 * 1024;

  /** The most of an image config blob dtk reads. */
  public static final long MAX_CONFIG_BYTES = 4L * 1024 * 1024;

  /** The most of a token service's answer dtk reads. */
  public static final long MAX_TOKEN_BYTES = 1024L * 1024;

  /** The default of {@code --timeout}. */
  public static final Duration DEFAULT_TIMEOUT = HttpLimits.DEFAULT_DEADLINE;

  public static final RegistryOptions DEFAULT = new RegistryOptions(true, null);

  public RegistryOptions {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  /** With the default timeout. */
  public RegistryOptions(boolean tlsVerify, Path authfile) {
    this(tlsVerify, authfile, DEFAULT_TIMEOUT);
  }

  /** The connect, read and overall timeouts of one request. */
  public HttpLimits limits() {
    return HttpLimits.of(timeout);
  }

  /**
   * The auth file to read: the explicit one, else {@code REGISTRY_AUTH_FILE}, else {@code
   * $XDG_RUNTIME_DIR/containers/auth.json}, else {@code ~/.docker/config.json}; {@code null} when
   * none exists.
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
    if (xdg != null
        && !xdg.isBlank()
        && Files.isRegularFile(Path.of(xdg, "containers", "auth.json"))) {
      return Path.of(xdg, "containers", "auth.json");
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    if (home != null && Files.isRegularFile(Path.of(home, ".docker", "config.json"))) {
      return Path.of(home, ".docker", "config.json");
    }
    return null;
  }
}

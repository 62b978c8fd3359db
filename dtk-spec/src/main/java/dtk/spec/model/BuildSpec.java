package dtk.spec.model;

import java.util.List;
import java.util.Map;

/**
 * {@code build:}: build arguments, secrets, the optional non-root user, and whether to write {@code
 * /etc/driver-toolkit-release.json} (+ {@code .sh}).
 *
 * @param user the non-root user, or {@code null}
 */
public record BuildSpec(
    Map<String, String> args, List<SecretSpec> secrets, UserSpec user, boolean releaseFile) {
  public BuildSpec {
    args = Copies.map(args);
    secrets = Copies.list(secrets);
  }
}

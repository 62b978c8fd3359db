package dtk.spec.model;

import java.util.Objects;

/**
 * A build secret, mounted only into the RUN steps that use it, never in a layer, label or log.
 * Exactly one of {@code env} and {@code file} is set.
 *
 * <pre>{ id: rhsm-org, env: RHSM_ORG }</pre>
 */
public record SecretSpec(String id, String env, String file) {
  public SecretSpec {
    Objects.requireNonNull(id, "id");
    if ((env == null) == (file == null)) {
      throw new IllegalArgumentException("secret " + id + ": exactly one of env and file");
    }
  }
}

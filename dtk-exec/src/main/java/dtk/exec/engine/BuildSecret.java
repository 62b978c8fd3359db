package dtk.exec.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A secret mounted into the build's {@code RUN --mount=type=secret,id=ID} steps, from an
 * environment variable or a file; never in a layer, label or log.
 */
public record BuildSecret(String id, String env, Path file) {
  public BuildSecret {
    Objects.requireNonNull(id, "id");
    if ((env == null) == (file == null)) {
      throw new IllegalArgumentException("secret " + id + ": exactly one of env and file");
    }
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "secret id '" + id + "' must be letters, digits, '.', '_', '-'");
    }
  }

  public static BuildSecret fromEnv(String id, String env) {
    return new BuildSecret(id, env, null);
  }

  public static BuildSecret fromFile(String id, Path file) {
    return new BuildSecret(id, null, file);
  }
}

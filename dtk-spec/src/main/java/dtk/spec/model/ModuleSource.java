package dtk.spec.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One driver source of {@code verify.modules}:
 *
 * <pre>{@code
 * - path: drivers/v4l2loopback                 # a directory next to the spec
 * - git: https://example.org/driver.git        # or a git URL and a ref
 *   ref: v1.2.3
 *   required: false                            # reported, does not block the push
 *   timeout: 600                               # seconds for PRE_BUILD + MAKE
 * }</pre>
 *
 * @param path the directory, resolved against the spec file that names it (null with git)
 * @param git the git URL (null with path)
 * @param ref the git ref (null with path)
 * @param written what the spec wrote ({@code drivers/v4l2loopback} or the URL): the module's name
 *     in messages
 */
public record ModuleSource(
    Path path, String git, String ref, boolean required, int timeoutSeconds, String written) {
  /** The default of {@code timeout}. */
  public static final int DEFAULT_TIMEOUT = 1200;

  public ModuleSource {
    if ((path == null) == (git == null)) {
      throw new IllegalArgumentException("a module source is a path or a git URL");
    }
    Objects.requireNonNull(written, "written");
    if (timeoutSeconds <= 0) {
      throw new IllegalArgumentException("timeout must be positive: " + timeoutSeconds);
    }
  }

  /** A directory, required, with the default timeout. */
  public static ModuleSource ofPath(Path path) {
    return new ModuleSource(path, null, null, true, DEFAULT_TIMEOUT, path.toString());
  }

  public boolean isGit() {
    return git != null;
  }
}

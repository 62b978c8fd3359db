package dtk.exec.engine;

import dtk.exec.engine.internal.BuildahEngine;
import dtk.exec.engine.internal.DockerEngine;
import dtk.exec.engine.internal.PodmanEngine;
import dtk.exec.process.ProcessRunner;
import java.util.List;
import java.util.Locale;

/** Chooses a {@link ContainerEngine} by name. */
public final class ContainerEngines {
  /** The engine names {@link #create} accepts. */
  public static final List<String> NAMES = List.of("podman", "buildah", "docker");

  private ContainerEngines() {}

  /**
   * The engine called {@code name}; throws {@link IllegalArgumentException} naming the choices for
   * an unknown one (a usage error).
   */
  public static ContainerEngine create(String name, ProcessRunner runner) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "podman":
        return new PodmanEngine(runner);
      case "buildah":
        return new BuildahEngine(runner);
      case "docker":
        return new DockerEngine(runner);
      default:
        throw new IllegalArgumentException(
            "unknown engine '" + name + "': choose one of " + String.join(", ", NAMES));
    }
  }
}

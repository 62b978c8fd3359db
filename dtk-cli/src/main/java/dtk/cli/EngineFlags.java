package dtk.cli;

import dtk.exec.build.StateStore;
import dtk.exec.engine.ContainerEngine;
import dtk.exec.engine.ContainerEngines;
import dtk.exec.process.ProcessRunner;
import dtk.exec.registry.RegistryOptions;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which engine, how to reach registries and where build records live: what {@code build}, {@code
 * push}, {@code apply} and online {@code plan} share, added with {@code @Mixin}. The options of the
 * engine's build itself are {@link BuildFlags}.
 */
public class EngineFlags {
  @Option(
      names = "--engine",
      paramLabel = "ENGINE",
      defaultValue = "podman",
      description =
          "Container engine: podman, buildah or docker (default: ${DEFAULT-VALUE}). Makefile: CONTAINER_TOOL.")
  String engine;

  @Mixin RegistryFlags registryFlags;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      defaultValue = ".dtk/state",
      description =
          "Build records (what build made, for push), the lock files of dtk apply and the build contexts (DIR/contexts); dtk writes nothing next to DIR (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  RegistryOptions registry() {
    return registryFlags.registry();
  }

  ContainerEngine engine() {
    try {
      return ContainerEngines.create(engine, ProcessRunner.local());
    } catch (IllegalArgumentException e) {
      throw CommandException.usage(
          e.getMessage(), "pass --engine podman, --engine buildah or --engine docker");
    }
  }

  StateStore state() {
    return new StateStore(stateDir);
  }
}

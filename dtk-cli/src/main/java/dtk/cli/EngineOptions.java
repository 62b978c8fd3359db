package dtk.cli;

import dtk.exec.ContainerEngine;
import dtk.exec.ContainerEngines;
import dtk.exec.ImageBuilder;
import dtk.exec.ProcessRunner;
import dtk.exec.PullPolicy;
import dtk.exec.RegistryOptions;
import dtk.exec.StateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How {@code build}, {@code push} and online {@code plan} reach engines and registries, added with {@code @Mixin}. */
public class EngineOptions {
  enum Pull { missing, never, always }

  @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "podman",
      description = "Container engine: podman, buildah or docker (default: ${DEFAULT-VALUE}). Makefile: CONTAINER_TOOL.")
  String engine;

  @Option(names = "--engine-arg", paramLabel = "ARG",
      description = "Extra argument for the engine's build, e.g. --engine-arg=--isolation=chroot (repeatable; write it with '=').")
  List<String> engineArgs = new ArrayList<>();

  @Mixin RegistryFlags registryFlags;

  @Option(names = "--pull", paramLabel = "POLICY", defaultValue = "missing",
      description = "Pull the base image: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Pull pull;

  @Option(names = "--no-cache", description = "Build without the engine's layer cache.")
  boolean noCache;

  @Option(names = "--allow-inherited-labels",
      description = "With docker, which cannot remove labels: keep the base image's labels that the spec unsets instead of failing.")
  boolean allowInheritedLabels;

  @Option(names = "--log-dir", paramLabel = "DIR", defaultValue = ".dtk/logs",
      description = "One engine log per target (default: ${DEFAULT-VALUE}).")
  Path logDir;

  @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".dtk/state",
      description = "Build records (what build made, for push) and the lock files of dtk apply (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  RegistryOptions registry() {
    return registryFlags.registry();
  }

  ContainerEngine engine() {
    try {
      return ContainerEngines.create(engine, ProcessRunner.local());
    } catch (IllegalArgumentException e) {
      throw CommandException.usage(e.getMessage(), "pass --engine podman, --engine buildah or --engine docker");
    }
  }

  StateStore state() {
    return new StateStore(stateDir);
  }

  ImageBuilder.Options buildOptions() {
    Path work = stateDir.toAbsolutePath().getParent() == null ? Path.of(".dtk") : stateDir.toAbsolutePath().getParent();
    return new ImageBuilder.Options(work, logDir, PullPolicy.valueOf(pull.name().toUpperCase(java.util.Locale.ROOT)),
        engineArgs, allowInheritedLabels, noCache, registry());
  }
}

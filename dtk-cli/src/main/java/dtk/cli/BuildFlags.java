package dtk.cli;

import dtk.exec.build.ImageBuilder;
import dtk.exec.engine.PullPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * How {@code build} and {@code apply} run the engine's build, added with {@code @Mixin} next to
 * {@link EngineFlags}. {@code plan} accepts them too, so that an apply command line can be planned
 * unchanged; it builds nothing and ignores them.
 */
public class BuildFlags {
  enum Pull {
    missing,
    never,
    always
  }

  @Option(
      names = "--engine-arg",
      paramLabel = "ARG",
      description =
          "Extra argument for the engine's build, e.g. --engine-arg=--isolation=chroot (repeatable; write it with '=').")
  List<String> engineArgs = new ArrayList<>();

  @Option(
      names = "--pull",
      paramLabel = "POLICY",
      defaultValue = "missing",
      description = "Pull the base image: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Pull pull;

  @Option(names = "--no-cache", description = "Build without the engine's layer cache.")
  boolean noCache;

  @Option(
      names = "--allow-inherited-labels",
      description =
          "With docker, which cannot remove labels: keep the base image's labels that the spec unsets instead of failing.")
  boolean allowInheritedLabels;

  @Option(
      names = "--log-dir",
      paramLabel = "DIR",
      defaultValue = ".dtk/logs",
      description = "One engine log per target (default: ${DEFAULT-VALUE}).")
  Path logDir;

  ImageBuilder.Options buildOptions(EngineFlags engine) {
    // everything dtk writes for a build stays under --state-dir: records, locks and contexts/
    Path work = engine.stateDir.toAbsolutePath();
    return new ImageBuilder.Options(
        work,
        logDir,
        PullPolicy.valueOf(pull.name().toUpperCase(Locale.ROOT)),
        engineArgs,
        allowInheritedLabels,
        noCache,
        engine.registry());
  }
}

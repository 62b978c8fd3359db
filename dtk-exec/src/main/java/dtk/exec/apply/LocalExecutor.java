package dtk.exec.apply;

import dtk.exec.BuildRequest;
import dtk.exec.BuildResult;
import dtk.exec.ContainerEngine;
import dtk.exec.ExecException;
import dtk.exec.ImageRef;
import dtk.exec.Invocation;
import dtk.exec.Platform;
import dtk.exec.ProcessResult;
import dtk.exec.ProcessRunner;
import dtk.exec.RegistryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds targets on this machine: render the context, build with the {@link ContainerEngine},
 * check the image's architecture, verify, push; and publishes indexes with the engine's manifest
 * commands. Each target's engine output goes to {@code <logDir>/<target>.log}.
 */
public final class LocalExecutor implements TargetExecutor {

  /** Writes a target's build context under {@code workDir} and says how to build and verify it. */
  @FunctionalInterface
  public interface Preparer {
    Prepared prepare(ApplyTarget target, Path workDir) throws IOException;
  }

  /**
   * A rendered target.
   *
   * @param build the build request: context, Containerfile, tag (the target's image reference),
   *     platform, args, labels (with {@link ApplyTarget#INPUTS_DIGEST_LABEL}), unset labels
   * @param verify run {@link ImageVerifier} before pushing
   * @param canary compile the canary module when verifying
   */
  public record Prepared(BuildRequest build, boolean verify, boolean canary) {
    public Prepared {
      Objects.requireNonNull(build, "build");
    }
  }

  private final ContainerEngine engine;
  private final ProcessRunner runner;
  private final Preparer preparer;
  private final ImageVerifier verifier;
  private final RegistryOptions registry;
  private final List<String> engineArgs;
  private final Path workDir;
  private final Path logDir;

  /**
   * @param engineArgs passed to every build (e.g. {@code --isolation=chroot})
   * @param workDir where contexts are rendered (one directory per target, removed after a success)
   * @param logDir where each target's log is kept
   */
  public LocalExecutor(ContainerEngine engine, ProcessRunner runner, Preparer preparer, RegistryOptions registry,
      List<String> engineArgs, Path workDir, Path logDir) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.preparer = Objects.requireNonNull(preparer, "preparer");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.engineArgs = List.copyOf(engineArgs);
    // absolute: engines run with the context as working directory
    this.workDir = workDir.toAbsolutePath().normalize();
    this.logDir = logDir.toAbsolutePath().normalize();
    // buildah shares podman's storage; its images are verified with podman
    String inspector = engine.name().equals("docker") ? "docker" : "podman";
    this.verifier = new ImageVerifier(runner, inspector, engineArgs, Duration.ofHours(1));
  }

  @Override
  public Optional<Path> logFile(ApplyTarget target) {
    return Optional.of(logDir.resolve(TargetLog.fileName(target.id())));
  }

  @Override
  public String execute(ApplyTarget target, Progress progress) throws TargetFailedException, InterruptedException {
    Path dir = workDir.resolve(TargetLog.fileName(target.id()).replaceFirst("\\.log$", ""));
    String stage = "render";
    try (TargetLog log = new TargetLog(logFile(target).orElseThrow())) {
      try {
        progress.stage(stage);
        log.note("render " + target.id() + " into " + dir);
        deleteTree(dir);
        Files.createDirectories(dir);
        Prepared prepared = preparer.prepare(target, dir.resolve("context"));
        BuildRequest request = withLog(prepared.build(), log);
        if (!request.tag().equals(target.image())) {
          throw new IllegalStateException("the build tag " + request.tag() + " is not the target's image " + target.image());
        }

        stage = "build";
        progress.stage(stage);
        log.note("build " + target.image() + " for " + request.platform().oci());
        BuildResult built = engine.build(request);
        built.notes().forEach(n -> log.note(n));
        String arch = architecture(built.imageId(), log);
        if (arch != null && !Platform.of(arch).arch().equals(Platform.of(target.arch()).arch())) {
          // podman 4.3: with identical base layers the layer cache can hand back the image of another arch
          log.note("the engine returned a " + arch + " image for " + target.arch() + " (layer cache); rebuilding without cache");
          built = engine.build(copyNoCache(request));
          arch = architecture(built.imageId(), log);
          if (arch != null && !Platform.of(arch).arch().equals(Platform.of(target.arch()).arch())) {
            throw new TargetFailedException(stage, "built an image for " + arch + ", not " + target.arch()
                + " (is qemu-user-static registered for foreign architectures?)", log.file(), log.tail(20), null);
          }
        }

        if (prepared.verify()) {
          stage = "verify";
          progress.stage(stage);
          log.note("verify " + built.imageId() + (prepared.canary() ? " (with canary module)" : ""));
          Path scratch = Files.createDirectories(dir.resolve("verify"));
          ImageVerifier.Result result = verifier.verify(built.imageId(), target.arch(), target.kernelVersion(),
              prepared.canary(), scratch, log);
          result.checks().forEach(c -> log.note("verify " + c.name() + ": " + (c.ok() ? "ok, " : "FAILED, ") + c.detail()));
          if (!result.ok()) {
            throw new TargetFailedException(stage, result.failures() + "; not pushed", log.file(), log.tail(20), null);
          }
        }

        stage = "push";
        progress.stage(stage);
        log.note("push " + target.image());
        String digest = engine.push(request.tag(), ImageRef.parse(target.image()), registry, log);
        log.note("pushed " + target.image() + "@" + digest);
        deleteTree(dir);
        return digest;
      } catch (ExecException e) {
        log.note(stage + " failed: " + e.describe());
        throw new TargetFailedException(stage, firstLine(e.getMessage()), log.file(), log.tail(20), e);
      } catch (IOException | UncheckedIOException e) {
        log.note(stage + " failed: " + e.getMessage());
        throw new TargetFailedException(stage, String.valueOf(e.getMessage()), log.file(), log.tail(20), e);
      } catch (IllegalArgumentException | IllegalStateException e) {
        log.note(stage + " failed: " + e.getMessage());
        throw new TargetFailedException(stage, String.valueOf(e.getMessage()), log.file(), log.tail(20), e);
      }
    } catch (IOException e) {
      throw new TargetFailedException(stage, "cannot write the log in " + logDir + ": " + e.getMessage());
    }
  }

  @Override
  public String publishIndex(String index, List<IndexMember> members, Progress progress)
      throws TargetFailedException, InterruptedException {
    Path file = logDir.resolve("index-" + TargetLog.fileName(index));
    try (TargetLog log = new TargetLog(file)) {
      try {
        progress.stage("index");
        List<ImageRef> refs = members.stream().map(m -> {
          ImageRef r = ImageRef.parse(m.image());
          return new ImageRef(r.registry(), r.repository(), null, m.digest());
        }).toList();
        log.note("publish " + index + " from " + refs);
        String digest = engine.pushIndex(ImageRef.parse(index), refs, registry, log);
        log.note("pushed " + index + "@" + digest);
        return digest;
      } catch (ExecException | IllegalArgumentException e) {
        log.note("index failed: " + e.getMessage());
        throw new TargetFailedException("index", firstLine(e.getMessage()), file, log.tail(20), e);
      }
    } catch (IOException e) {
      throw new TargetFailedException("index", "cannot write the log " + file + ": " + e.getMessage());
    }
  }

  /** The OCI architecture of a local image, or {@code null} when the engine cannot tell. */
  private String architecture(String imageId, TargetLog log) throws InterruptedException, IOException {
    String program = engine.name().equals("docker") ? "docker" : "podman";
    ProcessResult r = runner.run(Invocation.of(program, "image", "inspect", "--format", "{{.Architecture}}", imageId)
        .withOutput(log));
    return r.ok() && !r.stdout().isBlank() ? r.stdout().strip() : null;
  }

  private BuildRequest withLog(BuildRequest r, TargetLog log) {
    List<String> extra = new java.util.ArrayList<>(r.extraArgs());
    engineArgs.stream().filter(a -> !extra.contains(a)).forEach(extra::add);
    if (!engine.name().equals("docker")) {
      // the build pulls the base image: same registry options as inspection and push
      if (!registry.tlsVerify() && extra.stream().noneMatch(a -> a.startsWith("--tls-verify"))) {
        extra.add("--tls-verify=false");
      }
      if (registry.authfile() != null && !extra.contains("--authfile")) {
        extra.add("--authfile");
        extra.add(registry.authfile().toString());
      }
    }
    return new BuildRequest(r.contextDir(), r.containerfile(), r.tag(), r.platform(), r.buildArgs(), r.labels(),
        r.unsetLabels(), r.timestamp(), r.secrets(), r.pull(), r.noCache(), extra, r.allowInheritedLabels(), r.timeout(),
        log);
  }

  private static BuildRequest copyNoCache(BuildRequest r) {
    return new BuildRequest(r.contextDir(), r.containerfile(), r.tag(), r.platform(), r.buildArgs(), r.labels(),
        r.unsetLabels(), r.timestamp(), r.secrets(), r.pull(), true, r.extraArgs(), r.allowInheritedLabels(), r.timeout(),
        r.output());
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

package dtk.exec.build;

import dtk.exec.EventListener;
import dtk.exec.ExecEvent;
import dtk.exec.ExecException;
import dtk.exec.Platform;
import dtk.exec.engine.BuildRequest;
import dtk.exec.engine.BuildResult;
import dtk.exec.engine.BuildSecret;
import dtk.exec.engine.ContainerEngine;
import dtk.exec.engine.PullPolicy;
import dtk.exec.process.OutputListener;
import dtk.exec.process.ToolFailedException;
import dtk.exec.registry.RegistryOptions;
import dtk.render.BuildContext;
import dtk.render.ContextWriter;
import dtk.render.Target;
import dtk.spec.model.SecretSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds rendered targets locally (what {@code make} did): writes the context, runs the engine with
 * the context's build arguments, labels, unset labels, secrets and timestamp, keeps the engine's
 * output in a log file per target, and records what it built in the {@link StateStore}.
 */
public final class ImageBuilder {
  /**
   * How to build.
   *
   * @param workDir where build contexts are written ({@code .dtk}: contexts go to {@code
   *     contexts/<target>})
   * @param logDir one log file per target ({@code <target>.log})
   * @param engineArgs passed through to the engine's build ({@code --isolation=chroot})
   * @param supply SBOM, provenance and signing of what is pushed
   */
  public record Options(
      Path workDir,
      Path logDir,
      PullPolicy pull,
      List<String> engineArgs,
      boolean allowInheritedLabels,
      boolean noCache,
      RegistryOptions registry,
      SupplyChain supply) {
    public Options {
      Objects.requireNonNull(workDir, "workDir");
      Objects.requireNonNull(logDir, "logDir");
      pull = pull == null ? PullPolicy.MISSING : pull;
      engineArgs = engineArgs == null ? List.of() : List.copyOf(engineArgs);
      registry = registry == null ? RegistryOptions.DEFAULT : registry;
      supply = supply == null ? SupplyChain.DEFAULT : supply;
    }

    /** Unsigned, SBOM and provenance attached but not written to a directory. */
    public Options(
        Path workDir,
        Path logDir,
        PullPolicy pull,
        List<String> engineArgs,
        boolean allowInheritedLabels,
        boolean noCache,
        RegistryOptions registry) {
      this(
          workDir,
          logDir,
          pull,
          engineArgs,
          allowInheritedLabels,
          noCache,
          registry,
          SupplyChain.DEFAULT);
    }

    /** The same options without the layer cache. */
    public Options withoutCache() {
      return new Options(
          workDir, logDir, pull, engineArgs, allowInheritedLabels, true, registry, supply);
    }
  }

  private static final int TAIL_LINES = 30;

  private final ContainerEngine engine;
  private final Options options;
  private final StateStore state;
  private final EventListener listener;

  public ImageBuilder(
      ContainerEngine engine, Options options, StateStore state, EventListener listener) {
    this.engine = engine;
    this.options = options;
    this.state = state;
    this.listener = listener == null ? EventListener.NONE : listener;
  }

  /** The log file of a target. */
  public Path logFile(Target t) {
    return options.logDir().resolve(StateStore.safeName(t.id()) + ".log");
  }

  /** Builds one target and records it; throws {@link BuildFailedException} with the log's tail. */
  public BuildRecord build(BuildContext ctx) throws InterruptedException {
    Target t = ctx.target();
    String id = t.id();
    Path contextDir = options.workDir().resolve("contexts").resolve(StateStore.safeName(id));
    long start = System.nanoTime();
    listener.on(new ExecEvent.Step(id, "render", ExecEvent.Status.STARTED, Duration.ZERO, null));
    try {
      ContextWriter.write(ctx, contextDir);
    } catch (IOException e) {
      listener.on(
          new ExecEvent.Step(id, "render", ExecEvent.Status.FAILED, since(start), e.getMessage()));
      throw new ExecException(
          "cannot write the build context of " + id + " to " + contextDir + ": " + e.getMessage(),
          "check that "
              + options.workDir()
              + " is writable and holds no files of yours under contexts/",
          e);
    }
    listener.on(
        new ExecEvent.Step(
            id, "render", ExecEvent.Status.DONE, since(start), contextDir.toString()));

    Path log = logFile(t);
    long buildStart = System.nanoTime();
    listener.on(
        new ExecEvent.Step(id, "build", ExecEvent.Status.STARTED, Duration.ZERO, log.toString()));
    BuildResult result;
    try (LogFile logFile = LogFile.open(log)) {
      BuildRequest.Builder req =
          BuildRequest.builder(contextDir, t.images().platform().toString())
              .containerfile(Path.of(BuildContext.CONTAINERFILE))
              .platform(Platform.of(t.arch()))
              .buildArgs(ctx.buildArgs())
              .labels(ctx.engineLabels())
              .unsetLabels(ctx.unsetLabels())
              .timestamp(t.sourceDateEpoch())
              .pull(options.pull())
              .noCache(options.noCache())
              .extraArgs(options.engineArgs())
              .allowInheritedLabels(options.allowInheritedLabels())
              .registry(options.registry())
              .output(logFile);
      for (SecretSpec s : ctx.secrets()) {
        req.secret(
            s.env() != null
                ? BuildSecret.fromEnv(s.id(), s.env())
                : BuildSecret.fromFile(s.id(), secretFile(t, s)));
      }
      result = engine.build(req.build());
    } catch (ToolFailedException e) {
      listener.on(
          new ExecEvent.Step(
              id, "build", ExecEvent.Status.FAILED, since(buildStart), log.toString()));
      String tail = tail(log);
      String reason =
          e.exitCode() < 0 ? e.getMessage() : engine.name() + " exited with " + e.exitCode();
      throw new BuildFailedException(
          id, log, tail.isBlank() ? e.outputTail() : tail, reason, e.hint(), e);
    } catch (ExecException e) {
      listener.on(
          new ExecEvent.Step(
              id, "build", ExecEvent.Status.FAILED, since(buildStart), e.getMessage()));
      throw e;
    } catch (IOException e) {
      throw new ExecException(
          "cannot write the build log " + log + ": " + e.getMessage(),
          "check that " + options.logDir() + " is writable",
          e);
    }
    for (String note : result.notes()) {
      listener.on(new ExecEvent.Note(id, note));
    }
    BuildRecord built =
        new BuildRecord(
            id,
            t.spec().file().toString().replace('\\', '/'),
            t.name(),
            t.arch(),
            t.kernelVersion(),
            engine.name(),
            result.imageId(),
            t.images().platform(),
            t.images().index(),
            ctx.inputsDigest(),
            Instant.now(),
            null);
    state.record(built);
    listener.on(
        new ExecEvent.Step(
            id, "build", ExecEvent.Status.DONE, since(buildStart), result.imageId()));
    return built;
  }

  private static Path secretFile(Target t, SecretSpec s) {
    Path f = Path.of(s.file());
    Path dir = t.spec().file().toAbsolutePath().getParent();
    return f.isAbsolute() || dir == null ? f : dir.resolve(f).normalize();
  }

  private static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }

  /** The last lines of a log file, or "" when it cannot be read. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    } catch (IOException | java.io.UncheckedIOException e) {
      return "";
    }
  }

  /** A per-target log the engine's output lines go to, from both pipe threads. */
  static final class LogFile implements OutputListener, AutoCloseable {
    private final BufferedWriter out;
    private final List<IOException> errors = new ArrayList<>();

    private LogFile(BufferedWriter out) {
      this.out = out;
    }

    static LogFile open(Path log) throws IOException {
      Files.createDirectories(log.toAbsolutePath().getParent());
      return new LogFile(Files.newBufferedWriter(log, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void line(Stream stream, String line) {
      try {
        out.write(line);
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        errors.add(e);
      }
    }

    @Override
    public synchronized void close() throws IOException {
      out.close();
      if (!errors.isEmpty()) {
        throw errors.get(0);
      }
    }
  }
}

package dtk.exec.apply.run;

import dtk.exec.EventListener;
import dtk.exec.ExecEvent;
import dtk.exec.ExecException;
import dtk.exec.Platform;
import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.plan.RenderedTargets;
import dtk.exec.build.BuildFailedException;
import dtk.exec.build.BuildRecord;
import dtk.exec.build.GitSources;
import dtk.exec.build.ImageBuilder;
import dtk.exec.build.ImageVerifier;
import dtk.exec.build.ModuleResult;
import dtk.exec.build.ModuleVerifier;
import dtk.exec.build.StateStore;
import dtk.exec.engine.ContainerEngine;
import dtk.exec.engine.LocalImages;
import dtk.exec.engine.Signing;
import dtk.exec.process.Invocation;
import dtk.exec.process.ProcessResult;
import dtk.exec.process.ProcessRunner;
import dtk.exec.supply.PackageDatabase;
import dtk.exec.supply.Promotion;
import dtk.exec.supply.SupplyCheck;
import dtk.render.BuildContext;
import dtk.render.FileTrees;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import dtk.spec.model.ModuleSource;
import dtk.spec.model.VerifySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds targets on this machine with exec's {@link ImageBuilder} (context, engine build, log,
 * build record), then checks the image's architecture, verifies it (spec {@code verify}), lists its
 * packages (SBOM), pushes it by image id (signed when asked) and attaches the SBOM and a provenance
 * statement to the pushed digest ({@link SupplyChainStep}); publishes indexes with the engine's
 * manifest commands. Each target's log ({@link ImageBuilder#logFile}) gets the build, then dtk's
 * verify and push lines.
 */
public final class LocalExecutor implements TargetExecutor {
  private final ContainerEngine engine;
  private final ProcessRunner runner;
  private final RenderedTargets contexts;
  private final ImageBuilder.Options build;
  private final StateStore state;
  private final String inspectProgram;
  private final ImageVerifier verifier;
  private final ModuleVerifier modules;
  private final GitSources git;
  private final Map<ApplyTarget, List<ModuleResult>> moduleResults = new ConcurrentHashMap<>();

  /**
   * @param build how to build (work and log directories, engine arguments such as {@code
   *     --isolation=chroot}, pull policy, registry options)
   * @param state where builds are recorded ({@code dtk push} reads the same records)
   */
  public LocalExecutor(
      ContainerEngine engine,
      ProcessRunner runner,
      RenderedTargets contexts,
      ImageBuilder.Options build,
      StateStore state) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.contexts = Objects.requireNonNull(contexts, "contexts");
    this.build = Objects.requireNonNull(build, "build");
    this.state = Objects.requireNonNull(state, "state");
    // buildah shares podman's storage; its images are verified with podman
    this.inspectProgram = engine.name().equals("docker") ? "docker" : "podman";
    this.verifier =
        new ImageVerifier(runner, inspectProgram, build.engineArgs(), Duration.ofHours(1));
    this.modules = new ModuleVerifier(runner, inspectProgram, build.engineArgs());
    this.git =
        new GitSources(
            runner,
            build.workDir().resolve("git-sources"),
            Duration.ofMinutes(5),
            GitSources.SPEC_PROTOCOLS);
  }

  @Override
  public Optional<Path> logFile(ApplyTarget target) {
    return Optional.of(
        builder(build, null).logFile(contexts.context(target).target()).toAbsolutePath());
  }

  /**
   * Runs the stages of one target in order: {@link #buildStage build} (with the architecture
   * check), then in the target's log {@link Run#verify verify}, {@link Run#sbom sbom}, {@link
   * Run#push push}, {@link Run#attest attest} and, under {@code verify.signature}, {@link
   * Run#signature signature}; the build is recorded once the image is pushed and accepted. The
   * SBOM's package database is read while verify runs; nothing is pushed before both are done.
   */
  @Override
  public Digest execute(ApplyTarget target, Progress progress)
      throws TargetFailedException, InterruptedException {
    BuildContext ctx = contexts.context(target);
    Path logPath = logFile(target).orElseThrow();
    java.time.Instant startedOn = java.time.Instant.now();
    BuildRecord built = buildStage(ctx, target, progress, logPath);
    try (TargetLog log = TargetLog.append(logPath)) {
      return new Run(target, ctx, progress, log, logPath).rest(built, startedOn);
    } catch (IOException e) {
      throw new TargetFailedException(
          "build", "cannot write the log " + logPath + ": " + e.getMessage());
    }
  }

  /**
   * Builds the image; podman 4.3's layer cache can return another arch's image, then once more
   * without cache.
   */
  private BuildRecord buildStage(
      BuildContext ctx, ApplyTarget target, Progress progress, Path logPath)
      throws TargetFailedException, InterruptedException {
    String stage = "build";
    EventListener stages =
        e -> {
          if (e instanceof ExecEvent.Step s && s.status() == ExecEvent.Status.STARTED) {
            progress.stage(s.step());
          }
        };
    BuildRecord built;
    try {
      built = builder(build, stages).build(ctx);
    } catch (BuildFailedException e) {
      // the target and its log are said by whoever reports the failure: the reason alone, once
      throw new TargetFailedException(stage, firstLine(e.reason()), e.log(), lines(e.logTail()), e);
    } catch (ExecException e) {
      throw new TargetFailedException(stage, firstLine(e.getMessage()), logPath, List.of(), e);
    }
    String arch = builtArch(built, stage, logPath);
    if (arch != null && !Platform.sameArch(arch, target.arch())) {
      note(
          logPath,
          stage,
          "the engine returned a "
              + arch
              + " image for "
              + target.arch()
              + " (layer cache); rebuilding without cache");
      built = builder(build.withoutCache(), stages).build(ctx);
      arch = builtArch(built, stage, logPath);
      if (arch != null && !Platform.sameArch(arch, target.arch())) {
        throw new TargetFailedException(
            stage,
            "built an image for "
                + arch
                + ", not "
                + target.arch()
                + " (is qemu-user-static registered for foreign architectures?)",
            logPath,
            List.of(),
            null);
      }
    }
    return built;
  }

  /**
   * The stages after the build, each its own method; {@link #stage} names the one running for the
   * failure.
   */
  private final class Run {
    private final ApplyTarget target;
    private final BuildContext ctx;
    private final Progress progress;
    private final TargetLog log;
    private final Path logPath;
    private final VerifySpec verify;
    private final SupplyChainStep supply;
    private String stage = "verify";

    Run(ApplyTarget target, BuildContext ctx, Progress progress, TargetLog log, Path logPath) {
      this.target = target;
      this.ctx = ctx;
      this.progress = progress;
      this.log = log;
      this.logPath = logPath;
      this.verify = ctx.target().spec().verify();
      this.supply = new SupplyChainStep(runner, inspectProgram, engine, build);
    }

    private void enter(String name) {
      stage = name;
      progress.stage(name);
    }

    Digest rest(BuildRecord built, java.time.Instant startedOn)
        throws TargetFailedException, InterruptedException {
      PackageRead packages = null;
      try {
        if (verify != null && verify.enabled()) {
          // the SBOM's package database is read while verify runs (both only read the image, and
          // verify takes seconds: a canary build, module builds); a failed verify cancels it
          packages = new PackageRead(built);
          verify(built);
        }
        java.time.Instant finishedOn = java.time.Instant.now();
        SupplyChainStep.Sbom sbom = sbom(built, packages, finishedOn);
        ImageRef remote = target.image().normalised();
        Path policy = signaturePolicy(verify);
        Digest digest = push(built, remote, policy);
        attest(remote, digest, sbom, startedOn, finishedOn);
        if (policy != null) {
          signature(remote, digest, policy);
        }
        state.record(built.withPushedDigest(digest));
        return digest;
      } catch (ExecException e) {
        log.note(stage + " failed: " + e.describe());
        throw new TargetFailedException(stage, firstLine(e.getMessage()), logPath, log.tail(20), e);
      } catch (IOException | IllegalArgumentException e) {
        log.note(stage + " failed: " + e.getMessage());
        throw new TargetFailedException(
            stage, String.valueOf(e.getMessage()), logPath, log.tail(20), e);
      } finally {
        if (packages != null) {
          packages.cancel();
        }
      }
    }

    /**
     * {@code verify}: the image's checks (and the canary module), then the user's driver modules.
     */
    void verify(BuildRecord built) throws IOException, InterruptedException, TargetFailedException {
      enter("verify");
      log.note("verify " + built.imageId() + (verify.canary() ? " (with the canary module)" : ""));
      Path scratch = Files.createTempDirectory("dtk-verify-");
      ImageVerifier.Result result;
      try {
        result =
            verifier.verify(
                built.imageId(),
                target.arch(),
                target.kernelVersion(),
                verify.canary(),
                scratch,
                log);
      } finally {
        FileTrees.delete(scratch);
      }
      result
          .checks()
          .forEach(
              c ->
                  log.note(
                      "verify " + c.name() + ": " + (c.ok() ? "ok, " : "FAILED, ") + c.detail()));
      if (!result.ok()) {
        // the failed checks are the message; the log holds the details
        throw new TargetFailedException(
            stage, result.failures() + "; not pushed", logPath, List.of(), null);
      }
      if (!verify.modules().isEmpty()) {
        verifyModules(target, built.imageId(), verify.modules(), log, logPath);
      }
    }

    /**
     * {@code sbom}: the packages really installed, read from the built image (by {@code packages}
     * when it was started earlier, else now).
     */
    SupplyChainStep.Sbom sbom(BuildRecord built, PackageRead packages, java.time.Instant finishedOn)
        throws IOException, InterruptedException {
      enter("sbom");
      if (packages != null) {
        PackageDatabase.Contents contents = packages.get();
        return supply.sbom(
            target, built, contents, packages.millis + " ms, while verify ran", finishedOn, log);
      }
      long start = System.nanoTime();
      PackageDatabase.Contents contents = supply.packages(built, log);
      return supply.sbom(
          target, built, contents, SupplyChainStep.millis(start) + " ms", finishedOn, log);
    }

    /**
     * The package database of the built image read on a thread of its own. {@link #get} waits for
     * it and throws what the read threw; {@link #cancel} interrupts a read still running (its
     * processes are stopped and its scratch directory removed) and waits for it to end.
     */
    private final class PackageRead {
      private final java.util.concurrent.FutureTask<PackageDatabase.Contents> task;
      private final Thread thread;

      /** How long the read took; set before {@link #get} returns. */
      private volatile long millis;

      PackageRead(BuildRecord built) {
        task =
            new java.util.concurrent.FutureTask<>(
                () -> {
                  long start = System.nanoTime();
                  try {
                    return supply.packages(built, log);
                  } finally {
                    millis = SupplyChainStep.millis(start);
                  }
                });
        thread = new Thread(task, "dtk-sbom " + target.id());
        thread.setDaemon(true);
        thread.start();
      }

      PackageDatabase.Contents get() throws IOException, InterruptedException {
        try {
          return task.get();
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof IOException io) {
            throw io;
          }
          if (cause instanceof InterruptedException ie) {
            throw ie;
          }
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new IOException(cause);
        }
      }

      void cancel() {
        task.cancel(true);
        boolean interrupted = false;
        while (thread.isAlive()) {
          try {
            thread.join();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /**
     * {@code push}: by image id, signed when asked. Under a signature policy the tag the planner
     * trusts is written only after the check: first a pending tag, signed by digest for the final
     * one.
     */
    Digest push(BuildRecord built, ImageRef remote, Path policy) throws InterruptedException {
      enter("push");
      Signing signing = build.supply().signing();
      checkSigning(signing);
      long pushStart = System.nanoTime();
      if (policy == null) {
        log.note(
            "push "
                + built.imageId()
                + " to "
                + target.image()
                + (signing.enabled() ? ", signed with " + signing : ""));
        Digest digest = engine.push(built.imageId(), remote, build.registry(), signing, log);
        log.note(
            "pushed "
                + target.image()
                + "@"
                + digest
                + " ("
                + (System.nanoTime() - pushStart) / 1_000_000
                + " ms)");
        return digest;
      }
      ImageRef pending =
          new ImageRef(
              remote.registry(),
              remote.repository(),
              Promotion.pendingTag(target.inputsDigest()),
              null);
      log.note(
          "push "
              + built.imageId()
              + " to "
              + pending
              + " ("
              + remote.tag()
              + " is written once verify.signature"
              + " accepts it)"
              + (signing.enabled() ? ", signed with " + signing : ""));
      Digest digest = engine.push(built.imageId(), pending, build.registry(), Signing.NONE, log);
      if (signing.enabled()) {
        new Promotion(runner, build.registry()).sign(remote, digest, remote, signing, log);
      }
      log.note(
          "pushed "
              + pending
              + "@"
              + digest
              + (signing.enabled() ? ", signed as " + remote : "")
              + " ("
              + (System.nanoTime() - pushStart) / 1_000_000
              + " ms)");
      return digest;
    }

    /** {@code attest}: the SBOM and the provenance statement, attached to the pushed digest. */
    void attest(
        ImageRef remote,
        Digest digest,
        SupplyChainStep.Sbom sbom,
        java.time.Instant startedOn,
        java.time.Instant finishedOn)
        throws IOException, InterruptedException {
      enter("attest");
      supply.attach(
          ctx,
          target,
          contexts.kernelOrigin(target),
          remote,
          digest,
          sbom,
          startedOn,
          finishedOn,
          log);
    }

    /** {@code signature}: the policy's verdict by digest, and only then the platform tag. */
    void signature(ImageRef remote, Digest digest, Path policy)
        throws IOException, InterruptedException, TargetFailedException {
      enter("signature");
      checkPushed(target, remote, digest, policy, log, logPath);
      new Promotion(runner, build.registry()).tag(remote, digest, remote.tag());
      log.note("tagged " + target.image() + "@" + digest);
    }
  }

  /**
   * The policy of an index: {@code --verify-policy}, else the first of its platforms' {@code
   * verify.signature}, else none.
   */
  private Path indexPolicy(ImageRef index) {
    if (build.supply().verifyPolicy() != null) {
      return build.supply().verifyPolicy();
    }
    for (ApplyTarget t : contexts.targets()) {
      if (t.index().equals(index)) {
        Path p = signaturePolicy(contexts.context(t).target().spec().verify());
        if (p != null) {
          return p;
        }
      }
    }
    return null;
  }

  /**
   * The policy of the check after push: {@code --verify-policy}, else the spec's {@code
   * verify.signature}, else none.
   */
  private Path signaturePolicy(VerifySpec v) {
    if (build.supply().verifyPolicy() != null) {
      return build.supply().verifyPolicy();
    }
    return v != null && v.enabled() && v.signature() != null ? v.signature().policy() : null;
  }

  /**
   * The check of {@code verify.signature}, by digest: the policy's verdict on the image, and its
   * SBOM and provenance (attached to exactly this digest, each signed as the policy requires). A
   * refusal fails the target; the platform tag is not written.
   */
  private void checkPushed(
      ApplyTarget target, ImageRef remote, Digest digest, Path policy, TargetLog log, Path logPath)
      throws InterruptedException, IOException, TargetFailedException {
    long start = System.nanoTime();
    ImageRef byDigest = new ImageRef(remote.registry(), remote.repository(), null, digest);
    SupplyCheck check = new SupplyCheck(runner, build.registry());
    List<SupplyCheck.Check> checks = new ArrayList<>();
    checks.add(check.signature(byDigest, policy, null));
    checks.addAll(check.attestations(remote, target.arch(), digest, policy, null));
    checks.forEach(c -> log.note("verify " + c.line()));
    List<SupplyCheck.Check> failed = checks.stream().filter(c -> !c.ok()).toList();
    log.note(
        "verify signature: "
            + (failed.isEmpty() ? "accepted" : "refused")
            + " by "
            + policy
            + " ("
            + (System.nanoTime() - start) / 1_000_000
            + " ms)");
    if (!failed.isEmpty()) {
      throw new TargetFailedException(
          "signature",
          String.join("; ", failed.stream().map(c -> c.name() + " " + c.detail()).toList())
              + "; refused by "
              + policy
              + ": "
              + remote.tag()
              + " not written (the image is only under "
              + Promotion.pendingTag(target.inputsDigest())
              + "), no index",
          logPath,
          List.of(),
          null);
    }
  }

  @Override
  public List<ModuleResult> moduleResults(ApplyTarget target) {
    return moduleResults.getOrDefault(target, List.of());
  }

  /**
   * Builds the spec's driver sources against the image; a failed required one fails the target
   * (nothing is pushed), an optional one is reported only.
   */
  private void verifyModules(
      ApplyTarget target,
      String imageId,
      List<ModuleSource> specModules,
      TargetLog log,
      Path logPath)
      throws IOException, InterruptedException, TargetFailedException {
    List<ModuleVerifier.Source> sources = new ArrayList<>();
    List<ModuleResult> results = new ArrayList<>();
    List<Integer> order = new ArrayList<>();
    for (ModuleSource m : specModules) {
      if (m.isGit()) {
        try {
          GitSources.Fetched f = git.fetch(m.git(), m.ref(), log);
          log.note("verify module " + m.written() + ": " + m.ref() + " is commit " + f.commit());
          sources.add(
              new ModuleVerifier.Source(
                  m.written(), f.dir(), m.required(), m.timeoutSeconds(), f.commit()));
          order.add(sources.size() - 1);
        } catch (GitSources.FetchFailedException e) {
          results.add(
              new ModuleResult(
                  m.written(),
                  null,
                  m.required(),
                  ModuleResult.Status.FAILED,
                  0,
                  null,
                  0,
                  null,
                  e.getMessage()
                      + " (check the URL and ref, and that this machine can reach the server)"));
          order.add(-results.size());
        }
      } else {
        sources.add(
            new ModuleVerifier.Source(
                m.written(), m.path(), m.required(), m.timeoutSeconds(), null));
        order.add(sources.size() - 1);
      }
    }
    log.note("verify modules: " + specModules.size() + " driver source(s) against " + imageId);
    Path scratch = Files.createTempDirectory("dtk-modules-");
    List<ModuleResult> built;
    try {
      built =
          modules.verify(
              imageId,
              target.arch(),
              List.of(target.kernelVersion() + "." + target.arch(), target.kernelVersion()),
              sources,
              scratch,
              log);
    } finally {
      FileTrees.delete(scratch);
    }
    List<ModuleResult> all = new ArrayList<>();
    for (int o : order) {
      all.add(o >= 0 ? built.get(o) : results.get(-o - 1));
    }
    moduleResults.put(target, List.copyOf(all));
    all.forEach(r -> log.note("verify module " + r.describe()));
    List<ModuleResult> blocking = all.stream().filter(ModuleResult::blocks).toList();
    if (!blocking.isEmpty()) {
      throw new TargetFailedException(
          "verify",
          "required module"
              + (blocking.size() > 1 ? "s" : "")
              + " failed: "
              + String.join("; ", blocking.stream().map(ModuleResult::describe).toList())
              + "; not pushed (fix the driver or the toolkit's packages, or mark the module required: false)",
          logPath,
          List.of(),
          null);
    }
  }

  @Override
  public Digest publishIndex(ImageRef index, List<IndexMember> members, Progress progress)
      throws TargetFailedException, InterruptedException {
    Path file =
        build
            .logDir()
            .resolve("index." + StateStore.safeName(index.toString()) + ".log")
            .toAbsolutePath();
    try (TargetLog log = TargetLog.create(file)) {
      try {
        progress.stage("index");
        List<ImageRef> refs =
            members.stream()
                .map(
                    m -> {
                      ImageRef r = m.image().normalised();
                      // by digest alone: a reference with both tag and digest is refused by
                      // containers/image
                      return new ImageRef(r.registry(), r.repository(), null, m.digest());
                    })
                .toList();
        log.note("publish " + index + " from " + refs);
        Signing signing = build.supply().signing();
        checkSigning(signing);
        long pushStart = System.nanoTime();
        ImageRef remote = index.normalised();
        Path policy = indexPolicy(index);
        if (policy == null) {
          Digest digest = engine.pushIndex(remote, refs, build.registry(), signing, log);
          log.note(
              "pushed "
                  + index
                  + "@"
                  + digest
                  + " ("
                  + (System.nanoTime() - pushStart) / 1_000_000
                  + " ms)");
          return digest;
        }
        // as for the platform images: the index tag (which the planner compares) is written after
        // the check
        ImageRef pending =
            new ImageRef(
                remote.registry(),
                remote.repository(),
                Promotion.pendingTagFor(index + " " + members),
                null);
        progress.stage("index");
        Digest digest = engine.pushIndex(pending, refs, build.registry(), Signing.NONE, log);
        Promotion promotion = new Promotion(runner, build.registry());
        if (signing.enabled()) {
          promotion.signIndex(remote, digest, remote, signing, log);
        }
        log.note(
            "pushed "
                + pending
                + "@"
                + digest
                + (signing.enabled() ? ", signed as " + remote : "")
                + " ("
                + (System.nanoTime() - pushStart) / 1_000_000
                + " ms)");
        long checkStart = System.nanoTime();
        SupplyCheck.Check check =
            new SupplyCheck(runner, build.registry())
                .signature(
                    new ImageRef(remote.registry(), remote.repository(), null, digest),
                    policy,
                    null);
        log.note("verify " + check.line());
        log.note(
            "verify signature: "
                + (check.ok() ? "accepted" : "refused")
                + " by "
                + policy
                + " ("
                + (System.nanoTime() - checkStart) / 1_000_000
                + " ms)");
        if (!check.ok()) {
          throw new TargetFailedException(
              "signature",
              "signature "
                  + check.detail()
                  + "; refused by "
                  + policy
                  + ": "
                  + remote.tag()
                  + " not written (the index is only under "
                  + pending.tag()
                  + ")",
              file,
              List.of(),
              null);
        }
        promotion.tag(remote, digest, remote.tag());
        log.note("tagged " + index + "@" + digest);
        return digest;
      } catch (ExecException | IllegalArgumentException | IOException e) {
        log.note("index failed: " + e.getMessage());
        throw new TargetFailedException("index", firstLine(e.getMessage()), file, log.tail(20), e);
      }
    } catch (IOException e) {
      throw new TargetFailedException(
          "index", "cannot write the log " + file + ": " + e.getMessage());
    }
  }

  private boolean signingChecked;
  private ExecException signingFailure;

  /**
   * Once per run: can the key sign at all? containers/image pushes the manifest before it signs.
   */
  private synchronized void checkSigning(Signing signing) throws InterruptedException {
    if (!signingChecked) {
      try {
        dtk.exec.supply.SigningCheck.check(runner, signing);
      } catch (ExecException e) {
        signingFailure = e;
      }
      signingChecked = true;
    }
    if (signingFailure != null) {
      throw signingFailure;
    }
  }

  private ImageBuilder builder(ImageBuilder.Options options, EventListener listener) {
    return new ImageBuilder(engine, options, state, listener);
  }

  /** The architecture of a local image, or {@code null} when the engine cannot tell. */
  /** The architecture of the image just built, noted in the target's log. */
  private String builtArch(BuildRecord built, String stage, Path logPath)
      throws TargetFailedException, InterruptedException {
    try (TargetLog log = TargetLog.append(logPath)) {
      try {
        return architecture(built.imageId(), log);
      } catch (IOException e) {
        throw new TargetFailedException(
            stage, "cannot inspect the built image: " + e.getMessage(), logPath, List.of(), e);
      }
    } catch (IOException e) {
      throw new TargetFailedException(
          stage, "cannot write the log " + logPath + ": " + e.getMessage());
    }
  }

  private static void note(Path logPath, String stage, String line) throws TargetFailedException {
    try (TargetLog log = TargetLog.append(logPath)) {
      log.note(line);
    } catch (IOException e) {
      throw new TargetFailedException(
          stage, "cannot write the log " + logPath + ": " + e.getMessage());
    }
  }

  private String architecture(String imageId, TargetLog log)
      throws InterruptedException, IOException {
    ProcessResult r =
        runner.run(
            Invocation.of(LocalImages.of(engine).inspect(imageId, "{{.Architecture}}"))
                .withOutput(log));
    return r.ok() && !r.stdout().isBlank() ? r.stdout().strip() : null;
  }

  private static List<String> lines(String s) {
    return s == null || s.isBlank() ? List.of() : List.of(s.split("\n"));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}

package dtk.exec.apply.run;

import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.build.BuildRecord;
import dtk.exec.build.ImageBuilder;
import dtk.exec.build.StateStore;
import dtk.exec.engine.ContainerEngine;
import dtk.exec.process.Invocation;
import dtk.exec.process.ProcessResult;
import dtk.exec.process.ProcessRunner;
import dtk.exec.supply.Attestations;
import dtk.exec.supply.PackageDatabase;
import dtk.exec.supply.Provenance;
import dtk.exec.supply.Spdx;
import dtk.render.BuildContext;
import dtk.render.FileTrees;
import dtk.render.Target;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The supply-chain part of a target: before the push, the SBOM from the built image's package
 * database; after it, the provenance statement of the pushed digest, both written to {@code
 * --sbom-dir} when given and attached to the pushed image ({@link Attestations}), signed as the
 * image is.
 */
final class SupplyChainStep {
  /** The SBOM of a built image and how many packages it lists. */
  record Sbom(byte[] json, String database, int packages) {}

  private final ProcessRunner runner;
  private final String inspectProgram;
  private final ContainerEngine engine;
  private final ImageBuilder.Options build;

  SupplyChainStep(
      ProcessRunner runner,
      String inspectProgram,
      ContainerEngine engine,
      ImageBuilder.Options build) {
    this.runner = runner;
    this.inspectProgram = inspectProgram;
    this.engine = engine;
    this.build = build;
  }

  /** The packages installed in the built image, read from its package database. */
  PackageDatabase.Contents packages(BuildRecord built, TargetLog log)
      throws InterruptedException, IOException {
    Path scratch = privateDir("dtk-sbom-");
    try {
      return new PackageDatabase(runner, inspectProgram).read(built.imageId(), scratch, log);
    } finally {
      FileTrees.delete(scratch);
    }
  }

  /**
   * The SBOM of {@code contents}, created at {@code created}; {@code howRead} says in the log how
   * long reading the package database took ("812 ms", "1341 ms, while verify ran").
   */
  Sbom sbom(
      ApplyTarget target,
      BuildRecord built,
      PackageDatabase.Contents contents,
      String howRead,
      Instant created,
      TargetLog log) {
    byte[] json =
        Spdx.document(
            target.image().toString(), built.imageId(), target.arch(), contents, created, tool());
    log.note(
        "sbom: "
            + contents.packages().size()
            + " packages from the "
            + contents.kind()
            + " database ("
            + howRead
            + ")");
    return new Sbom(json, contents.kind(), contents.packages().size());
  }

  void attach(
      BuildContext ctx,
      ApplyTarget target,
      String kernelOrigin,
      ImageRef remote,
      Digest digest,
      Sbom sbom,
      Instant startedOn,
      Instant finishedOn,
      TargetLog log)
      throws InterruptedException, IOException {
    long start = System.nanoTime();
    Target t = ctx.target();
    List<Provenance.FileDigest> files = new ArrayList<>();
    Path specFile = t.spec().file();
    // a spec made in memory (tests, tools embedding dtk) has no file to digest: the inputs digest
    // still covers it
    if (specFile != null && Files.isRegularFile(specFile)) {
      files.add(new Provenance.FileDigest("spec", slashes(specFile), sha256(specFile)));
    }
    for (Path repo : t.spec().repositories()) {
      if (Files.isRegularFile(repo)) {
        files.add(new Provenance.FileDigest("repositoryFile", slashes(repo), sha256(repo)));
      }
    }
    Boolean dirty =
        t.vcsRef() == null || specFile == null
            ? null
            : dirty(specFile.toAbsolutePath().getParent());
    String repoName = new ImageRef(remote.registry(), remote.repository(), null, null).toString();
    byte[] provenance =
        Provenance.statement(
            new Provenance.Inputs(
                repoName,
                digest,
                target.id(),
                target.arch(),
                target.kernelVersion(),
                files,
                t.baseImage(),
                t.baseDigest(),
                kernelOrigin,
                t.vcsRef(),
                dirty,
                engine.info().toString(),
                build.engineArgs(),
                target.inputsDigest(),
                tool(),
                startedOn,
                finishedOn));
    Path out = build.supply().outputDir();
    if (out != null) {
      Files.createDirectories(out);
      String name = StateStore.safeName(target.id());
      Files.write(out.resolve(name + ".spdx.json"), sbom.json());
      Files.write(out.resolve(name + ".provenance.json"), provenance);
      log.note("wrote " + out.resolve(name + ".spdx.json") + " and " + name + ".provenance.json");
    }
    Path scratch = privateDir("dtk-attest-");
    try {
      List<Digest> digests =
          new Attestations(runner, build.registry())
              .attach(
                  remote,
                  digest,
                  List.of(
                      new Attestations.Artifact(Spdx.MEDIA_TYPE, "sbom.spdx.json", sbom.json()),
                      new Attestations.Artifact(
                          Provenance.MEDIA_TYPE, "provenance.intoto.json", provenance)),
                  build.supply().signing(),
                  scratch,
                  log);
      log.note(
          "attached sbom "
              + digests.get(0)
              + " and provenance "
              + digests.get(1)
              + " to "
              + repoName
              + "@"
              + digest
              + " ("
              + millis(start)
              + " ms)");
    } finally {
      FileTrees.delete(scratch);
    }
  }

  private Boolean dirty(Path dir) throws InterruptedException {
    try {
      ProcessResult r =
          runner.run(
              Invocation.of(
                      "git", "-C", dir.toString(), "status", "--porcelain", "--untracked-files=no")
                  .withTimeout(Duration.ofMinutes(1)));
      return r.ok() ? !r.stdout().isBlank() : null;
    } catch (IOException e) {
      return null;
    }
  }

  static String tool() {
    String v = SupplyChainStep.class.getPackage().getImplementationVersion();
    return "dtk-" + (v == null ? "dev" : v);
  }

  private static String slashes(Path p) {
    return p.toString().replace('\\', '/');
  }

  private static Digest sha256(Path f) throws IOException {
    try (java.io.InputStream in = Files.newInputStream(f)) {
      return Digest.sha256(in);
    }
  }

  static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static Path privateDir(String prefix) throws IOException {
    try {
      return Files.createTempDirectory(
          prefix,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      return Files.createTempDirectory(prefix);
    }
  }
}

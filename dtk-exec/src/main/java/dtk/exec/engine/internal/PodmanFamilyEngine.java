package dtk.exec.engine.internal;

import dtk.exec.ExecException;
import dtk.exec.engine.BuildRequest;
import dtk.exec.engine.BuildResult;
import dtk.exec.engine.BuildSecret;
import dtk.exec.engine.EngineInfo;
import dtk.exec.engine.Signing;
import dtk.exec.process.Invocation;
import dtk.exec.process.OutputListener;
import dtk.exec.process.ProcessRunner;
import dtk.exec.process.ToolFailedException;
import dtk.exec.registry.RegistryOptions;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * podman and buildah: the same build and push options (both are containers/buildah underneath) and
 * the same local storage, which the label-removal fallback relies on.
 */
abstract class PodmanFamilyEngine extends AbstractEngine {
  static final Duration PUSH_TIMEOUT = Duration.ofHours(1);

  PodmanFamilyEngine(ProcessRunner runner, Map<String, String> env) {
    super(runner, env);
  }

  /** The binary: {@code podman} or {@code buildah}. */
  protected abstract String binary();

  /**
   * {@code podman build} / {@code buildah build --layers} (buildah does not cache layers by
   * default).
   */
  protected abstract List<String> buildCommand();

  @Override
  public String name() {
    return binary();
  }

  @Override
  public BuildResult build(BuildRequest req) throws InterruptedException {
    EngineInfo info = info();
    List<String> notes = new ArrayList<>();
    boolean fallback =
        !req.unsetLabels().isEmpty()
            && info.labelRemoval() == EngineInfo.LabelRemoval.BUILDAH_COMMIT;
    Path tmp = tempDir();
    try {
      Path iid = tmp.resolve("iid");
      List<String> argv = new ArrayList<>(buildCommand());
      argv.add("--file");
      argv.add(req.containerfilePath().toString());
      argv.add("--tag");
      argv.add(req.tag());
      argv.add("--platform");
      argv.add(req.platform().oci());
      argv.add("--pull=" + req.pull().flagValue());
      if (!req.registry().tlsVerify()) {
        argv.add("--tls-verify=false");
      }
      if (req.registry().authfile() != null) {
        argv.add("--authfile");
        argv.add(req.registry().authfile().toString());
      }
      if (req.noCache()) {
        argv.add("--no-cache");
      }
      if (req.timestamp() != null) {
        argv.add("--timestamp");
        argv.add(Long.toString(req.timestamp()));
      }
      addPairs(argv, "--build-arg", req.buildArgs());
      addPairs(argv, "--label", req.labels());
      if (info.labelRemoval() == EngineInfo.LabelRemoval.UNSETLABEL_FLAG) {
        for (String k : req.unsetLabels()) {
          argv.add("--unsetlabel");
          argv.add(k);
        }
      }
      for (BuildSecret s : req.secrets()) {
        argv.add("--secret");
        argv.add(secretArg(s, info, tmp));
      }
      argv.add("--iidfile");
      argv.add(iid.toString());
      argv.addAll(req.extraArgs());
      argv.add(req.contextDir().toString());
      Invocation inv =
          new Invocation(argv, secretEnv(req), req.contextDir(), req.timeout(), null, req.output());
      logCommand(inv, req.output());
      exec(
          inv,
          "the build failed: read the log above for the failing step; fix the spec or its repositories and rerun");
      String id = readTrimmed(iid, inv, "image id");
      if (fallback) {
        id = removeLabels(id, req, tmp);
        notes.add(
            info
                + " has no --unsetlabel: removed "
                + String.join(", ", req.unsetLabels())
                + " with buildah config + commit");
      }
      return new BuildResult(id, req.tag(), notes);
    } finally {
      deleteTree(tmp);
    }
  }

  /** The variables env= secrets read, passed explicitly so the engine sees what dtk saw. */
  Map<String, String> secretEnv(BuildRequest req) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (BuildSecret s : req.secrets()) {
      if (s.env() != null && env.get(s.env()) != null) {
        m.put(s.env(), env.get(s.env()));
      }
    }
    return m;
  }

  private String secretArg(BuildSecret s, EngineInfo info, Path tmp) {
    if (s.file() != null) {
      return "id=" + s.id() + ",src=" + s.file().toAbsolutePath();
    }
    String value = secretValue(s);
    if (info.secretEnv()) {
      return "id=" + s.id() + ",env=" + s.env();
    }
    // this engine version has no env= secrets: a private file that lives only for this build
    try {
      Path f =
          Files.createFile(
              tmp.resolve("secret-" + s.id()),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(f, value, StandardCharsets.UTF_8);
      return "id=" + s.id() + ",src=" + f;
    } catch (IOException e) {
      throw new ExecException(
          "cannot write build secret '" + s.id() + "' to a temporary file: " + e.getMessage(),
          null,
          e);
    }
  }

  /**
   * Removes inherited labels without {@code --unsetlabel} (podman &lt; 4.8, buildah &lt; 1.33): a
   * working container from the built image, {@code config --label KEY-}, and a commit under the
   * same tag. podman and buildah share containers-storage, so this works for podman builds too.
   */
  private String removeLabels(String imageId, BuildRequest req, Path tmp)
      throws InterruptedException {
    String hint =
        "label removal needs buildah (podman < 4.8 has no --unsetlabel): install buildah, or upgrade podman";
    String id = imageId.startsWith("sha256:") ? imageId.substring("sha256:".length()) : imageId;
    String ctr =
        exec(Invocation.of("buildah", "from", "--pull=never", "--quiet", id), hint).stdout().trim();
    if (ctr.isEmpty() || ctr.contains("\n")) {
      throw new ExecException("buildah from printed no single container name: '" + ctr + "'", hint);
    }
    try {
      List<String> config = new ArrayList<>(List.of("buildah", "config"));
      for (String k : req.unsetLabels()) {
        config.add("--label");
        config.add(k + "-");
      }
      config.add(ctr);
      exec(Invocation.of(config), hint);
      Path iid = tmp.resolve("iid-unset");
      List<String> commit = new ArrayList<>(List.of("buildah", "commit", "--quiet"));
      if (req.timestamp() != null) {
        commit.add("--timestamp");
        commit.add(Long.toString(req.timestamp()));
      }
      commit.add("--iidfile");
      commit.add(iid.toString());
      commit.add(ctr);
      commit.add(req.tag());
      Invocation inv = Invocation.of(commit).withTimeout(PUSH_TIMEOUT);
      exec(inv, hint);
      return readTrimmed(iid, inv, "image id");
    } finally {
      try {
        exec(Invocation.of("buildah", "rm", ctr), hint);
      } catch (ToolFailedException e) {
        // leaving a stopped working container behind is untidy, not wrong: the build result stands
      }
    }
  }

  @Override
  public Digest push(
      String localImage, ImageRef remote, RegistryOptions opts, OutputListener output)
      throws InterruptedException {
    return push(localImage, remote, opts, Signing.NONE, output);
  }

  @Override
  public Digest pushIndex(
      ImageRef remote, List<ImageRef> platformImages, RegistryOptions opts, OutputListener output)
      throws InterruptedException {
    return pushIndex(remote, platformImages, opts, Signing.NONE, output);
  }

  /** The signing flags of push and manifest push; buildah 1.28 has only {@code --sign-by}. */
  private List<String> signingArgs(Signing signing) {
    if (signing == null || !signing.enabled() && signing.passphraseFile() == null) {
      return List.of();
    }
    if (binary().equals("buildah")
        && (signing.sigstorePrivateKey() != null || signing.passphraseFile() != null)) {
      throw new ExecException(
          "buildah push has no --sign-by-sigstore-private-key or --sign-passphrase-file (only GPG --sign-by)",
          "use --engine podman for sigstore signing or a passphrase-protected key, or a GPG key that gpg-agent unlocks");
    }
    return signing.flags();
  }

  @Override
  public Digest push(
      String localImage,
      ImageRef remote,
      RegistryOptions opts,
      Signing signing,
      OutputListener output)
      throws InterruptedException {
    List<String> sign = signingArgs(signing);
    Path tmp = tempDir();
    try {
      Path digest = tmp.resolve("digest");
      List<String> argv = new ArrayList<>(List.of(binary(), "push"));
      registryArgs(argv, opts);
      argv.addAll(sign);
      argv.add("--digestfile");
      argv.add(digest.toString());
      argv.add(localImage);
      argv.add("docker://" + remote);
      Invocation inv = new Invocation(argv, Map.of(), null, PUSH_TIMEOUT, null, output);
      exec(inv, registryHint(binary(), remote, opts));
      return readDigest(digest, inv);
    } finally {
      deleteTree(tmp);
    }
  }

  @Override
  public Digest pushIndex(
      ImageRef remote,
      List<ImageRef> platformImages,
      RegistryOptions opts,
      Signing signing,
      OutputListener output)
      throws InterruptedException {
    List<String> sign = signingArgs(signing);
    // a private local list name: concurrent runs never share (or clobber) one
    String list =
        "localhost/dtk-index-" + UUID.randomUUID().toString().substring(0, 12) + ":latest";
    Path tmp = tempDir();
    String hint = registryHint(binary(), remote, opts);
    try {
      exec(
          new Invocation(
              List.of(binary(), "manifest", "create", list),
              Map.of(),
              null,
              Invocation.SHORT,
              null,
              output),
          hint);
      for (ImageRef img : platformImages) {
        List<String> add = new ArrayList<>(List.of(binary(), "manifest", "add"));
        registryArgs(add, opts);
        add.add(list);
        add.add("docker://" + img);
        exec(new Invocation(add, Map.of(), null, PUSH_TIMEOUT, null, output), hint);
      }
      Path digest = tmp.resolve("digest");
      List<String> push =
          new ArrayList<>(List.of(binary(), "manifest", "push", "--all", "--format", "oci"));
      registryArgs(push, opts);
      push.addAll(sign);
      push.add("--digestfile");
      push.add(digest.toString());
      push.add(list);
      push.add("docker://" + remote);
      Invocation inv = new Invocation(push, Map.of(), null, PUSH_TIMEOUT, null, output);
      exec(inv, hint);
      return readDigest(digest, inv);
    } finally {
      deleteTree(tmp);
      try {
        exec(Invocation.of(binary(), "manifest", "rm", list), "");
      } catch (ToolFailedException e) {
        // the list was never created (create failed): nothing to remove
      }
    }
  }

  private static void registryArgs(List<String> argv, RegistryOptions opts) {
    argv.add("--tls-verify=" + opts.tlsVerify());
    if (opts.authfile() != null) {
      argv.add("--authfile");
      argv.add(opts.authfile().toString());
    }
  }
}

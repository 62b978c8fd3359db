package dtk.exec.engine.internal;

import dtk.exec.ExecException;
import dtk.exec.engine.BuildRequest;
import dtk.exec.engine.BuildResult;
import dtk.exec.engine.BuildSecret;
import dtk.exec.engine.EngineInfo;
import dtk.exec.engine.PullPolicy;
import dtk.exec.process.Invocation;
import dtk.exec.process.OutputListener;
import dtk.exec.process.ProcessRunner;
import dtk.exec.process.ToolVersion;
import dtk.exec.registry.RegistryOptions;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker (BuildKit). Differences from podman: no {@code --timestamp} (BuildKit reads the {@code
 * SOURCE_DATE_EPOCH} build argument instead), {@code --pull} is a switch, no way to remove
 * inherited labels, no per-command TLS switch or auth file (a private {@code DOCKER_CONFIG} holds a
 * copy of the auth file for the push), and images are tagged before they are pushed.
 */
public final class DockerEngine extends AbstractEngine {
  private static final Pattern DIGEST = Pattern.compile("(sha256:[0-9a-f]{64})");

  public DockerEngine(ProcessRunner runner) {
    this(runner, System.getenv());
  }

  public DockerEngine(ProcessRunner runner, Map<String, String> env) {
    super(runner, env);
  }

  @Override
  public String name() {
    return "docker";
  }

  @Override
  protected EngineInfo detect() throws InterruptedException {
    String out =
        exec(
                Invocation.of("docker", "version", "--format", "{{.Client.Version}}"),
                "check that docker works: docker version")
            .stdout()
            .trim();
    return capabilities(PodmanEngine.parse("docker", out));
  }

  static EngineInfo capabilities(ToolVersion v) {
    return new EngineInfo("docker", v, EngineInfo.LabelRemoval.NONE, v.atLeast(20, 10, 0), false);
  }

  @Override
  public BuildResult build(BuildRequest req) throws InterruptedException {
    EngineInfo info = info();
    List<String> notes = new ArrayList<>();
    if (!req.unsetLabels().isEmpty()) {
      if (!req.allowInheritedLabels()) {
        throw new ExecException(
            "docker cannot remove labels inherited from the base image ("
                + String.join(", ", req.unsetLabels())
                + ")",
            "build with --engine podman or --engine buildah, or accept the inherited labels with --allow-inherited-labels");
      }
      notes.add(
          "docker cannot remove inherited labels: kept "
              + String.join(", ", req.unsetLabels())
              + " as allowed");
    }
    if (req.pull() == PullPolicy.NEVER) {
      throw new ExecException(
          "docker build has no way to forbid pulling the base image (--pull=never)",
          "use --pull=missing with docker, or build with --engine podman");
    }
    // --tls-verify=false has no docker equivalent: the daemon's insecure-registries (loopback by
    // default) decide
    Path tmp = tempDir();
    try {
      Path iid = tmp.resolve("iid");
      List<String> argv =
          new ArrayList<>(
              List.of(
                  "docker",
                  "build",
                  "--file",
                  req.containerfilePath().toString(),
                  "--tag",
                  req.tag(),
                  "--platform",
                  req.platform().oci()));
      if (req.pull() == PullPolicy.ALWAYS) {
        argv.add("--pull");
      }
      if (req.noCache()) {
        argv.add("--no-cache");
      }
      Map<String, String> args = new LinkedHashMap<>();
      if (req.timestamp() != null) {
        args.put("SOURCE_DATE_EPOCH", Long.toString(req.timestamp()));
      }
      args.putAll(req.buildArgs());
      addPairs(argv, "--build-arg", args);
      addPairs(argv, "--label", req.labels());
      for (BuildSecret s : req.secrets()) {
        argv.add("--secret");
        if (s.file() != null) {
          argv.add("id=" + s.id() + ",src=" + s.file().toAbsolutePath());
        } else {
          secretValue(s);
          if (!info.secretEnv()) {
            throw new ExecException(
                info + " has no env= build secrets (docker 20.10 added them)",
                "upgrade docker, or give secret '" + s.id() + "' as a file");
          }
          argv.add("id=" + s.id() + ",env=" + s.env());
        }
      }
      argv.add("--iidfile");
      argv.add(iid.toString());
      argv.addAll(req.extraArgs());
      argv.add(req.contextDir().toString());
      // BuildKit: --secret and --platform need it on docker < 23, where it is not the default
      Map<String, String> buildEnv = new LinkedHashMap<>(Map.of("DOCKER_BUILDKIT", "1"));
      buildEnv.putAll(dockerConfig(req.registry(), tmp));
      for (BuildSecret s : req.secrets()) {
        if (s.env() != null) {
          buildEnv.put(s.env(), env.get(s.env()));
        }
      }
      Invocation inv =
          new Invocation(argv, buildEnv, req.contextDir(), req.timeout(), null, req.output());
      logCommand(inv, req.output());
      exec(
          inv,
          "the build failed: read the log above for the failing step; fix the spec or its repositories and rerun");
      return new BuildResult(readTrimmed(iid, inv, "image id"), req.tag(), notes);
    } finally {
      deleteTree(tmp);
    }
  }

  @Override
  public Digest push(
      String localImage, ImageRef remote, RegistryOptions opts, OutputListener output)
      throws InterruptedException {
    checkTls(remote, opts);
    Path tmp = tempDir();
    try {
      Map<String, String> pushEnv = dockerConfig(opts, tmp);
      String hint = registryHint("docker", remote, opts);
      exec(
          new Invocation(
              List.of("docker", "tag", localImage, remote.toString()),
              pushEnv,
              null,
              Invocation.SHORT,
              null,
              output),
          hint);
      Invocation inv =
          new Invocation(
              List.of("docker", "push", remote.toString()),
              pushEnv,
              null,
              PodmanFamilyEngine.PUSH_TIMEOUT,
              null,
              output);
      String out = exec(inv, hint).stdout();
      return lastDigest(out, inv);
    } finally {
      deleteTree(tmp);
    }
  }

  @Override
  public Digest pushIndex(
      ImageRef remote, List<ImageRef> platformImages, RegistryOptions opts, OutputListener output)
      throws InterruptedException {
    checkTls(remote, opts);
    Path tmp = tempDir();
    try {
      Map<String, String> pushEnv = dockerConfig(opts, tmp);
      String hint = registryHint("docker", remote, opts);
      List<String> create = new ArrayList<>(List.of("docker", "manifest", "create"));
      if (!opts.tlsVerify()) {
        create.add("--insecure");
      }
      create.add(remote.toString());
      platformImages.forEach(i -> create.add(i.toString()));
      exec(
          new Invocation(create, pushEnv, null, PodmanFamilyEngine.PUSH_TIMEOUT, null, output),
          hint);
      List<String> push = new ArrayList<>(List.of("docker", "manifest", "push", "--purge"));
      if (!opts.tlsVerify()) {
        push.add("--insecure");
      }
      push.add(remote.toString());
      Invocation inv =
          new Invocation(push, pushEnv, null, PodmanFamilyEngine.PUSH_TIMEOUT, null, output);
      return lastDigest(exec(inv, hint).stdout(), inv);
    } finally {
      deleteTree(tmp);
    }
  }

  /** docker only talks plain HTTP to registries its daemon trusts: loopback by default. */
  private static void checkTls(ImageRef remote, RegistryOptions opts) {
    String host = remote.registry().replaceFirst(":\\d+$", "");
    boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    if (!opts.tlsVerify() && !loopback) {
      throw new ExecException(
          "docker has no per-command --tls-verify=false; its daemon decides which registries may use plain HTTP ("
              + remote.registry()
              + ")",
          "add \""
              + remote.registry()
              + "\" to \"insecure-registries\" in /etc/docker/daemon.json and restart docker, or use --engine podman");
    }
  }

  /**
   * docker reads credentials only from a config directory: a private one holding a copy of the auth
   * file.
   */
  private static Map<String, String> dockerConfig(RegistryOptions opts, Path tmp) {
    if (opts.authfile() == null) {
      return Map.of();
    }
    try {
      Path dir = Files.createDirectory(tmp.resolve("docker-config"));
      Files.copy(opts.authfile(), dir.resolve("config.json"));
      return Map.of("DOCKER_CONFIG", dir.toString());
    } catch (IOException e) {
      throw new ExecException(
          "cannot read auth file " + opts.authfile() + ": " + e.getMessage(),
          "check the --authfile path and its permissions",
          e);
    }
  }

  private static Digest lastDigest(String out, Invocation inv) {
    Matcher m = DIGEST.matcher(out);
    String d = null;
    while (m.find()) {
      d = m.group(1);
    }
    if (d == null) {
      throw new ExecException(
          "docker printed no digest: " + inv.commandLine(), "check the push in the registry");
    }
    return Digest.parse(d);
  }
}

package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.testing.FixtureImages;
import dtk.exec.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The build pod's script, for real, without a cluster: {@code apply --executor kubernetes
 * --emit-manifests} writes the ConfigMap and Job; the ConfigMap's files are laid out below a
 * directory at the paths the Job mounts them (DTK_ROOT stands for the pod's /), and the Job's
 * command runs with the Job's environment and buildah against the test registry. It builds,
 * verifies and pushes; a local {@code dtk apply} afterwards finds the image up to date.
 *
 * <p>One difference from the pod: STORAGE_DRIVER=vfs is left out, so buildah uses the tests'
 * containers-storage (overlay) instead of a fresh vfs store on an emptyDir.
 */
class KubernetesPodScriptIT {
  private static FixtureImages fixtures;

  @TempDir Path dir;

  @BeforeAll
  static void fixtures() {
    Tools.require("podman", "buildah", "docker-registry");
    fixtures = FixtureImages.shared();
  }

  private Path specs() throws Exception {
    Path specs = Files.createDirectories(dir.resolve("specs"));
    Files.writeString(
        specs.resolve("pod.yaml"),
        String.join(
            "\n",
            "apiVersion: dtk/v1",
            "kind: DriverToolkit",
            "metadata: { name: pod }",
            "baseImage: " + fixtures.rpmBase(),
            "packageManager: dnf",
            "platforms: [x86_64]",
            "kernel:",
            "  version: " + FixtureImages.KERNEL,
            "  packages: [\"kernel-devel-${kernel.version}\"]",
            "facts:",
            "  compose: { image: " + fixtures.bootc() + ", label: redhat.compose-id }",
            "packages: [make]",
            "image: { registry: \""
                + fixtures.registry().host()
                + "\", organization: k8s-"
                + java.util.UUID.randomUUID().toString().substring(0, 8)
                + ", name: pod, tag: \"${kernel.version}\" }",
            "verify: { enabled: true, canary: false }",
            ""));
    return specs;
  }

  private Cli.Result dtk(String command, Path specs, String... more) {
    String[] base = {
      command,
      specs.toString(),
      "--tls-verify=false",
      "--engine-arg=--isolation=chroot",
      "--state-dir",
      dir.resolve("state").toString(),
      "--log-dir",
      dir.resolve("logs").toString()
    };
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return Cli.run(args);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theEmittedPodScript_buildsVerifiesAndPushes_andLocalApplyFindsItUpToDate() throws Exception {
    Path specs = specs();
    String target = "pod/x86_64/" + FixtureImages.KERNEL;
    Path out = dir.resolve("manifests");
    Cli.Result emit =
        dtk("apply", specs, "--executor", "kubernetes", "--emit-manifests", out.toString());
    assertThat(emit.exitCode()).as(emit.out() + emit.err()).isZero();
    Path file = out.resolve("pod.x86_64." + FixtureImages.KERNEL + ".yaml");
    assertThat(emit.out()).contains("wrote " + file);

    List<Map<String, Object>> docs = new ArrayList<>();
    new Load(LoadSettings.builder().build())
        .loadAllFromString(Files.readString(file, StandardCharsets.UTF_8))
        .forEach(d -> docs.add((Map<String, Object>) d));
    Map<String, Object> cm = docs.get(0);
    Map<String, Object> job = docs.get(1);
    assertThat(cm.get("kind")).isEqualTo("ConfigMap");
    assertThat(job.get("kind")).isEqualTo("Job");
    Map<String, Object> pod = map(map(map(job, "spec"), "template"), "spec");
    Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
    String ctxMount =
        ((List<Map<String, Object>>) container.get("volumeMounts"))
            .stream()
                .filter(m -> m.get("name").equals("ctx"))
                .map(m -> (String) m.get("mountPath"))
                .findFirst()
                .orElseThrow();

    // the ConfigMap's keys as files where the pod mounts them
    Path root = dir.resolve("pod-root");
    Path ctx = Files.createDirectories(root.resolve(ctxMount.substring(1)));
    map(cm, "data")
        .forEach((k, v) -> write(ctx.resolve(k), ((String) v).getBytes(StandardCharsets.UTF_8)));
    map(cm, "binaryData")
        .forEach((k, v) -> write(ctx.resolve(k), Base64.getDecoder().decode((String) v)));

    List<String> command = new ArrayList<>((List<String>) container.get("command"));
    assertThat(command).containsExactly("/bin/sh", ctxMount + "/build.sh");
    command.set(1, root + command.get(1));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("pod.log").toFile());
    for (Map<String, Object> e : (List<Map<String, Object>>) container.get("env")) {
      if (!e.get("name").equals("STORAGE_DRIVER")) {
        pb.environment().put((String) e.get("name"), (String) e.get("value"));
      }
    }
    pb.environment().put("DTK_ROOT", root.toString());
    Process p = pb.start();
    assertThat(p.waitFor(20, TimeUnit.MINUTES)).isTrue();
    String log = Files.readString(dir.resolve("pod.log"));
    assertThat(p.exitValue()).as(log).isZero();
    assertThat(log)
        .contains(
            "@@dtk-stage build",
            "@@dtk-stage verify",
            "@@dtk-stage push",
            "### dtk: verify release file: ok, KERNEL_VERSION " + FixtureImages.KERNEL,
            "### dtk: verify kernel installed: ok, /lib/modules/" + FixtureImages.KERNEL);
    String digest = Files.readString(root.resolve("dev/termination-log")).strip();
    assertThat(digest).matches("sha256:[0-9a-f]{64}");
    assertThat(log).contains("@@dtk-pushed " + digest);

    Cli.Result again = dtk("apply", specs, "--format", "json");
    assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
    JsonNode r = JsonMapper.builder().build().readTree(again.out());
    assertThat(r.get("built").asInt()).as(again.out()).isZero();
    assertThat(r.get("targets").get(0).get("id").asString()).isEqualTo(target);
    assertThat(r.get("targets").get(0).get("digest").asString()).as(again.out()).isEqualTo(digest);
  }

  @Test
  void aBuildSecretWithoutSecretMap_isAUsageError_andNothingIsWritten() throws Exception {
    Path specs = specs();
    Path spec = specs.resolve("pod.yaml");
    Files.writeString(
        spec,
        Files.readString(spec) + "build:\n  secrets:\n    - { id: token, env: DTK_TEST_TOKEN }\n");
    Path out = dir.resolve("manifests");
    Cli.Result emit =
        dtk("apply", specs, "--executor", "kubernetes", "--emit-manifests", out.toString());
    assertThat(emit.exitCode()).as(emit.out() + emit.err()).isEqualTo(2);
    assertThat(emit.err())
        .contains(
            "dtk: error: target pod/x86_64/"
                + FixtureImages.KERNEL
                + ": build secret 'token' has"
                + " no Kubernetes Secret; name one with --secret-map token=SECRET/KEY\n  hint: nothing was written");
    assertThat(out).doesNotExist();

    Cli.Result mapped =
        dtk(
            "apply",
            specs,
            "--executor",
            "kubernetes",
            "--emit-manifests",
            out.toString(),
            "--secret-map",
            "token=api/token");
    assertThat(mapped.exitCode()).as(mapped.out() + mapped.err()).isZero();
    assertThat(Files.readString(out.resolve("pod.x86_64." + FixtureImages.KERNEL + ".yaml")))
        .contains(
            "secretName: \"api\"", "key: \"token\"", "mountPath: \"/run/dtk/build-secrets/token\"");
  }

  @Test
  void anUnreachableCluster_isAToolFailure_beforeAnythingStarts() throws Exception {
    Path specs = specs();
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters: [{ name: c, cluster: { server: \"https://127.0.0.1:9\" } }]",
            "users: [{ name: u, user: { token: abc } }]",
            "contexts: [{ name: ctx, context: { cluster: c, user: u, namespace: builds } }]",
            "current-context: ctx",
            ""));
    String before = System.getProperty("kubeconfig");
    System.setProperty("kubeconfig", kubeconfig.toString());
    try {
      Cli.Result r = dtk("apply", specs, "--executor", "kubernetes");
      assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(4);
      assertThat(r.err())
          .contains(
              "dtk: error: cannot list the nodes of the cluster at https://127.0.0.1:9/: ",
              "hint: check --kube-context and that you may list nodes");
      assertThat(r.out()).doesNotContain("build");
      Cli.Result other =
          dtk("apply", specs, "--executor", "kubernetes", "--kube-context", "nosuch");
      assertThat(other.exitCode()).as(other.out() + other.err()).isEqualTo(4);
      assertThat(other.err()).contains("dtk: error: kubeconfig has no context nosuch");
    } finally {
      if (before == null) {
        System.clearProperty("kubeconfig");
      } else {
        System.setProperty("kubeconfig", before);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> m, String key) {
    return (Map<String, Object>) m.get(key);
  }

  private static void write(Path f, byte[] b) {
    try {
      Files.write(f, b);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

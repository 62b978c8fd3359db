package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.testing.FixtureImages;
import dtk.exec.testing.Tools;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code dtk apply --executor kubernetes} end to end without a cluster: the fabric8 mock API server
 * (CRUD mode) stands for the API server, and a fake kubelet here runs each Job's pod for real: it
 * lays the Job's ConfigMap out at the Job's mount path below a directory, runs the Job's command
 * (build.sh: buildah against the test registry) with the Job's environment (without
 * STORAGE_DRIVER=vfs: the tests' containers-storage is overlay), then reports the pod and the Job
 * as a kubelet and the Job controller would, with the digest as termination message. dtk publishes
 * the index itself; a local apply afterwards has nothing to do.
 */
class KubernetesApplyIT {
  static final String NS = "builds";
  private static FixtureImages fixtures;

  @TempDir Path dir;
  KubernetesMockServer server;
  KubernetesClient client;
  final Map<String, String> logs = new ConcurrentHashMap<>();
  final Set<String> handled = ConcurrentHashMap.newKeySet();
  Thread kubelet;

  /** The kubelet leaves Jobs alone (no pod is ever scheduled): dtk waits until interrupted. */
  volatile boolean idle;

  String before;

  @BeforeAll
  static void fixtures() {
    Tools.require("podman", "buildah", "docker-registry");
    fixtures = FixtureImages.shared();
  }

  @BeforeEach
  void cluster() throws Exception {
    KubernetesCrudDispatcher dispatcher =
        new KubernetesCrudDispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest r) {
            String p =
                r.getPath().contains("?")
                    ? r.getPath().substring(0, r.getPath().indexOf('?'))
                    : r.getPath();
            if (p.endsWith("/log")) {
              String[] parts = p.split("/");
              return new MockResponse()
                  .setResponseCode(200)
                  .setBody(logs.getOrDefault(parts[parts.length - 2], ""));
            }
            return super.dispatch(r);
          }
        };
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    client = server.createClient();
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("n1")
                .addToLabels("kubernetes.io/arch", "amd64")
                .endMetadata()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build())
        .create();
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters: [{ name: mock, cluster: { server: \""
                + client.getConfiguration().getMasterUrl()
                + "\" } }]",
            "users: [{ name: u, user: { token: t } }]",
            "contexts: [{ name: mock, context: { cluster: mock, user: u, namespace: "
                + NS
                + " } }]",
            "current-context: mock",
            ""));
    before = System.getProperty("kubeconfig");
    System.setProperty("kubeconfig", kubeconfig.toString());
    kubelet = new Thread(this::runKubelet, "fake-kubelet");
    kubelet.setDaemon(true);
    kubelet.start();
  }

  @AfterEach
  void stop() {
    kubelet.interrupt();
    if (before == null) {
      System.clearProperty("kubeconfig");
    } else {
      System.setProperty("kubeconfig", before);
    }
    client.close();
    server.destroy();
  }

  private void runKubelet() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        for (Job j : client.batch().v1().jobs().inNamespace(NS).list().getItems()) {
          if (!idle && handled.add(j.getMetadata().getName())) {
            runPod(j);
          }
        }
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        // the server is going down
      }
    }
  }

  private void runPod(Job job) throws Exception {
    String name = job.getMetadata().getName();
    Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    String cmName =
        job.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getConfigMap() != null)
            .findFirst()
            .orElseThrow()
            .getConfigMap()
            .getName();
    String mount =
        c.getVolumeMounts().stream()
            .filter(m -> m.getName().equals("ctx"))
            .map(VolumeMount::getMountPath)
            .findFirst()
            .orElseThrow();
    ConfigMap cm = client.configMaps().inNamespace(NS).withName(cmName).get();
    Path root = dir.resolve("pods").resolve(name);
    Path ctx = Files.createDirectories(root.resolve(mount.substring(1)));
    for (Map.Entry<String, String> e : cm.getData().entrySet()) {
      Files.writeString(ctx.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
    }
    for (Map.Entry<String, String> e : cm.getBinaryData().entrySet()) {
      Files.write(ctx.resolve(e.getKey()), Base64.getDecoder().decode(e.getValue()));
    }
    List<String> command = new ArrayList<>(c.getCommand());
    command.set(1, root + command.get(1));
    Path out = root.resolve("pod.log");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
    for (EnvVar e : c.getEnv()) {
      if (!e.getName().equals("STORAGE_DRIVER")) {
        pb.environment().put(e.getName(), e.getValue());
      }
    }
    pb.environment().put("DTK_ROOT", root.toString());
    Process p = pb.start();
    p.waitFor(20, TimeUnit.MINUTES);
    int exit = p.exitValue();
    String podName = name + "-abcde";
    logs.put(podName, Files.readString(out));
    Path digest = root.resolve("dev/termination-log");
    String message = Files.exists(digest) ? Files.readString(digest).strip() : null;
    client
        .pods()
        .inNamespace(NS)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(podName)
                .withNamespace(NS)
                .addToLabels("job-name", name)
                .endMetadata()
                .withNewStatus()
                .withPhase(exit == 0 ? "Succeeded" : "Failed")
                .addNewContainerStatus()
                .withName("build")
                .withState(
                    new ContainerStateBuilder()
                        .withNewTerminated()
                        .withExitCode(exit)
                        .withMessage(message)
                        .endTerminated()
                        .build())
                .endContainerStatus()
                .endStatus()
                .build())
        .create();
    Job done =
        new JobBuilder(client.batch().v1().jobs().inNamespace(NS).withName(name).get())
            .withNewStatus()
            .addToConditions(
                new JobConditionBuilder()
                    .withType(exit == 0 ? "Complete" : "Failed")
                    .withStatus("True")
                    .withReason(exit == 0 ? null : "BackoffLimitExceeded")
                    .build())
            .endStatus()
            .build();
    client.batch().v1().jobs().inNamespace(NS).resource(done).updateStatus();
  }

  @Test
  void sigint_deletesTheJobsItStarted_andPublishesNoIndex() throws Exception {
    idle = true;
    Path specs = specs();
    Path jar = Path.of("target", "dtk-cli.jar").toAbsolutePath();
    Path lib = Path.of("target", "lib").toAbsolutePath();
    assertThat(jar).as("the packaged CLI (failsafe runs after package)").exists();
    Path out = dir.resolve("out.txt");
    String cp = jar + java.io.File.pathSeparator + lib + java.io.File.separator + "*";
    Process dtk =
        new ProcessBuilder(
                List.of(
                    "java",
                    "-Dkubeconfig=" + System.getProperty("kubeconfig"),
                    "-cp",
                    cp,
                    "dtk.cli.Dtk",
                    "apply",
                    specs.toString(),
                    "--executor",
                    "kubernetes",
                    "--tls-verify=false",
                    "--state-dir",
                    dir.resolve("state").toString(),
                    "--log-dir",
                    dir.resolve("logs").toString()))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (client.batch().v1().jobs().inNamespace(NS).list().getItems().isEmpty()) {
        assertThat(dtk.isAlive()).as(Files.exists(out) ? Files.readString(out) : "").isTrue();
        assertThat(System.nanoTime()).as("no Job was created in time").isLessThan(deadline);
        Thread.sleep(100);
      }
      assertThat(client.configMaps().inNamespace(NS).list().getItems()).hasSize(1);
      Thread.sleep(500);
      new ProcessBuilder("kill", "-INT", Long.toString(dtk.pid())).start().waitFor();
      assertThat(dtk.waitFor(90, TimeUnit.SECONDS)).as("dtk ended after SIGINT").isTrue();
    } finally {
      dtk.destroyForcibly();
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(text)
        .contains("dtk: interrupted: stopping running builds; no index will be published")
        .containsPattern(
            "kube/x86_64/" + FixtureImages.KERNEL.replace(".", "\\.") + " +build +cancelled");
    assertThat(dtk.exitValue()).isNotZero();
    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).as(text).isEmpty();
    assertThat(client.configMaps().inNamespace(NS).list().getItems()).as(text).isEmpty();
    assertThat(
            Files.readString(
                dir.resolve("logs").resolve("kube.x86_64." + FixtureImages.KERNEL + ".log")))
        .contains("### dtk: interrupted: deleted Job ");
  }

  private Path specs() throws Exception {
    Path specs = Files.createDirectories(dir.resolve("specs"));
    Files.writeString(
        specs.resolve("kube.yaml"),
        String.join(
            "\n",
            "apiVersion: dtk/v1",
            "kind: DriverToolkit",
            "metadata: { name: kube }",
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
                + "\", organization: kube-"
                + java.util.UUID.randomUUID().toString().substring(0, 8)
                + ", name: kube, tag: \"${kernel.version}\" }",
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
  void
      applyWithTheKubernetesExecutor_buildsInThePod_publishesTheIndex_andALocalApplyHasNothingToDo()
          throws Exception {
    Path specs = specs();
    String target = "kube/x86_64/" + FixtureImages.KERNEL;
    Cli.Result r = dtk("apply", specs, "--executor", "kubernetes", "--format", "json");
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    JsonNode report = JsonMapper.builder().build().readTree(r.out());
    assertThat(report.get("built").asInt()).as(r.out()).isEqualTo(1);
    assertThat(report.get("targets").get(0).get("id").asString()).isEqualTo(target);
    assertThat(report.get("indexes").get(0).get("result").asString())
        .as(r.out())
        .isEqualTo("pushed");

    List<Job> jobs = client.batch().v1().jobs().inNamespace(NS).list().getItems();
    assertThat(jobs)
        .singleElement()
        .satisfies(
            j ->
                assertThat(j.getMetadata().getLabels())
                    .containsEntry("dtk.dev/target", "kube.x86_64." + FixtureImages.KERNEL));
    String log =
        Files.readString(
            dir.resolve("logs").resolve("kube.x86_64." + FixtureImages.KERNEL + ".log"));
    assertThat(log)
        .contains(
            "### dtk: created Job " + jobs.get(0).getMetadata().getName(),
            "### dtk: verify release file: ok",
            "@@dtk-pushed sha256:");

    Cli.Result again = dtk("apply", specs, "--format", "json");
    assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
    assertThat(JsonMapper.builder().build().readTree(again.out()).get("changedNothing").asBoolean())
        .as(again.out())
        .isTrue();
  }
}

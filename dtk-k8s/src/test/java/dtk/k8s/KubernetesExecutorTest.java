package dtk.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.ExecException;
import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.plan.RenderedTargets;
import dtk.exec.apply.run.ClusterSettings;
import dtk.exec.apply.run.TargetExecutor;
import dtk.exec.apply.run.TargetFailedException;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KubernetesExecutor} against the fabric8 mock server in CRUD mode, with {@link FakeCluster}
 * as Job controller.
 */
class KubernetesExecutorTest {
  static final String ORG = "org-value-4471";
  static final String KEY = "activation-key-9b1e";
  static final String TOKEN = "cmVnaXN0cnktdG9rZW4tZDAwZA==";

  @TempDir Path tmp;
  FakeCluster cluster;
  RenderedTargets targets;
  ClusterSettings settings;
  final List<String> indexes = new CopyOnWriteArrayList<>();
  final List<String> stages = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    cluster = new FakeCluster();
    targets = TestTargets.shipped();
    settings = TestTargets.settings(tmp.resolve("logs"));
    // the Secrets the user made; their values must appear in nothing dtk creates or logs
    cluster
        .client
        .secrets()
        .inNamespace(FakeCluster.NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("rhsm")
                .endMetadata()
                .addToStringData("org", ORG)
                .addToStringData("activationkey", KEY)
                .build())
        .create();
    cluster
        .client
        .secrets()
        .inNamespace(FakeCluster.NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("registry-push")
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .addToStringData(
                    ".dockerconfigjson", "{\"auths\":{\"r.example\":{\"auth\":\"" + TOKEN + "\"}}}")
                .build())
        .create();
    cluster.node("amd-1", "amd64", true);
    cluster.node("arm-1", "arm64", true);
    cluster.requests.clear();
  }

  @AfterEach
  void tearDown() {
    cluster.close();
  }

  ApplyTarget target(String spec, String arch) {
    return targets.targets().stream()
        .filter(t -> t.spec().equals(spec) && t.arch().equals(arch))
        .findFirst()
        .orElseThrow();
  }

  KubernetesExecutor executor(List<ApplyTarget> build) {
    TargetExecutor local =
        new TargetExecutor() {
          @Override
          public Digest execute(ApplyTarget target, Progress progress) {
            throw new AssertionError("targets are built in the cluster");
          }

          @Override
          public Digest publishIndex(ImageRef index, List<IndexMember> members, Progress progress) {
            indexes.add(index.toString());
            return Digest.sha256Hex("cd".repeat(32));
          }
        };
    return KubernetesClusterExecutors.open(cluster.client, settings, targets, build, local);
  }

  @Test
  void submit_createsConfigMapAndJob_withLabelsSelectorMountsAndLimits_andReturnsThePushedDigest()
      throws Exception {
    ApplyTarget t = target("rhel", "x86_64");
    KubernetesExecutor ex = executor(List.of(t));
    Digest digest = ex.execute(t, stages::add);
    assertThat(digest).isEqualTo(Digest.parse(FakeCluster.DIGEST));
    assertThat(stages).containsExactly("submit", "build", "verify", "push");
    // the README's Role lists exactly these (plus delete jobs/configmaps on Ctrl-C, list nodes
    // before starting)
    java.util.Set<String> used = new java.util.TreeSet<>();
    cluster.requests.stream().filter(r -> !r.controller()).forEach(r -> used.add(r.rbac()));
    assertThat(used)
        .containsExactly(
            "create configmaps",
            "create jobs",
            "get configmaps",
            "get jobs",
            "get pods/log",
            "list nodes",
            "list pods",
            "patch configmaps");

    Job job =
        cluster
            .client
            .batch()
            .v1()
            .jobs()
            .inNamespace(FakeCluster.NS)
            .withName(Manifests.jobName(t))
            .get();
    assertThat(job.getMetadata().getLabels())
        .containsEntry("dtk.dev/target", "rhel.x86_64.5.14.0-427.13.1.el9_4")
        .containsEntry("dtk.dev/inputs", t.inputsDigest().shortHex(40));
    assertThat(
            cluster
                .client
                .batch()
                .v1()
                .jobs()
                .inNamespace(FakeCluster.NS)
                .withLabelSelector(
                    io.fabric8.kubernetes.api.model.LabelSelectorBuilder.class
                        .cast(
                            new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
                                .addToMatchLabels("app.kubernetes.io/managed-by", "dtk")
                                .addToMatchLabels("dtk.dev/inputs", t.inputsDigest().shortHex(40)))
                        .build())
                .list()
                .getItems())
        .hasSize(1);
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getTemplate().getSpec().getNodeSelector())
        .isEqualTo(Map.of("kubernetes.io/arch", "amd64"));
    Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory", "ephemeral-storage");
    assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("8Gi");
    assertThat(c.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .containsExactly(
            "/run/dtk/ctx",
            "/var/lib/containers",
            "/run/dtk/registry",
            "/run/dtk/build-secrets/rhsm-org",
            "/run/dtk/build-secrets/rhsm-activationkey");
    List<Volume> volumes = job.getSpec().getTemplate().getSpec().getVolumes();
    assertThat(volumes)
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName())
        .containsExactly("registry-push", "rhsm", "rhsm");
    assertThat(c.getEnv()).extracting(e -> e.getValueFrom()).containsOnlyNulls();

    ConfigMap cm =
        cluster
            .client
            .configMaps()
            .inNamespace(FakeCluster.NS)
            .withName(Manifests.jobName(t) + "-ctx")
            .get();
    assertThat(cm.getImmutable()).isTrue();
    assertThat(cm.getBinaryData()).containsKey("context.tar.gz");
    assertThat(cm.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(job.getMetadata().getUid()));

    Path log = ex.logFile(t).orElseThrow();
    assertThat(Files.readString(log))
        .contains("STEP 1/9", "created Job " + Manifests.jobName(t), "pushed ");
    assertNoSecretValues(log);
  }

  @Test
  void aJobWithTheSameInputs_isAdopted_notDuplicated() throws Exception {
    ApplyTarget t = target("centos", "x86_64");
    Manifests.Objects existing = Manifests.of(t, targets.context(t), settings);
    cluster
        .client
        .batch()
        .v1()
        .jobs()
        .inNamespace(FakeCluster.NS)
        .resource(existing.job())
        .create();
    cluster.requests.clear();
    KubernetesExecutor ex = executor(List.of(t));
    assertThat(ex.execute(t, stages::add)).isEqualTo(Digest.parse(FakeCluster.DIGEST));
    assertThat(cluster.client.batch().v1().jobs().inNamespace(FakeCluster.NS).list().getItems())
        .hasSize(1);
    assertThat(Files.readString(ex.logFile(t).orElseThrow()))
        .contains("adopted Job " + Manifests.jobName(t));
    assertThat(cluster.requests)
        .filteredOn(r -> r.method().equals("POST") && r.path().contains("/jobs"))
        .hasSize(1);
  }

  @Test
  void aFailedJobWithTheSameInputs_isReported_withWhatToDo() throws Exception {
    ApplyTarget t = target("centos", "x86_64");
    cluster.ignore(Manifests.jobName(t));
    Job job =
        cluster
            .client
            .batch()
            .v1()
            .jobs()
            .inNamespace(FakeCluster.NS)
            .resource(Manifests.of(t, targets.context(t), settings).job())
            .create();
    cluster
        .client
        .batch()
        .v1()
        .jobs()
        .inNamespace(FakeCluster.NS)
        .resource(
            new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(job)
                .withNewStatus()
                .addNewCondition()
                .withType("Failed")
                .withStatus("True")
                .withReason("BackoffLimitExceeded")
                .endCondition()
                .endStatus()
                .build())
        .updateStatus();
    KubernetesExecutor ex = executor(List.of(t));
    assertThatThrownBy(() -> ex.execute(t, stages::add))
        .isInstanceOfSatisfying(
            TargetFailedException.class,
            e -> {
              assertThat(e.stage()).isEqualTo("submit");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Job "
                          + Manifests.jobName(t)
                          + " for the same inputs failed before"
                          + " (BackoffLimitExceeded) and is kept for kubectl logs until its ttlSecondsAfterFinished; delete it"
                          + " (kubectl delete job "
                          + Manifests.jobName(t)
                          + " -n dtk-builds) and run again");
            });
  }

  @Test
  void interrupt_deletesTheJobItStarted_withForegroundPropagation() throws Exception {
    cluster.outcome = FakeCluster.Outcome.RUN_FOREVER;
    ApplyTarget t = target("fedora", "aarch64");
    KubernetesExecutor ex = executor(List.of(t));
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread worker =
        new Thread(
            () -> {
              try {
                ex.execute(t, stages::add);
              } catch (Throwable e) {
                thrown.set(e);
              }
            });
    worker.start();
    long until = System.nanoTime() + 10_000_000_000L;
    while (cluster.client.pods().inNamespace(FakeCluster.NS).list().getItems().isEmpty()
        && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    Thread.sleep(100);
    worker.interrupt();
    worker.join(10_000);
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(
            cluster
                .client
                .batch()
                .v1()
                .jobs()
                .inNamespace(FakeCluster.NS)
                .withName(Manifests.jobName(t))
                .get())
        .isNull();
    assertThat(
            cluster
                .client
                .configMaps()
                .inNamespace(FakeCluster.NS)
                .withName(Manifests.jobName(t) + "-ctx")
                .get())
        .isNull();
    assertThat(
            cluster.requests.stream()
                .filter(r -> !r.controller() && r.method().equals("DELETE"))
                .map(FakeCluster.Request::rbac))
        .containsExactly("delete jobs", "delete configmaps");
    assertThat(cluster.requests)
        .filteredOn(r -> r.method().equals("DELETE") && r.path().contains("/jobs/"))
        .singleElement()
        .satisfies(r -> assertThat(r.body()).contains("\"propagationPolicy\":\"Foreground\""));
  }

  @Test
  void aFailedPod_failsTheTarget_withTheScriptsReasonAndTheLogTail() throws Exception {
    cluster.outcome = FakeCluster.Outcome.FAIL_VERIFY;
    ApplyTarget t = target("centos", "aarch64");
    KubernetesExecutor ex = executor(List.of(t));
    assertThatThrownBy(() -> ex.execute(t, stages::add))
        .isInstanceOfSatisfying(
            TargetFailedException.class,
            e -> {
              assertThat(e.stage()).isEqualTo("verify");
              assertThat(e.getMessage())
                  .isEqualTo("canary: vermagic '6.1' does not start with 5.14; not pushed");
              assertThat(e.logTail()).anySatisfy(l -> assertThat(l).contains("STEP 1/9"));
            });
  }

  @Test
  void anEvictedPod_failsTheTarget_withThePodsReason() throws Exception {
    cluster.outcome = FakeCluster.Outcome.EVICTED;
    ApplyTarget t = target("debian", "x86_64");
    KubernetesExecutor ex = executor(List.of(t));
    assertThatThrownBy(() -> ex.execute(t, stages::add))
        .isInstanceOf(TargetFailedException.class)
        .hasMessageContaining(
            "pod "
                + Manifests.jobName(t)
                + "-x7k2p: Evicted (The node was low on resource: ephemeral-storage.)");
  }

  @Test
  void theDeadline_failsTheTarget_sayingSo() throws Exception {
    cluster.outcome = FakeCluster.Outcome.DEADLINE;
    ApplyTarget t = target("debian", "x86_64");
    KubernetesExecutor ex = executor(List.of(t));
    assertThatThrownBy(() -> ex.execute(t, stages::add))
        .isInstanceOf(TargetFailedException.class)
        .hasMessageStartingWith(
            "Job " + Manifests.jobName(t) + " ran past its deadline of 7200s (--build-timeout)");
  }

  @Test
  void noReadyNodeOfAnArchitecture_isAnErrorBeforeAnythingIsCreated() {
    cluster.client.nodes().withName("arm-1").delete();
    cluster.node("arm-2", "arm64", false);
    cluster.requests.clear();
    ApplyTarget t = target("fedora", "aarch64");
    assertThatThrownBy(() -> executor(List.of(target("fedora", "x86_64"), t)))
        .isInstanceOf(ExecException.class)
        .hasMessage(
            "the cluster has no Ready node with kubernetes.io/arch=arm64 for fedora/aarch64/6.8.5-301.fc40"
                + " (Ready architectures: amd64)");
    assertThat(cluster.requests).filteredOn(r -> !r.method().equals("GET")).isEmpty();
    assertThat(cluster.requests)
        .filteredOn(r -> r.path().contains("/jobs") || r.path().contains("/configmaps"))
        .allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
  }

  @Test
  void aBuildSecretWithoutMapping_isAUsageErrorBeforeAnythingIsCreated() {
    settings =
        new ClusterSettings(
            FakeCluster.NS,
            null,
            null,
            ClusterSettings.DEFAULT_BUILDER_IMAGE,
            Map.of(),
            Map.of(),
            Map.of(),
            settings.deadline(),
            settings.ttl(),
            settings.logDir(),
            settings.registry(),
            settings.poll());
    assertThatThrownBy(() -> executor(List.of(target("rhel", "x86_64"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "target rhel/x86_64/5.14.0-427.13.1.el9_4: build secret 'rhsm-org' has no Kubernetes Secret;"
                + " name one with --secret-map rhsm-org=SECRET/KEY");
    assertThat(cluster.requests).filteredOn(r -> !r.method().equals("GET")).isEmpty();
  }

  @Test
  void indexes_arePublishedByTheLocalExecutor() throws Exception {
    KubernetesExecutor ex = executor(List.of());
    ex.publishIndex(ImageRef.parse("quay.io/x/y:1"), List.of(), s -> {});
    assertThat(indexes).containsExactly("quay.io/x/y:1");
  }

  /** Every object the run created, every request it sent and its log: none holds a secret value. */
  void assertNoSecretValues(Path log) throws Exception {
    KubernetesSerialization json = new KubernetesSerialization();
    StringBuilder all = new StringBuilder();
    cluster.requests.forEach(r -> all.append(r.path()).append('\n').append(r.body()).append('\n'));
    cluster
        .client
        .configMaps()
        .inNamespace(FakeCluster.NS)
        .list()
        .getItems()
        .forEach(
            o -> {
              all.append(json.asJson(o));
              o.getBinaryData()
                  .values()
                  .forEach(
                      b ->
                          all.append(
                              new String(
                                  Base64.getDecoder().decode(b), StandardCharsets.ISO_8859_1)));
            });
    cluster
        .client
        .batch()
        .v1()
        .jobs()
        .inNamespace(FakeCluster.NS)
        .list()
        .getItems()
        .forEach(o -> all.append(json.asJson(o)));
    cluster
        .client
        .pods()
        .inNamespace(FakeCluster.NS)
        .list()
        .getItems()
        .forEach(o -> all.append(json.asJson(o)));
    all.append(Files.readString(log));
    assertThat(cluster.requests).isNotEmpty();
    for (String secret : List.of(ORG, KEY, TOKEN, b64(ORG), b64(KEY))) {
      assertThat(all.toString()).doesNotContain(secret);
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}

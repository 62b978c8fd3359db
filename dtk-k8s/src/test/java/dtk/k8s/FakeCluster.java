package dtk.k8s;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fabric8 mock API server in CRUD mode (the four-argument constructor: the boolean one means
 * https), with what it lacks played here: pod logs (CRUD mode serves none; {@code /log} is answered
 * from {@link #logs}) and a Job controller ({@link #step}: a pod per Job, then the pod's and the
 * Job's status as the chosen {@link Outcome} says).
 */
final class FakeCluster implements AutoCloseable {
  enum Outcome {
    SUCCEED,
    FAIL_VERIFY,
    EVICTED,
    DEADLINE,
    RUN_FOREVER
  }

  /** One request; {@code controller}: sent by the fake controller, not by the code under test. */
  record Request(String method, String path, String body, boolean controller) {
    /** The RBAC verb and resource it needs: {@code create jobs}, {@code get pods/log}. */
    String rbac() {
      String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
      String[] parts = p.split("/");
      int i = java.util.Arrays.asList(parts).indexOf("namespaces");
      String resource;
      boolean named;
      if (i >= 0 && parts.length > i + 2) {
        resource = parts[i + 2];
        named = parts.length > i + 3;
        if (parts.length > i + 4) {
          resource += "/" + parts[i + 4];
        }
      } else {
        resource = parts[parts.length - (p.matches(".*/nodes/[^/]+$") ? 2 : 1)];
        named = p.matches(".*/nodes/[^/]+$");
      }
      String verb =
          switch (method) {
            case "POST" -> "create";
            case "PATCH" -> "patch";
            case "PUT" -> "update";
            case "DELETE" -> "delete";
            default -> named ? "get" : "list";
          };
      return verb + " " + resource;
    }
  }

  static final String NS = "dtk-builds";
  private static final String CONTROLLER_HEADER = "X-Fake-Controller";
  static final String DIGEST = "sha256:" + "ab".repeat(32);

  final List<Request> requests = new CopyOnWriteArrayList<>();
  final Map<String, String> logs = new ConcurrentHashMap<>();
  private final Set<String> handled = ConcurrentHashMap.newKeySet();
  final KubernetesMockServer server;
  final KubernetesClient client;
  private final KubernetesClient controllerClient;
  volatile Outcome outcome = Outcome.SUCCEED;
  private final Thread controller;

  FakeCluster() {
    KubernetesCrudDispatcher dispatcher =
        new KubernetesCrudDispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest r) {
            // getBytes() leaves the body for the CRUD dispatcher (getUtf8Body() would consume it)
            requests.add(
                new Request(
                    r.getMethod(),
                    r.getPath(),
                    r.getBody() == null
                        ? ""
                        : new String(
                            r.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    r.getHeader(CONTROLLER_HEADER) != null));
            String path = r.getPath();
            int q = path.indexOf('?');
            String p = q < 0 ? path : path.substring(0, q);
            if (p.endsWith("/log")) {
              String[] parts = p.split("/");
              String pod = parts[parts.length - 2];
              return new MockResponse().setResponseCode(200).setBody(logs.getOrDefault(pod, ""));
            }
            return super.dispatch(r);
          }
        };
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    client = server.createClient();
    controllerClient =
        server.createClient(
            b ->
                b.withConfig(
                    new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration())
                        .withCustomHeaders(Map.of(CONTROLLER_HEADER, "1"))
                        .build()));
    controller = new Thread(this::run, "fake-job-controller");
    controller.setDaemon(true);
    controller.start();
  }

  /** The controller leaves this Job alone (its status is the test's). */
  void ignore(String job) {
    handled.add(job);
  }

  void node(String name, String arch, boolean ready) {
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("kubernetes.io/arch", arch)
                .endMetadata()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .endStatus()
                .build())
        .create();
  }

  private void run() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        for (Job j : controllerClient.batch().v1().jobs().inNamespace(NS).list().getItems()) {
          if (handled.add(j.getMetadata().getName())) {
            step(j);
          }
        }
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // the server is going down
      }
    }
  }

  /** What a Job controller and a kubelet would do with {@code job}. */
  private void step(Job job) {
    String name = job.getMetadata().getName();
    String podName = name + "-x7k2p";
    String log = "@@dtk-stage build\nSTEP 1/9: FROM quay.io/centos/centos:stream9\n";
    String phase;
    String message = null;
    String podReason = null;
    int exit = 0;
    switch (outcome) {
      case SUCCEED -> {
        log +=
            "@@dtk-stage verify\n### dtk: verify canary: ok, vermagic x\n@@dtk-stage push\n@@dtk-pushed "
                + DIGEST
                + "\n";
        phase = "Succeeded";
        message = DIGEST;
      }
      case FAIL_VERIFY -> {
        log +=
            "@@dtk-stage verify\n@@dtk-failed verify canary: vermagic '6.1' does not start with 5.14; not pushed\n";
        phase = "Failed";
        exit = 1;
      }
      case EVICTED -> {
        phase = "Failed";
        podReason = "Evicted";
      }
      case DEADLINE -> {
        phase = "Failed";
        podReason = "DeadlineExceeded";
      }
      default -> phase = "Running";
    }
    logs.put(podName, log);
    io.fabric8.kubernetes.api.model.ContainerState state =
        "Running".equals(phase)
            ? new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
                .withNewRunning()
                .endRunning()
                .build()
            : podReason != null
                ? new io.fabric8.kubernetes.api.model.ContainerStateBuilder().build()
                : new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
                    .withNewTerminated()
                    .withExitCode(exit)
                    .withReason(exit == 0 ? "Completed" : "Error")
                    .withMessage(message)
                    .endTerminated()
                    .build();
    Pod built =
        new PodBuilder()
            .withNewMetadata()
            .withName(podName)
            .withNamespace(NS)
            .addToLabels("job-name", name)
            .endMetadata()
            .withNewStatus()
            .withPhase(phase)
            .withReason(podReason)
            .withMessage(
                outcome == Outcome.EVICTED
                    ? "The node was low on resource: ephemeral-storage."
                    : null)
            .addNewContainerStatus()
            .withName("build")
            .withState(state)
            .endContainerStatus()
            .endStatus()
            .build();
    if (outcome != Outcome.DEADLINE) {
      controllerClient.pods().inNamespace(NS).resource(built).create();
    }
    if ("Running".equals(phase)) {
      return;
    }
    String type = "Succeeded".equals(phase) ? "Complete" : "Failed";
    String reason =
        outcome == Outcome.DEADLINE
            ? "DeadlineExceeded"
            : "Succeeded".equals(phase) ? null : "BackoffLimitExceeded";
    String msg =
        outcome == Outcome.DEADLINE ? "Job was active longer than specified deadline" : null;
    Job withStatus =
        new JobBuilder(controllerClient.batch().v1().jobs().inNamespace(NS).withName(name).get())
            .withNewStatus()
            .addToConditions(
                new JobConditionBuilder()
                    .withType(type)
                    .withStatus("True")
                    .withReason(reason)
                    .withMessage(msg)
                    .build())
            .endStatus()
            .build();
    controllerClient.batch().v1().jobs().inNamespace(NS).resource(withStatus).updateStatus();
    if (outcome == Outcome.DEADLINE) {
      // the Job controller marks the Job, then kills its pod
      controllerClient.pods().inNamespace(NS).resource(built).create();
    }
  }

  @Override
  public void close() {
    controller.interrupt();
    controllerClient.close();
    client.close();
    server.destroy();
  }
}

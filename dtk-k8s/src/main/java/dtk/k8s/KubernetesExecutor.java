package dtk.k8s;

import dtk.exec.ExecException;
import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.plan.RenderedTargets;
import dtk.exec.apply.run.ClusterExecutors;
import dtk.exec.apply.run.ClusterSettings;
import dtk.exec.apply.run.TargetExecutor;
import dtk.exec.apply.run.TargetFailedException;
import dtk.exec.build.StateStore;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs each target as a Kubernetes Job (see {@link Manifests}): creates its ConfigMap and Job, or
 * adopts the Job another {@code dtk apply} started for the same inputs (the create answers 409),
 * streams the pod's output into the target's log, and ends with the digest the pod pushed (its
 * termination message). Interrupted, it deletes the Jobs it created (foreground propagation: the
 * pod goes first) and their ConfigMaps. Indexes are published by {@code local}.
 *
 * <p>The API calls, for the RBAC Role: configmaps create, patch, delete; jobs create, get, delete;
 * pods list; pods/log get; nodes list (cluster scope, in {@link #checkNodes}).
 */
final class KubernetesExecutor implements ClusterExecutors.Cluster {
  private static final int TAIL = 30;

  private final KubernetesClient client;
  private final String namespace;
  private final ClusterSettings settings;
  private final RenderedTargets targets;
  private final TargetExecutor local;
  private final Map<String, Manifests.Objects> objects = new ConcurrentHashMap<>();

  KubernetesExecutor(
      KubernetesClient client,
      ClusterSettings settings,
      RenderedTargets targets,
      TargetExecutor local) {
    this.client = client;
    this.settings = settings;
    this.namespace =
        settings.namespace() != null
            ? settings.namespace()
            : client.getNamespace() != null ? client.getNamespace() : "default";
    this.targets = targets;
    this.local = local;
  }

  /**
   * Builds every target's objects now: a missing secret mapping or an oversized context is said
   * before anything starts.
   */
  void prepare(List<ApplyTarget> build) {
    ClusterSettings s = inNamespace();
    for (ApplyTarget t : build) {
      objects.put(t.id(), Manifests.of(t, targets.context(t), s));
    }
  }

  private ClusterSettings inNamespace() {
    return new ClusterSettings(
        namespace,
        settings.kubeContext(),
        settings.pushSecret(),
        settings.builderImage(),
        settings.secretMap(),
        settings.requests(),
        settings.limits(),
        settings.deadline(),
        settings.ttl(),
        settings.logDir(),
        settings.registry(),
        settings.poll());
  }

  /**
   * Fails unless each architecture of {@code build} has a Ready, schedulable node (label {@code
   * kubernetes.io/arch}).
   */
  void checkNodes(List<ApplyTarget> build) {
    Map<String, List<String>> byArch = new LinkedHashMap<>();
    for (ApplyTarget t : build) {
      byArch
          .computeIfAbsent(dtk.exec.Platform.ociArch(t.arch()), a -> new ArrayList<>())
          .add(t.id());
    }
    if (byArch.isEmpty()) {
      return;
    }
    List<Node> nodes;
    try {
      nodes = client.nodes().list().getItems();
    } catch (KubernetesClientException e) {
      throw new ExecException(
          "cannot list the nodes of the cluster at " + client.getMasterUrl() + ": " + reason(e),
          "check --kube-context and that you may list nodes (a ClusterRole with nodes: list; see the README)",
          e);
    }
    Set<String> ready = new TreeSet<>();
    for (Node n : nodes) {
      boolean isReady =
          n.getStatus() != null
              && n.getStatus().getConditions() != null
              && n.getStatus().getConditions().stream()
                  .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
      boolean schedulable =
          n.getSpec() == null || !Boolean.TRUE.equals(n.getSpec().getUnschedulable());
      String arch =
          n.getMetadata().getLabels() == null
              ? null
              : n.getMetadata().getLabels().get(Manifests.NODE_ARCH);
      if (isReady && schedulable && arch != null) {
        ready.add(arch);
      }
    }
    for (Map.Entry<String, List<String>> e : byArch.entrySet()) {
      if (!ready.contains(e.getKey())) {
        List<String> ids = e.getValue();
        throw new ExecException(
            "the cluster has no Ready node with "
                + Manifests.NODE_ARCH
                + "="
                + e.getKey()
                + " for "
                + ids.get(0)
                + (ids.size() > 1 ? " and " + (ids.size() - 1) + " more" : "")
                + " (Ready architectures: "
                + (ready.isEmpty() ? "none" : String.join(", ", ready))
                + ")",
            "add "
                + e.getKey()
                + " nodes to the cluster, or leave the platform out with --platform");
      }
    }
  }

  @Override
  public Optional<Path> logFile(ApplyTarget target) {
    return Optional.of(
        settings.logDir().resolve(StateStore.safeName(target.id()) + ".log").toAbsolutePath());
  }

  @Override
  public Digest execute(ApplyTarget target, Progress progress)
      throws TargetFailedException, InterruptedException {
    Manifests.Objects m =
        objects.computeIfAbsent(
            target.id(), id -> Manifests.of(target, targets.context(target), inNamespace()));
    Path logPath = logFile(target).orElseThrow();
    String job = m.job().getMetadata().getName();
    try (Log log = new Log(logPath)) {
      progress.stage("submit");
      Created created = new Created();
      try {
        submit(m, target, log, created);
        created.submitted = true;
        return follow(target, job, log, progress);
      } catch (InterruptedException e) {
        delete(m, created, log);
        throw e;
      } catch (KubernetesClientException e) {
        if (interrupted(e)) {
          delete(m, created, log);
          throw new InterruptedException("interrupted while submitting or following Job " + job);
        }
        if (!created.submitted) {
          throw log.failed(
              "submit",
              "cannot create Job " + job + " in namespace " + namespace + ": " + reason(e),
              e);
        }
        throw log.failed(
            log.stage, "lost Job " + job + " in namespace " + namespace + ": " + reason(e), e);
      }
    } catch (IOException e) {
      throw new TargetFailedException(
          "submit", "cannot write the log " + logPath + ": " + e.getMessage());
    }
  }

  /** What this run created for a target: deleted again when it is interrupted. */
  private static final class Created {
    volatile boolean configMap;
    volatile boolean job;
    volatile boolean submitted;
  }

  /**
   * Creates the ConfigMap and the Job, noting them in {@code created}; a Job for the same inputs is
   * adopted.
   */
  private void submit(Manifests.Objects m, ApplyTarget target, Log log, Created mine)
      throws TargetFailedException {
    ConfigMap cm = m.configMap();
    String job = m.job().getMetadata().getName();
    boolean cmCreated =
        create(() -> client.configMaps().inNamespace(namespace).resource(cm).create());
    mine.configMap = cmCreated;
    Job created;
    try {
      created = client.batch().v1().jobs().inNamespace(namespace).resource(m.job()).create();
      mine.job = true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      Job existing = client.batch().v1().jobs().inNamespace(namespace).withName(job).get();
      String digest =
          existing == null || existing.getMetadata().getAnnotations() == null
              ? null
              : existing.getMetadata().getAnnotations().get(Manifests.INPUTS_DIGEST);
      if (existing != null && !target.inputsDigest().toString().equals(digest)) {
        throw log.failed(
            "submit",
            "Job "
                + job
                + " exists in namespace "
                + namespace
                + " but was made for inputs "
                + digest
                + ", not "
                + target.inputsDigest()
                + "; delete it (kubectl delete job "
                + job
                + ") and run again",
            null);
      }
      JobCondition failedBefore = existing == null ? null : condition(existing, "Failed");
      if (failedBefore != null) {
        throw log.failed(
            "submit",
            "Job "
                + job
                + " for the same inputs failed before"
                + (failedBefore.getReason() == null ? "" : " (" + failedBefore.getReason() + ")")
                + " and is kept for kubectl logs until its ttlSecondsAfterFinished; delete it (kubectl delete job "
                + job
                + " -n "
                + namespace
                + ") and run again",
            null);
      }
      log.note(
          "adopted Job "
              + job
              + " (started by another dtk apply with the same inputs): waiting for it");
      return;
    }
    log.note(
        "created Job "
            + job
            + " in namespace "
            + namespace
            + (cmCreated ? " with ConfigMap " : " (ConfigMap ")
            + cm.getMetadata().getName()
            + (cmCreated ? "" : " was there)"));
    if (cmCreated) {
      try {
        // the ConfigMap goes when the Job is deleted (ttlSecondsAfterFinished, or kubectl delete)
        client
            .configMaps()
            .inNamespace(namespace)
            .withName(cm.getMetadata().getName())
            .edit(
                c -> {
                  c.getMetadata()
                      .setOwnerReferences(
                          List.of(
                              new OwnerReferenceBuilder()
                                  .withApiVersion("batch/v1")
                                  .withKind("Job")
                                  .withName(job)
                                  .withUid(created.getMetadata().getUid())
                                  .withBlockOwnerDeletion(false)
                                  .build()));
                  return c;
                });
      } catch (KubernetesClientException e) {
        if (interrupted(e)) {
          throw e;
        }
        log.note(
            "could not make Job "
                + job
                + " the owner of ConfigMap "
                + cm.getMetadata().getName()
                + " ("
                + reason(e)
                + "); delete it by hand when the Job is gone");
      }
    }
  }

  /** The client turns an interrupt during a request into its own exception. */
  private static boolean interrupted(KubernetesClientException e) {
    if (Thread.currentThread().isInterrupted()) {
      return true;
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof InterruptedException || c instanceof java.io.InterruptedIOException) {
        return true;
      }
    }
    return false;
  }

  private static boolean create(Runnable r) {
    try {
      r.run();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false; // named by the inputs digest and immutable: the one there holds the same
        // context
      }
      throw e;
    }
  }

  private Digest follow(ApplyTarget target, String job, Log log, Progress progress)
      throws TargetFailedException, InterruptedException {
    LogWatch watch = null;
    String podName = null;
    try {
      while (true) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException();
        }
        Job j = client.batch().v1().jobs().inNamespace(namespace).withName(job).get();
        if (j == null) {
          throw log.failed(log.stage, "Job " + job + " was deleted while dtk waited for it", null);
        }
        Pod pod = pod(job);
        if (pod != null && watch == null && !"Pending".equals(phase(pod))) {
          podName = pod.getMetadata().getName();
          log.note("following pod " + podName);
          LogSink sink = new LogSink(log, progress);
          watch =
              client
                  .pods()
                  .inNamespace(namespace)
                  .withName(podName)
                  .inContainer(Manifests.CONTAINER)
                  .watchLog(sink);
          log.sink = sink;
        }
        JobCondition done = condition(j, "Complete");
        JobCondition failed = condition(j, "Failed");
        if (done != null || failed != null || (pod != null && "Failed".equals(phase(pod)))) {
          awaitLog(watch);
          Pod last = pod(job);
          Job now = client.batch().v1().jobs().inNamespace(namespace).withName(job).get();
          if (now != null) {
            j = now;
            done = condition(j, "Complete");
            failed = condition(j, "Failed");
          }
          if (done != null) {
            String digest = pushedDigest(last, log);
            if (digest == null) {
              throw log.failed(
                  "push", "Job " + job + " completed but its pod reported no pushed digest", null);
            }
            Digest pushed;
            try {
              pushed = Digest.parse(digest);
            } catch (Digest.InvalidException e) {
              throw log.failed(
                  "push",
                  "Job "
                      + job
                      + " completed but its pod reported '"
                      + digest
                      + "': "
                      + e.getMessage(),
                  null);
            }
            log.note("pushed " + target.image() + "@" + pushed);
            return pushed;
          }
          throw log.failed(log.stage, failure(job, j, failed, last, log), null);
        }
        Thread.sleep(settings.poll().toMillis());
      }
    } finally {
      if (watch != null) {
        watch.close();
      }
    }
  }

  private static void awaitLog(LogWatch watch) throws InterruptedException {
    if (watch == null) {
      return;
    }
    try {
      watch.onClose().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // the log is best effort: the Job's status decides
    }
  }

  private String failure(String job, Job j, JobCondition failed, Pod pod, Log log) {
    String scriptSaid = log.scriptFailure;
    if (scriptSaid != null) {
      return scriptSaid;
    }
    StringBuilder b = new StringBuilder();
    if (failed != null && "DeadlineExceeded".equals(failed.getReason())) {
      b.append("Job ")
          .append(job)
          .append(" ran past its deadline of ")
          .append(j.getSpec().getActiveDeadlineSeconds())
          .append("s (--build-timeout)");
    } else {
      b.append("Job ").append(job).append(" failed");
      if (failed != null && failed.getReason() != null) {
        b.append(": ").append(failed.getReason());
      }
    }
    if (failed != null && failed.getMessage() != null) {
      b.append(" (").append(failed.getMessage()).append(')');
    }
    if (pod != null) {
      b.append("; pod ").append(pod.getMetadata().getName());
      String reason = pod.getStatus() == null ? null : pod.getStatus().getReason();
      ContainerStateTerminated term = terminated(pod);
      if (reason != null) {
        b.append(": ").append(reason);
        if (pod.getStatus().getMessage() != null) {
          b.append(" (").append(pod.getStatus().getMessage()).append(')');
        }
      } else if (term != null) {
        b.append(": ")
            .append(term.getReason() == null ? "exited" : term.getReason())
            .append(" with exit code ")
            .append(term.getExitCode());
      }
    }
    return b.toString();
  }

  private String pushedDigest(Pod pod, Log log) {
    ContainerStateTerminated term = pod == null ? null : terminated(pod);
    if (term != null
        && term.getMessage() != null
        && term.getMessage().strip().startsWith("sha256:")) {
      return term.getMessage().strip();
    }
    return log.pushed;
  }

  private static ContainerStateTerminated terminated(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
      if (Manifests.CONTAINER.equals(c.getName())
          && c.getState() != null
          && c.getState().getTerminated() != null) {
        return c.getState().getTerminated();
      }
    }
    return null;
  }

  private Pod pod(String job) {
    List<Pod> pods =
        client.pods().inNamespace(namespace).withLabel("job-name", job).list().getItems();
    return pods.stream()
        .max(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
        .orElse(null);
  }

  private static String phase(Pod p) {
    return p.getStatus() == null || p.getStatus().getPhase() == null
        ? "Pending"
        : p.getStatus().getPhase();
  }

  private static JobCondition condition(Job j, String type) {
    if (j.getStatus() == null || j.getStatus().getConditions() == null) {
      return null;
    }
    return j.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst()
        .orElse(null);
  }

  /** Deletes what this run created (an adopted Job belongs to the run that started it). */
  private void delete(Manifests.Objects m, Created created, Log log) {
    String job = m.job().getMetadata().getName();
    if (!created.job && !created.configMap) {
      return;
    }
    try {
      if (created.job) {
        uninterruptibly(
            () ->
                client
                    .batch()
                    .v1()
                    .jobs()
                    .inNamespace(namespace)
                    .withName(job)
                    .withPropagationPolicy(DeletionPropagation.FOREGROUND)
                    .delete());
      }
      if (created.configMap) {
        uninterruptibly(
            () ->
                client
                    .configMaps()
                    .inNamespace(namespace)
                    .withName(m.configMap().getMetadata().getName())
                    .delete());
      }
      log.note(
          "interrupted: deleted "
              + (created.job
                  ? "Job " + job + " and its ConfigMap"
                  : "ConfigMap " + m.configMap().getMetadata().getName()));
    } catch (KubernetesClientException e) {
      log.note(
          "interrupted: could not delete Job "
              + job
              + ": "
              + reason(e)
              + "; delete it with kubectl delete job "
              + job
              + " -n "
              + namespace);
    }
  }

  /**
   * Runs a cleanup request to its end even when more interrupts arrive meanwhile (Ctrl-C interrupts
   * a target more than once); the thread is left interrupted if it was.
   */
  private static void uninterruptibly(Runnable request) {
    boolean interrupted = Thread.interrupted();
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          request.run();
          return;
        } catch (KubernetesClientException e) {
          if (attempt >= 5 || !interrupted(e)) {
            throw e;
          }
          interrupted |= Thread.interrupted();
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public Digest publishIndex(ImageRef index, List<IndexMember> members, Progress progress)
      throws TargetFailedException, InterruptedException {
    return local.publishIndex(index, members, progress);
  }

  @Override
  public void close() {
    client.close();
  }

  static String reason(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage() + " (HTTP " + e.getCode() + ")";
    }
    // the client's own message says only which operation failed: the innermost cause says why
    Throwable said = null;
    Throwable root = e;
    for (Throwable c = e.getCause(); c != null && c != root; c = c.getCause()) {
      root = c;
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        said = c;
      }
    }
    Throwable why = said != null ? said : root;
    String m =
        why == e
            ? String.valueOf(e.getMessage())
            : why.getClass().getSimpleName()
                + (why.getMessage() == null ? "" : ": " + why.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** The target's log: the pod's lines and dtk's notes, the tail kept for messages. */
  private static final class Log implements AutoCloseable {
    private final Path file;
    private final java.io.BufferedWriter out;
    private final Deque<String> tail = new ArrayDeque<>();
    volatile String stage = "build";
    volatile String scriptFailure;
    volatile String pushed;
    volatile LogSink sink;

    Log(Path file) throws IOException {
      this.file = file;
      Files.createDirectories(file.getParent());
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    synchronized void line(String line) {
      try {
        out.write(line);
        out.newLine();
        out.flush();
      } catch (IOException e) {
        // best effort: the Job's status decides the result
      }
      tail.addLast(line);
      if (tail.size() > TAIL) {
        tail.removeFirst();
      }
    }

    void note(String text) {
      line("### dtk: " + dtk.spec.Printable.escape(text));
    }

    synchronized List<String> tail() {
      return List.copyOf(tail);
    }

    TargetFailedException failed(String stage, String message, Throwable cause) {
      LogSink s = sink;
      if (s != null) {
        s.flush();
      }
      note(stage + " failed: " + message);
      return new TargetFailedException(stage, message, file, tail(), cause);
    }

    @Override
    public synchronized void close() throws IOException {
      LogSink s = sink;
      if (s != null) {
        s.flush();
      }
      out.close();
    }
  }

  /**
   * Splits the pod's output into lines; {@code @@dtk-...} lines move the stage and carry the
   * result.
   */
  private static final class LogSink extends OutputStream {
    private final Log log;
    private final Progress progress;
    private final java.io.ByteArrayOutputStream current = new java.io.ByteArrayOutputStream();
    private final Set<String> seen = new LinkedHashSet<>();

    LogSink(Log log, Progress progress) {
      this.log = log;
      this.progress = progress;
    }

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        emit();
      } else {
        current.write(b);
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      for (int i = off; i < off + len; i++) {
        write(b[i]);
      }
    }

    @Override
    public synchronized void flush() {
      if (current.size() > 0) {
        emit();
      }
    }

    private void emit() {
      String line = current.toString(StandardCharsets.UTF_8);
      current.reset();
      log.line(line);
      if (line.startsWith("@@dtk-stage ")) {
        String stage = line.substring("@@dtk-stage ".length()).strip();
        log.stage = stage;
        if (seen.add(stage)) {
          progress.stage(stage);
        }
      } else if (line.startsWith("@@dtk-failed ")) {
        String rest = line.substring("@@dtk-failed ".length());
        int sp = rest.indexOf(' ');
        if (sp > 0) {
          log.stage = rest.substring(0, sp);
          log.scriptFailure = rest.substring(sp + 1);
        }
      } else if (line.startsWith("@@dtk-pushed ")) {
        log.pushed = line.substring("@@dtk-pushed ".length()).strip();
      }
    }

    @Override
    public void close() {
      flush();
    }
  }
}

package dtk.cli;

import dtk.exec.apply.run.ClusterSettings;
import dtk.exec.registry.RegistryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code dtk apply --executor kubernetes} and its options. Plain values only: the Kubernetes module
 * is loaded (through {@link dtk.exec.apply.run.ClusterExecutors#find}) only when asked for.
 */
final class ClusterFlags {
  enum Executor {
    local,
    kubernetes
  }

  private static final Set<String> RESOURCES = Set.of("cpu", "memory", "ephemeral-storage");

  @Option(
      names = "--executor",
      paramLabel = "EXECUTOR",
      defaultValue = "local",
      description =
          "Where targets are built: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). kubernetes runs each "
              + "target as a Job (buildah in the pod) on the kubeconfig's cluster.")
  Executor executor;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description = "kubernetes: the namespace of the Jobs (default: the kubeconfig context's).")
  String namespace;

  @Option(
      names = "--kube-context",
      paramLabel = "CTX",
      description = "kubernetes: the kubeconfig context (default: the current one).")
  String kubeContext;

  @Option(
      names = "--push-secret",
      paramLabel = "NAME",
      description =
          "kubernetes: the Secret (type kubernetes.io/dockerconfigjson) the pod pushes with, mounted as REGISTRY_AUTH_FILE.")
  String pushSecret;

  @Option(
      names = "--builder-image",
      paramLabel = "IMAGE",
      defaultValue = ClusterSettings.DEFAULT_BUILDER_IMAGE,
      description = "kubernetes: the build pod's image, with buildah (default: ${DEFAULT-VALUE}).")
  String builderImage;

  @Option(
      names = "--secret-map",
      paramLabel = "ID=SECRET/KEY",
      split = ",",
      description =
          "kubernetes: the Kubernetes Secret key a spec build secret comes from (repeatable); mounted as a file, never copied.")
  List<String> secretMap = new ArrayList<>();

  @Option(
      names = "--request",
      paramLabel = "RESOURCE=QTY",
      split = ",",
      description =
          "kubernetes: a resource request of the build container (cpu, memory, ephemeral-storage; "
              + "default cpu=1,memory=2Gi,ephemeral-storage=20Gi).")
  List<String> requests = new ArrayList<>();

  @Option(
      names = "--limit",
      paramLabel = "RESOURCE=QTY",
      split = ",",
      description =
          "kubernetes: a resource limit of the build container (cpu, memory, ephemeral-storage; default none).")
  List<String> limits = new ArrayList<>();

  @Option(
      names = "--build-timeout",
      paramLabel = "DURATION",
      defaultValue = "2h",
      converter = RegistryFlags.DurationConverter.class,
      description = "kubernetes: each Job's activeDeadlineSeconds (default: ${DEFAULT-VALUE}).")
  Duration buildTimeout;

  @Option(
      names = "--job-ttl",
      paramLabel = "DURATION",
      defaultValue = "24h",
      converter = RegistryFlags.DurationConverter.class,
      description =
          "kubernetes: how long a finished Job and its pod stay for kubectl logs (ttlSecondsAfterFinished; default: ${DEFAULT-VALUE}).")
  Duration jobTtl;

  @Option(
      names = "--emit-manifests",
      paramLabel = "DIR",
      description =
          "kubernetes: write the ConfigMap and Job of each target that needs a build to DIR (YAML, one file per target) and create nothing.")
  Path emitManifests;

  boolean kubernetes() {
    return executor == Executor.kubernetes;
  }

  /** Rejects kubernetes options without {@code --executor kubernetes}, and malformed values. */
  void check() {
    if (!kubernetes()) {
      List<String> given = new ArrayList<>();
      if (namespace != null) given.add("--namespace");
      if (kubeContext != null) given.add("--kube-context");
      if (pushSecret != null) given.add("--push-secret");
      if (!secretMap.isEmpty()) given.add("--secret-map");
      if (!requests.isEmpty()) given.add("--request");
      if (!limits.isEmpty()) given.add("--limit");
      if (emitManifests != null) given.add("--emit-manifests");
      if (!given.isEmpty()) {
        throw CommandException.usage(
            String.join(", ", given)
                + (given.size() == 1 ? " is" : " are")
                + " only for --executor kubernetes",
            "add --executor kubernetes, or drop " + String.join(", ", given));
      }
      return;
    }
    secrets();
    resources("--request", requests);
    resources("--limit", limits);
    if (buildTimeout.isZero() || buildTimeout.isNegative()) {
      throw CommandException.usage("--build-timeout must be positive", "e.g. --build-timeout 2h");
    }
  }

  ClusterSettings settings(Path logDir, RegistryOptions registry) {
    Map<String, String> req = new LinkedHashMap<>(Map.of());
    req.put("cpu", "1");
    req.put("memory", "2Gi");
    req.put("ephemeral-storage", "20Gi");
    req.putAll(resources("--request", requests));
    return new ClusterSettings(
        namespace,
        kubeContext,
        pushSecret,
        builderImage,
        secrets(),
        req,
        resources("--limit", limits),
        buildTimeout,
        jobTtl,
        logDir,
        registry,
        null);
  }

  private Map<String, String> secrets() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String s : secretMap) {
      int eq = s.indexOf('=');
      String id = eq < 0 ? "" : s.substring(0, eq);
      String ref = eq < 0 ? "" : s.substring(eq + 1);
      int slash = ref.indexOf('/');
      String name = slash < 0 ? ref : ref.substring(0, slash);
      String key = slash < 0 ? "x" : ref.substring(slash + 1);
      if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")
          || !name.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")
          || !key.matches("[A-Za-z0-9._-]+")) {
        throw CommandException.usage(
            "--secret-map " + dtk.spec.Printable.escape(s) + " is not ID=SECRET/KEY",
            "e.g. --secret-map rhsm-org=rhsm/org: the spec's build secret rhsm-org from key org of Secret rhsm");
      }
      m.put(id, ref);
    }
    return m;
  }

  private static Map<String, String> resources(String flag, List<String> values) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String v : values) {
      int eq = v.indexOf('=');
      String k = eq < 0 ? v : v.substring(0, eq);
      String q = eq < 0 ? "" : v.substring(eq + 1);
      if (!RESOURCES.contains(k) || !q.matches("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?")) {
        throw CommandException.usage(
            flag + " " + dtk.spec.Printable.escape(v) + " is not RESOURCE=QUANTITY",
            "RESOURCE is cpu, memory or ephemeral-storage; e.g. "
                + flag
                + " cpu=2,"
                + "memory=4Gi");
      }
      m.put(k, q);
    }
    return m;
  }
}

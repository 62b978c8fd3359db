package dtk.exec.apply.run;

import dtk.exec.registry.RegistryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link ClusterExecutors} run targets.
 *
 * @param namespace where objects go, or {@code null} for the kubeconfig context's namespace
 * @param kubeContext the kubeconfig context, or {@code null} for the current one
 * @param pushSecret the Secret (type {@code kubernetes.io/dockerconfigjson}) the pod pushes with,
 *     or {@code null}
 * @param builderImage the image of the build pod (buildah)
 * @param secretMap spec build secret id to {@code secret/key} of a Kubernetes Secret
 * @param requests resource requests of the build container ({@code cpu}, {@code memory}, {@code
 *     ephemeral-storage})
 * @param limits resource limits of the build container
 * @param deadline {@code activeDeadlineSeconds} of each Job
 * @param ttl {@code ttlSecondsAfterFinished} of each Job
 * @param logDir where the per-target logs (the pod's output) are written
 * @param registry TLS verification for the pod's pulls and push (the credentials come from {@code
 *     pushSecret})
 * @param poll how often a running Job is looked at
 */
public record ClusterSettings(
    String namespace,
    String kubeContext,
    String pushSecret,
    String builderImage,
    Map<String, String> secretMap,
    Map<String, String> requests,
    Map<String, String> limits,
    Duration deadline,
    Duration ttl,
    Path logDir,
    RegistryOptions registry,
    Duration poll) {

  /** The upstream buildah image. */
  public static final String DEFAULT_BUILDER_IMAGE = "quay.io/buildah/stable";

  public ClusterSettings {
    Objects.requireNonNull(builderImage, "builderImage");
    secretMap = copy(secretMap);
    requests = copy(requests);
    limits = copy(limits);
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(logDir, "logDir");
    registry = registry == null ? RegistryOptions.DEFAULT : registry;
    poll = poll == null ? Duration.ofSeconds(2) : poll;
  }

  private static Map<String, String> copy(Map<String, String> m) {
    return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }
}

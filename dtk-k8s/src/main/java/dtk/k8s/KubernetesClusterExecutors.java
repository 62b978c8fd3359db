package dtk.k8s;

import dtk.exec.ExecException;
import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.plan.RenderedTargets;
import dtk.exec.apply.run.ClusterExecutors;
import dtk.exec.apply.run.ClusterSettings;
import dtk.exec.apply.run.TargetExecutor;
import dtk.exec.build.StateStore;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --executor kubernetes}: found by {@link ClusterExecutors#find} through {@code
 * META-INF/services}.
 */
public final class KubernetesClusterExecutors implements ClusterExecutors {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public List<Path> writeManifests(
      ClusterSettings settings, RenderedTargets targets, List<ApplyTarget> build, Path dir)
      throws IOException {
    List<String> texts = new ArrayList<>();
    for (ApplyTarget t : build) {
      texts.add(
          yaml(Manifests.of(t, targets.context(t), settings))); // all checked before the first file
    }
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (int i = 0; i < build.size(); i++) {
      Path f = dir.resolve(StateStore.safeName(build.get(i).id()) + ".yaml");
      Files.writeString(f, texts.get(i), StandardCharsets.UTF_8);
      written.add(f);
    }
    return written;
  }

  /** The ConfigMap, then the Job, as one YAML stream. */
  static String yaml(Manifests.Objects m) {
    String cm = YAML.asYaml(m.configMap());
    String job = YAML.asYaml(m.job());
    return (cm.startsWith("---") ? cm : "---\n" + cm)
        + (job.startsWith("---") ? job : "---\n" + job);
  }

  @Override
  public Cluster connect(
      ClusterSettings settings,
      RenderedTargets targets,
      List<ApplyTarget> build,
      TargetExecutor local) {
    KubernetesClient client;
    try {
      Config config = Config.autoConfigure(settings.kubeContext());
      if (settings.kubeContext() != null
          && !settings
              .kubeContext()
              .equals(
                  config.getCurrentContext() == null
                      ? null
                      : config.getCurrentContext().getName())) {
        throw new ExecException(
            "kubeconfig has no context " + settings.kubeContext(),
            "list the contexts with kubectl config get-contexts");
      }
      client = new KubernetesClientBuilder().withConfig(config).build();
    } catch (KubernetesClientException e) {
      throw new ExecException(
          "cannot configure the Kubernetes client: " + KubernetesExecutor.reason(e),
          "check KUBECONFIG (or ~/.kube/config) and --kube-context",
          e);
    }
    return open(client, settings, targets, build, local);
  }

  /**
   * The executor on {@code client}, checked against the cluster; the client is closed if a check
   * fails.
   */
  static KubernetesExecutor open(
      KubernetesClient client,
      ClusterSettings settings,
      RenderedTargets targets,
      List<ApplyTarget> build,
      TargetExecutor local) {
    KubernetesExecutor e = new KubernetesExecutor(client, settings, targets, local);
    try {
      e.prepare(build);
      e.checkNodes(build);
      return e;
    } catch (RuntimeException failed) {
      client.close();
      throw failed;
    }
  }
}

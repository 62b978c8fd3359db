package dtk.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.plan.RenderedTargets;
import dtk.exec.build.StateStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code --emit-manifests} writes for every shipped spec and platform, against checked-in
 * files under {@code src/test/resources/golden/}; each file is parsed back into the fabric8 model.
 * Rewrite them with {@code -Dgolden.update=true} and review the diff.
 */
class ManifestsGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden");
  static final boolean UPDATE = Boolean.getBoolean("golden.update");
  static final KubernetesSerialization SERIAL = new KubernetesSerialization();

  @Test
  void emittedManifests_matchTheGoldenFiles_andParseBack(@TempDir Path tmp) throws IOException {
    RenderedTargets targets = TestTargets.shipped();
    List<ApplyTarget> all = targets.targets();
    assertThat(all).extracting(ApplyTarget::spec).contains("centos", "rhel", "fedora", "debian");
    List<Path> files =
        new KubernetesClusterExecutors()
            .writeManifests(
                TestTargets.settings(tmp.resolve("logs")), targets, all, tmp.resolve("out"));
    assertThat(files).hasSize(all.size());
    List<String> mismatched = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      ApplyTarget t = all.get(i);
      Path f = files.get(i);
      assertThat(f.getFileName().toString()).isEqualTo(StateStore.safeName(t.id()) + ".yaml");
      String text = Files.readString(f, StandardCharsets.UTF_8);
      Path golden = GOLDEN.resolve(f.getFileName());
      if (UPDATE) {
        Files.createDirectories(GOLDEN);
        Files.writeString(golden, text, StandardCharsets.UTF_8);
      } else if (!Files.exists(golden)
          || !Files.readString(golden, StandardCharsets.UTF_8).equals(text)) {
        mismatched.add(golden.toString());
      }
      checkParsesBack(t, text);
    }
    assertThat(mismatched)
        .as("golden files differ (rerun with -Dgolden.update=true and review)")
        .isEmpty();
  }

  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (!doc.isBlank()) {
        objects.add(SERIAL.unmarshal(doc));
      }
    }
    return objects;
  }

  private static void checkParsesBack(ApplyTarget t, String yaml) throws IOException {
    List<HasMetadata> objects = parse(yaml);
    assertThat(objects).hasSize(2);
    assertThat(objects.get(0)).isInstanceOf(ConfigMap.class);
    assertThat(objects.get(1)).isInstanceOf(Job.class);
    ConfigMap cm = (ConfigMap) objects.get(0);
    Job job = (Job) objects.get(1);
    assertThat(job.getMetadata().getName())
        .hasSizeLessThanOrEqualTo(63)
        .startsWith("dtk-" + t.spec() + "-");
    assertThat(job.getMetadata().getLabels())
        .containsEntry("dtk.dev/inputs", t.inputsDigest().shortHex(40))
        .containsEntry("app.kubernetes.io/managed-by", "dtk");
    job.getMetadata()
        .getLabels()
        .values()
        .forEach(
            v ->
                assertThat(v)
                    .hasSizeLessThanOrEqualTo(63)
                    .matches("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?"));
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry("dtk.dev/inputs-digest", t.inputsDigest().toString());
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(7200L);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(86400);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeSelector())
        .containsEntry("kubernetes.io/arch", t.arch().equals("aarch64") ? "arm64" : "amd64");
    assertThat(pod.getHostUsers()).isFalse();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    Container c = pod.getContainers().get(0);
    assertThat(c.getSecurityContext().getPrivileged()).isNull();
    assertThat(c.getSecurityContext().getCapabilities().getAdd())
        .containsExactly("SETUID", "SETGID");
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory", "ephemeral-storage");
    // the context round-trips: the tar holds the Containerfile dtk render writes
    byte[] tar =
        new GZIPInputStream(
                new ByteArrayInputStream(
                    Base64.getDecoder().decode(cm.getBinaryData().get("context.tar.gz"))))
            .readAllBytes();
    assertThat(new String(tar, StandardCharsets.UTF_8))
        .contains("context/Containerfile", "verify/verify.sh", "verify/canary/dtk_canary.c");
    assertThat(cm.getData())
        .containsKeys("build.sh", "target.env", "build.args", "unset-labels", "secrets");
  }
}

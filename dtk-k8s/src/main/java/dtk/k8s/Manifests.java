package dtk.k8s;

import dtk.exec.Platform;
import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.run.ClusterSettings;
import dtk.exec.build.Canary;
import dtk.render.BuildContext;
import dtk.render.ContextWriter;
import dtk.spec.model.SecretSpec;
import dtk.spec.model.VerifySpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The two objects one target becomes: a ConfigMap with the build context ({@code binaryData
 * context.tar.gz}) and the pod's script and settings, and a Job whose pod runs buildah without
 * {@code privileged} (user namespace, SETUID/SETGID, chroot isolation, vfs storage). Names and
 * labels derive from the target and its inputs digest, so the same inputs make the same objects. No
 * secret value is ever put in either: secrets are volumes that name Kubernetes Secrets.
 */
final class Manifests {
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String COMPONENT = "app.kubernetes.io/component";
  static final String TARGET = "dtk.dev/target";
  static final String ARCH = "dtk.dev/arch";
  static final String INPUTS = "dtk.dev/inputs";
  static final String INPUTS_DIGEST = "dtk.dev/inputs-digest";
  static final String TARGET_ID = "dtk.dev/target-id";
  static final String IMAGE = "dtk.dev/image";
  static final String NODE_ARCH = "kubernetes.io/arch";
  static final String CONTAINER = "build";

  /** Where the ConfigMap is mounted, and the pod's other fixed paths (see build.sh). */
  static final String CTX_DIR = "/run/dtk/ctx";

  static final String SECRETS_DIR = "/run/dtk/build-secrets";
  static final String REGISTRY_DIR = "/run/dtk/registry";
  static final String AUTH_FILE = "auth.json";
  static final String DOCKER_CONFIG_KEY = ".dockerconfigjson";

  /** A ConfigMap (and so its context) must stay below etcd's 1 MiB object limit. */
  static final int MAX_CONFIGMAP_BYTES = 900 * 1024;

  static final String SCRIPT = resource("build.sh");
  static final String VERIFY_SCRIPT = resource("verify.sh");

  record Objects(ConfigMap configMap, Job job) {}

  private Manifests() {}

  static Objects of(ApplyTarget t, BuildContext ctx, ClusterSettings s) {
    refuseWhatThePodCannotRun(t, ctx);
    String job = jobName(t);
    String cm = job + "-ctx";
    Map<String, String> labels = labels(t);
    ConfigMap configMap = configMap(t, ctx, s, cm, labels);
    Job jobObject = job(t, s, job, labels, podMounts(t, ctx, s, cm));
    return new Objects(configMap, jobObject);
  }

  /** verify.modules and verify.signature run only on this machine. */
  private static void refuseWhatThePodCannotRun(ApplyTarget t, BuildContext ctx) {
    VerifySpec verify = ctx.target().spec().verify();
    if (verify != null && verify.enabled() && !verify.modules().isEmpty()) {
      // build.sh runs the release-file, kernel and canary checks; the driver builds need their
      // sources in the pod
      throw new IllegalArgumentException(
          "target "
              + t.id()
              + ": verify.modules is not run by --executor kubernetes;"
              + " build this target with the local executor (dtk apply --only "
              + t.id()
              + "), or verify the pushed"
              + " image afterwards with dtk verify IMAGE --module DIR");
    }
    if (verify != null && verify.enabled() && verify.signature() != null) {
      // the pod pushes to the platform tag itself; the check must come before that tag is written
      throw new IllegalArgumentException(
          "target "
              + t.id()
              + ": verify.signature is not run by --executor kubernetes;"
              + " build this target with the local executor (dtk apply --only "
              + t.id()
              + "), or check the pushed"
              + " image afterwards with dtk verify IMAGE --policy FILE");
    }
  }

  /** The immutable ConfigMap with build.sh, the target's settings and the build context. */
  private static ConfigMap configMap(
      ApplyTarget t, BuildContext ctx, ClusterSettings s, String cm, Map<String, String> labels) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("build.sh", SCRIPT);
    data.put("target.env", targetEnv(t, ctx, s));
    data.put("build.args", lines(t, buildArgs(t, ctx)));
    data.put("unset-labels", lines(t, ctx.unsetLabels()));
    data.put("secrets", lines(t, ctx.secrets().stream().map(SecretSpec::id).toList()));
    byte[] tar =
        ContextArchive.tarGz(
            archiveFiles(ctx),
            ctx.target().sourceDateEpoch() == null ? 0 : ctx.target().sourceDateEpoch());
    String encoded = Base64.getEncoder().encodeToString(tar);
    int size =
        encoded.length()
            + data.values().stream().mapToInt(v -> v.getBytes(StandardCharsets.UTF_8).length).sum();
    if (size > MAX_CONFIGMAP_BYTES) {
      throw new IllegalArgumentException(
          "target "
              + t.id()
              + ": its build context makes a ConfigMap of "
              + (size / 1024)
              + " KiB, over the "
              + (MAX_CONFIGMAP_BYTES / 1024)
              + " KiB --executor kubernetes allows"
              + " (etcd stores at most 1 MiB per object); keep large files out of the spec's repositories and"
              + " scripts, or build this target with the local executor (dtk apply --only "
              + t.id()
              + ")");
    }
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(cm)
        .withNamespace(s.namespace())
        .withLabels(labels)
        .withAnnotations(annotations(t))
        .endMetadata()
        .withImmutable(true)
        .withData(data)
        .withBinaryData(Map.of("context.tar.gz", encoded))
        .build();
  }

  /** What the build container mounts (context, storage, push credentials, secrets) and its env. */
  private record PodMounts(List<Volume> volumes, List<VolumeMount> mounts, List<EnvVar> env) {}

  private static PodMounts podMounts(
      ApplyTarget t, BuildContext ctx, ClusterSettings s, String cm) {
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName("ctx")
            .withNewConfigMap()
            .withName(cm)
            .withDefaultMode(0444)
            .endConfigMap()
            .build());
    mounts.add(
        new VolumeMountBuilder().withName("ctx").withMountPath(CTX_DIR).withReadOnly(true).build());
    volumes.add(new VolumeBuilder().withName("storage").withNewEmptyDir().endEmptyDir().build());
    mounts.add(
        new VolumeMountBuilder().withName("storage").withMountPath("/var/lib/containers").build());
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVarBuilder().withName("BUILDAH_ISOLATION").withValue("chroot").build());
    env.add(new EnvVarBuilder().withName("STORAGE_DRIVER").withValue("vfs").build());
    if (s.pushSecret() != null) {
      volumes.add(
          new VolumeBuilder()
              .withName("registry")
              .withNewSecret()
              .withSecretName(s.pushSecret())
              .addNewItem()
              .withKey(DOCKER_CONFIG_KEY)
              .withPath(AUTH_FILE)
              .endItem()
              .withDefaultMode(0400)
              .endSecret()
              .build());
      mounts.add(
          new VolumeMountBuilder()
              .withName("registry")
              .withMountPath(REGISTRY_DIR)
              .withReadOnly(true)
              .build());
      env.add(
          new EnvVarBuilder()
              .withName("REGISTRY_AUTH_FILE")
              .withValue(REGISTRY_DIR + "/" + AUTH_FILE)
              .build());
    }
    int n = 0;
    for (SecretSpec secret : ctx.secrets()) {
      String ref = s.secretMap().get(secret.id());
      if (ref == null) {
        throw new IllegalArgumentException(
            "target "
                + t.id()
                + ": build secret '"
                + secret.id()
                + "' has no Kubernetes Secret; name one with --secret-map "
                + secret.id()
                + "=SECRET/KEY");
      }
      int slash = ref.indexOf('/');
      String name = slash < 0 ? ref : ref.substring(0, slash);
      String key = slash < 0 ? secret.id() : ref.substring(slash + 1);
      String volume = "secret-" + n++;
      volumes.add(
          new VolumeBuilder()
              .withName(volume)
              .withNewSecret()
              .withSecretName(name)
              .addNewItem()
              .withKey(key)
              .withPath("value")
              .endItem()
              .withDefaultMode(0400)
              .endSecret()
              .build());
      mounts.add(
          new VolumeMountBuilder()
              .withName(volume)
              .withMountPath(SECRETS_DIR + "/" + secret.id())
              .withReadOnly(true)
              .build());
    }
    return new PodMounts(volumes, mounts, env);
  }

  /** The Job that runs build.sh once in an unprivileged buildah container on the target's arch. */
  private static Job job(
      ApplyTarget t, ClusterSettings s, String job, Map<String, String> labels, PodMounts pod) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(job)
        .withNamespace(s.namespace())
        .withLabels(labels)
        .withAnnotations(annotations(t))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds(s.deadline().toSeconds())
        .withTtlSecondsAfterFinished((int) s.ttl().toSeconds())
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withHostUsers(false)
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withNodeSelector(Map.of(NODE_ARCH, Platform.ociArch(t.arch())))
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(s.builderImage())
        .withCommand("/bin/sh", CTX_DIR + "/build.sh")
        .withEnv(pod.env())
        .withNewSecurityContext()
        .withNewCapabilities()
        .addToAdd("SETUID", "SETGID")
        .endCapabilities()
        .withNewSeccompProfile()
        .withType("Unconfined")
        .endSeccompProfile()
        .withNewAppArmorProfile()
        .withType("Unconfined")
        .endAppArmorProfile()
        .endSecurityContext()
        .withNewResources()
        .withRequests(quantities(s.requests()))
        .withLimits(quantities(s.limits()))
        .endResources()
        .withVolumeMounts(pod.mounts())
        .withTerminationMessagePolicy("File")
        .endContainer()
        .withVolumes(pod.volumes())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * {@code dtk-<spec>-<arch>-<first 10 hex of the inputs digest>}, at most 63 characters (it
   * becomes a label value).
   */
  static String jobName(ApplyTarget t) {
    String arch = Platform.ociArch(t.arch());
    String suffix = "-" + arch + "-" + t.inputsDigest().shortHex(10);
    String spec = dns(t.spec());
    int room = 63 - "dtk-".length() - suffix.length();
    if (spec.length() > room) {
      spec = spec.substring(0, room).replaceAll("-+$", "");
    }
    return "dtk-" + spec + suffix;
  }

  static Map<String, String> labels(ApplyTarget t) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(MANAGED_BY, "dtk");
    m.put(COMPONENT, "build");
    m.put(TARGET, labelValue(t.id()));
    m.put(ARCH, t.arch());
    m.put(INPUTS, t.inputsDigest().shortHex(40));
    return m;
  }

  /** The selector of the Jobs of one target and inputs. */
  static String selector(ApplyTarget t) {
    return MANAGED_BY + "=dtk," + INPUTS + "=" + t.inputsDigest().shortHex(40);
  }

  private static Map<String, String> annotations(ApplyTarget t) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(TARGET_ID, t.id());
    m.put(INPUTS_DIGEST, t.inputsDigest().toString());
    m.put(IMAGE, t.image().toString());
    return m;
  }

  private static List<String> buildArgs(ApplyTarget t, BuildContext ctx) {
    List<String> a = new ArrayList<>();
    a.add("--platform");
    a.add(ctx.target().platform());
    if (ctx.target().sourceDateEpoch() != null) {
      a.add("--timestamp");
      a.add(Long.toString(ctx.target().sourceDateEpoch()));
    }
    ctx.buildArgs()
        .forEach(
            (k, v) -> {
              a.add("--build-arg");
              a.add(k + "=" + v);
            });
    ctx.engineLabels()
        .forEach(
            (k, v) -> {
              a.add("--label");
              a.add(k + "=" + v);
            });
    return a;
  }

  private static String targetEnv(ApplyTarget t, BuildContext ctx, ClusterSettings s) {
    VerifySpec v = ctx.target().spec().verify();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("IMAGE", t.image().toString());
    m.put("ARCH", t.arch());
    m.put("PLATFORM", ctx.target().platform());
    m.put("KERNEL_VERSION", t.kernelVersion());
    m.put("VERIFY", Boolean.toString(v != null && v.enabled()));
    m.put("CANARY", Boolean.toString(v != null && v.enabled() && v.canary()));
    m.put("TLS_VERIFY", Boolean.toString(s.registry().tlsVerify()));
    if (ctx.target().sourceDateEpoch() != null) {
      m.put("SOURCE_DATE_EPOCH", Long.toString(ctx.target().sourceDateEpoch()));
    }
    StringBuilder b = new StringBuilder();
    m.forEach((k, val) -> b.append(k).append('=').append(shellWord(val)).append('\n'));
    return b.toString();
  }

  /**
   * What the tar holds: {@code context/} as dtk render writes it, {@code verify/} with the check
   * and the canary.
   */
  static Map<String, byte[]> archiveFiles(BuildContext ctx) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    ContextWriter.files(ctx)
        .forEach((p, c) -> files.put("context/" + p, c.getBytes(StandardCharsets.UTF_8)));
    files.put("verify/verify.sh", VERIFY_SCRIPT.getBytes(StandardCharsets.UTF_8));
    for (String f : Canary.FILES) {
      files.put("verify/canary/" + f, Canary.source(f).getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }

  private static String lines(ApplyTarget t, List<String> values) {
    StringBuilder b = new StringBuilder();
    for (String v : values) {
      if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
        throw new IllegalArgumentException(
            "target "
                + t.id()
                + ": a build argument or label holds a line break,"
                + " which the build pod cannot pass: "
                + dtk.spec.Printable.escape(v));
      }
      b.append(v).append('\n');
    }
    return b.toString();
  }

  private static Map<String, Quantity> quantities(Map<String, String> m) {
    Map<String, Quantity> q = new LinkedHashMap<>();
    m.forEach((k, v) -> q.put(k, new Quantity(v)));
    return q;
  }

  /** A DNS-1123 label part: lower case letters, digits and '-'. */
  static String dns(String s) {
    String d =
        s.toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9-]+", "-")
            .replaceAll("-{2,}", "-")
            .replaceAll("^-+|-+$", "");
    return d.isEmpty() ? "target" : d;
  }

  /**
   * A label value ([A-Za-z0-9._-], alphanumeric at both ends, at most 63): long ids keep a hash.
   */
  static String labelValue(String s) {
    String v =
        s.replaceAll("[^A-Za-z0-9._-]+", ".").replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    if (v.length() <= 63) {
      return v;
    }
    return v.substring(0, 54).replaceAll("[^A-Za-z0-9]+$", "") + "-" + sha256(s).substring(0, 8);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String shellWord(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static String resource(String name) {
    try (InputStream in = Manifests.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("dtk/k8s/" + name + " is missing from the dtk-k8s jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

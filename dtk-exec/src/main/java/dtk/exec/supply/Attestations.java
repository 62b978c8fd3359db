package dtk.exec.supply;

import dtk.exec.ExecException;
import dtk.exec.engine.Signing;
import dtk.exec.process.Invocation;
import dtk.exec.process.OutputListener;
import dtk.exec.process.ProcessResult;
import dtk.exec.process.ProcessRunner;
import dtk.exec.registry.ImageNotFoundException;
import dtk.exec.registry.RegistryClient;
import dtk.exec.registry.RegistryOptions;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Attaches artifacts (SBOM, provenance) to a pushed image the OCI 1.1 way: each is an image
 * manifest with its {@code artifactType}, the empty config, one layer, and the image as its {@code
 * subject}; registries with the referrers API index it from that. For registries without it ({@code
 * docker-registry} 2.8) the tag-schema fallback is kept as well: an OCI index at tag {@code
 * sha256-<hex>} of the image digest listing the artifacts.
 *
 * <p>The artifact manifests are pushed with {@code skopeo copy --preserve-digests} from an OCI
 * layout, which keeps the bytes (so {@code subject} survives), uses the same auth files and TLS
 * settings as the engines, and signs them with the same {@code --sign-by} / {@code
 * --sign-by-sigstore-private-key}. The fallback index is PUT by dtk's registry client: skopeo 1.9
 * refuses to copy an index with {@code --preserve-digests} into a registry ("Manifest list must be
 * converted"), and would drop {@code artifactType} when converting.
 */
public final class Attestations {
  public static final String EMPTY_CONFIG_TYPE = "application/vnd.oci.empty.v1+json";
  public static final Digest EMPTY_DIGEST =
      Digest.sha256Hex("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  /** The most of an attached artifact dtk reads back. */
  public static final long MAX_ARTIFACT_BYTES = 64L * 1024 * 1024;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One artifact to attach: its type (also the layer's media type), a file name, the bytes. */
  public record Artifact(String artifactType, String fileName, byte[] content) {}

  /**
   * An artifact found attached to an image.
   *
   * @param subjectDigest the subject its manifest names, as written there (checked by the caller)
   */
  public record Found(
      String artifactType, Digest manifestDigest, String subjectDigest, byte[] content) {}

  private final ProcessRunner runner;
  private final RegistryOptions registry;
  private final RegistryClient client;

  public Attestations(ProcessRunner runner, RegistryOptions registry) {
    this.runner = runner;
    this.registry = registry;
    this.client = new RegistryClient(registry, System.getenv());
  }

  /**
   * Attaches {@code artifacts} to {@code image} (a repository; its manifest {@code digest} is the
   * subject); returns the artifact manifest digests, in order.
   */
  public List<Digest> attach(
      ImageRef image,
      Digest digest,
      List<Artifact> artifacts,
      Signing signing,
      Path scratch,
      OutputListener log)
      throws InterruptedException, IOException {
    ImageRef repo = new ImageRef(image.registry(), image.repository(), null, null);
    RegistryClient.RawManifest subject = client.rawManifest(repo, digest.toString());
    String subjectType = mediaType(subject);
    List<Digest> digests = new ArrayList<>();
    List<ObjectNode> entries = new ArrayList<>();
    for (Artifact a : artifacts) {
      byte[] manifest = manifest(a, subjectType, digest, subject.body().length);
      Digest md = Digest.sha256(manifest);
      Path layout = Files.createDirectories(scratch.resolve("layout-" + md.shortHex(12)));
      Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
      Files.write(blobs.resolve(Digest.sha256(a.content()).encoded()), a.content());
      Files.write(blobs.resolve(EMPTY_DIGEST.encoded()), "{}".getBytes(StandardCharsets.UTF_8));
      Files.write(blobs.resolve(md.encoded()), manifest);
      Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
      ObjectNode idx = JSON.createObjectNode();
      idx.put("schemaVersion", 2);
      ObjectNode e = idx.putArray("manifests").addObject();
      e.put("mediaType", OCI_MANIFEST);
      e.put("digest", md.toString());
      e.put("size", manifest.length);
      e.putObject("annotations").put("org.opencontainers.image.ref.name", "artifact");
      Files.writeString(layout.resolve("index.json"), JSON.writeValueAsString(idx));

      // by digest: the artifact needs no tag of its own, and a digest reference cannot be moved
      String dest = "docker://" + repo + "@" + md;
      List<String> argv =
          new ArrayList<>(
              List.of(
                  "skopeo",
                  "copy",
                  "--preserve-digests",
                  "--dest-tls-verify=" + registry.tlsVerify()));
      if (registry.authfile() != null) {
        argv.add("--dest-authfile");
        argv.add(registry.authfile().toString());
      }
      argv.addAll(signing.flags());
      argv.add("oci:" + layout.toAbsolutePath() + ":artifact");
      argv.add(dest);
      log.line(
          OutputListener.Stream.STDOUT,
          "attach "
              + a.artifactType()
              + " "
              + md
              + " to "
              + repo
              + "@"
              + digest
              + (signing.enabled() ? " (signed: " + signing + ")" : ""));
      ProcessResult r =
          runner.run(Invocation.of(argv).withTimeout(Duration.ofMinutes(10)).withOutput(log));
      if (!r.ok()) {
        throw new ExecException(
            "skopeo copy of the "
                + a.artifactType()
                + " artifact failed (exit "
                + r.exitCode()
                + "): "
                + lastLine(r.stderr()),
            "check the registry (skopeo login) and the signing key; the log has skopeo's output");
      }
      digests.add(md);
      ObjectNode entry = JSON.createObjectNode();
      entry.put("mediaType", OCI_MANIFEST);
      entry.put("digest", md.toString());
      entry.put("size", manifest.length);
      entry.put("artifactType", a.artifactType());
      entries.add(entry);
    }
    if (client.referrers(repo, digest).isEmpty()) {
      putFallbackIndex(repo, digest, entries, log);
    }
    return digests;
  }

  private void putFallbackIndex(
      ImageRef repo, Digest digest, List<ObjectNode> entries, OutputListener log) {
    String tag = fallbackTag(digest);
    Map<String, JsonNode> byDigest = new LinkedHashMap<>();
    try {
      JsonNode existing = JSON.readTree(client.rawManifest(repo, tag).body());
      for (JsonNode m : existing.path("manifests")) {
        byDigest.put(m.path("digest").asString(""), m);
      }
    } catch (ImageNotFoundException e) {
      // the first artifacts of this digest
    }
    entries.forEach(e -> byDigest.put(e.path("digest").asString(), e));
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", OCI_INDEX);
    ArrayNode ms = index.putArray("manifests");
    byDigest.values().forEach(ms::add);
    byte[] body = JSON.writeValueAsBytes(index);
    Digest d = client.putManifest(repo, tag, OCI_INDEX, body);
    log.line(
        OutputListener.Stream.STDOUT,
        "referrers index " + repo + ":" + tag + "@" + d + " (" + byDigest.size() + " artifacts)");
  }

  /**
   * The artifacts of {@code artifactType} attached to {@code image@digest}: through the referrers
   * API when the registry has it, else the fallback tag. Each is checked: its subject is exactly
   * {@code digest}.
   */
  public List<Found> find(ImageRef image, Digest digest, String artifactType) {
    ImageRef repo = new ImageRef(image.registry(), image.repository(), null, null);
    Optional<RegistryClient.RawManifest> idx = client.referrers(repo, digest);
    JsonNode index;
    if (idx.isPresent()) {
      index = JSON.readTree(idx.get().body());
    } else {
      try {
        index = JSON.readTree(client.rawManifest(repo, fallbackTag(digest)).body());
      } catch (ImageNotFoundException e) {
        return List.of();
      }
    }
    List<Found> out = new ArrayList<>();
    for (JsonNode m : index.path("manifests")) {
      Digest md = digestIn(m, repo);
      if (!m.path("artifactType").isMissingNode()
          && !artifactType.equals(m.path("artifactType").asString(""))) {
        continue;
      }
      RegistryClient.RawManifest raw = client.rawManifest(repo, md.toString());
      JsonNode manifest = JSON.readTree(raw.body());
      String type =
          manifest
              .path("artifactType")
              .asString(manifest.path("config").path("mediaType").asString(""));
      if (!type.equals(artifactType)) {
        continue;
      }
      String subject = manifest.path("subject").path("digest").asString("");
      JsonNode layer = manifest.path("layers").path(0);
      byte[] content =
          client.smallBlob(
              repo, digestIn(layer, repo), layer.path("size").asLong(-1), MAX_ARTIFACT_BYTES);
      out.add(new Found(type, raw.digest(), subject, content));
    }
    return out;
  }

  /** The image manifest digest {@code ref} names (its digest, or what its tag points to). */
  public Digest digestOf(ImageRef ref) {
    if (ref.digest() != null) {
      return ref.digest();
    }
    RegistryClient.RawManifest m =
        client.rawManifest(
            new ImageRef(ref.registry(), ref.repository(), null, null), ref.reference());
    return m.digest();
  }

  /** The manifest {@code ref} names, unparsed (to tell an index from an image). */
  public RegistryClient.RawManifest manifestOf(ImageRef ref) {
    return client.rawManifest(
        new ImageRef(ref.registry(), ref.repository(), null, null), ref.reference());
  }

  /**
   * The per-platform image digests {@code ref} names, by kernel arch ({@code x86_64}): each
   * platform entry of an index (entries without a platform, such as attestations, are skipped), or
   * the one image. {@code arch} non-null keeps only that platform.
   */
  public Map<String, Digest> platformDigests(ImageRef ref, String arch) {
    RegistryClient.RawManifest top = manifestOf(ref);
    JsonNode root = JSON.readTree(top.body());
    Map<String, Digest> out = new LinkedHashMap<>();
    if (root.has("manifests")) {
      for (JsonNode m : root.path("manifests")) {
        String os = m.path("platform").path("os").asString("");
        String a = m.path("platform").path("architecture").asString("");
        if (os.isEmpty() || a.isEmpty() || os.equals("unknown")) {
          continue;
        }
        String k = dtk.exec.Platform.kernelArch(a);
        if (arch == null || dtk.exec.Platform.kernelArch(arch).equals(k)) {
          out.putIfAbsent(k, digestIn(m, ref));
        }
      }
      return out;
    }
    out.put(arch == null ? "image" : dtk.exec.Platform.kernelArch(arch), top.digest());
    return out;
  }

  /** {@code sha256-<hex>}: the tag-schema fallback of the OCI distribution spec. */
  public static String fallbackTag(Digest digest) {
    return digest.algorithm() + "-" + digest.encoded();
  }

  /** An artifact manifest without a subject (the signing check's throwaway image). */
  static byte[] unboundManifest(Artifact a) {
    return manifest(a, null, null, 0);
  }

  static byte[] manifest(Artifact a, String subjectType, Digest subjectDigest, long subjectSize) {
    ObjectNode m = JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", OCI_MANIFEST);
    m.put("artifactType", a.artifactType());
    ObjectNode config = m.putObject("config");
    config.put("mediaType", EMPTY_CONFIG_TYPE);
    config.put("digest", EMPTY_DIGEST.toString());
    config.put("size", 2);
    ObjectNode layer = m.putArray("layers").addObject();
    layer.put("mediaType", a.artifactType());
    layer.put("digest", Digest.sha256(a.content()).toString());
    layer.put("size", a.content().length);
    layer.putObject("annotations").put("org.opencontainers.image.title", a.fileName());
    if (subjectDigest != null) {
      ObjectNode subject = m.putObject("subject");
      subject.put("mediaType", subjectType);
      subject.put("digest", subjectDigest.toString());
      subject.put("size", subjectSize);
    }
    return JSON.writeValueAsBytes(m);
  }

  private static String mediaType(RegistryClient.RawManifest m) {
    String t = JSON.readTree(m.body()).path("mediaType").asString("");
    if (!t.isEmpty()) {
      return t;
    }
    String header = m.mediaType() == null ? "" : m.mediaType().split(";")[0].strip();
    return header.isEmpty() ? OCI_MANIFEST : header;
  }

  /** The {@code digest} of a descriptor in a manifest {@code ref} named. */
  private static Digest digestIn(JsonNode descriptor, ImageRef ref) {
    String d = descriptor.path("digest").asString("");
    try {
      return Digest.parse(d);
    } catch (Digest.InvalidException e) {
      throw new ExecException(
          "the manifest of " + ref + " lists '" + d + "': " + e.getMessage(),
          "check what was pushed to " + ref.name());
    }
  }

  private static String lastLine(String s) {
    String t = s == null ? "" : s.strip();
    int nl = t.lastIndexOf('\n');
    return nl < 0 ? t : t.substring(nl + 1);
  }
}

package dtk.exec.registry;

import dtk.exec.Platform;
import dtk.exec.http.BoundedHttp;
import dtk.exec.registry.internal.AuthFile;
import dtk.exec.registry.internal.BlobReader;
import dtk.exec.registry.internal.ManifestReader;
import dtk.exec.registry.internal.ManifestWriter;
import dtk.exec.registry.internal.PlatformReader;
import dtk.exec.registry.internal.RegistryAuthenticator;
import dtk.exec.registry.internal.RegistryFailures;
import dtk.exec.registry.internal.RegistryTransport;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * A small Docker Registry HTTP API v2 client: manifests (OCI and docker, single and multi-arch),
 * config blobs for labels, the bearer-token challenge flow with tokens cached per registry and
 * scope, basic credentials from an auth file. One {@link BoundedHttp} for all requests, so
 * connections are reused and every request has a deadline and a size cap. It talks only to the
 * registry named by the reference (and to the token service and blob storage that registry names).
 *
 * <p>It composes one endpoint class per job, all sharing one transport and one authenticator:
 * {@link PlatformReader} (inspection and a platform's layers) over {@link ManifestReader}
 * (manifests, configs, referrers), {@link BlobReader} (layers and small blobs) and {@link
 * ManifestWriter} (PUTs).
 */
public final class RegistryClient {
  static final String OCI_INDEX = ManifestReader.OCI_INDEX;
  static final String DOCKER_LIST = ManifestReader.DOCKER_LIST;
  static final String OCI_MANIFEST = ManifestReader.OCI_MANIFEST;
  static final String DOCKER_MANIFEST = ManifestReader.DOCKER_MANIFEST;

  private final ExecutorService executor;
  private final ManifestReader manifests;
  private final PlatformReader platforms;
  private final BlobReader blobs;
  private final ManifestWriter writer;

  public RegistryClient(RegistryOptions options, Map<String, String> env) {
    this.executor = CachingImageInspector.daemonPool("dtk-registry");
    RegistryTransport transport = new RegistryTransport(options, executor);
    RegistryAuthenticator auth =
        new RegistryAuthenticator(
            transport, new AuthFile(() -> options.effectiveAuthfile(env)), executor);
    this.manifests = new ManifestReader(transport, auth);
    this.platforms = new PlatformReader(manifests, executor);
    this.blobs = new BlobReader(transport, auth);
    this.writer = new ManifestWriter(transport, auth);
  }

  ExecutorService executor() {
    return executor;
  }

  /** Reads {@code ref}: the manifest it names, and per platform the manifest digest and config. */
  public ImageInfo inspect(ImageRef ref) {
    return platforms.inspect(ref);
  }

  /** One layer of an image manifest, as its descriptor gives it. */
  public record Layer(Digest digest, String mediaType, long size) {}

  /** The manifest of one platform's image: its digest and layers, lowest first. */
  public record PlatformManifest(
      ImageRef ref, Digest digest, Platform platform, List<Layer> layers) {
    public PlatformManifest {
      layers = List.copyOf(layers);
    }
  }

  /**
   * The manifest of {@code ref} for {@code platform}: the index entry for it (the first when
   * several variants match), or the single manifest when its config names that platform.
   *
   * @throws RegistryException the image has no such platform, or the registry failed
   */
  public PlatformManifest platformManifest(ImageRef ref, Platform platform) {
    return platforms.platformManifest(ref, platform);
  }

  /**
   * Opens a blob (an image layer) of {@code ref} as a stream, without holding it in memory. The
   * bytes are digested as they pass: reading past {@code size} (when known) or reaching the end
   * with another sha256 than {@code digest} fails with a {@link RegistryException}, so a caller
   * that reads to the end has read exactly the blob the manifest names. The connect timeout and the
   * read timeout of {@code --timeout} bound the request and every pause in the body, but not the
   * whole transfer: a large layer takes as long as it needs while bytes keep coming (the overall
   * per-request deadline applies to manifests, configs and tokens, which are small). The caller
   * closes the stream; closing early aborts the transfer. Redirects to blob storage are followed
   * without the registry's credentials.
   */
  public InputStream openBlob(ImageRef ref, Digest digest, long size) {
    return blobs.open(ref, digest, size);
  }

  /** A manifest or index as the registry stores it: its bytes, media type and digest. */
  public record RawManifest(byte[] body, String mediaType, Digest digest) {}

  /**
   * The manifest {@code reference} (a tag or digest) of {@code ref}'s repository, unparsed; a
   * digest reference is checked against the bytes.
   *
   * @throws dtk.exec.registry.ImageNotFoundException there is none
   */
  public RawManifest rawManifest(ImageRef ref, String reference) {
    return raw(manifests.manifest(ref, reference));
  }

  /**
   * The OCI 1.1 referrers index of {@code digest}, or empty when the registry has no referrers API
   * (404, as the tag-schema fallback expects).
   */
  public Optional<RawManifest> referrers(ImageRef ref, Digest digest) {
    return manifests.referrers(ref, digest).map(RegistryClient::raw);
  }

  private static RawManifest raw(ManifestReader.Fetched f) {
    return new RawManifest(f.body(), f.mediaType(), f.digest());
  }

  /**
   * A small blob (an SBOM, a provenance statement) read whole, at most {@code maxBytes}, digest
   * checked.
   */
  public byte[] smallBlob(ImageRef ref, Digest digest, long size, long maxBytes) {
    return blobs.small(ref, digest, size, maxBytes);
  }

  /**
   * PUTs a manifest or index under {@code reference} (a tag) in {@code ref}'s repository; returns
   * the digest the registry reports (or computes from the bytes).
   */
  public Digest putManifest(ImageRef ref, String reference, String mediaType, byte[] body) {
    return writer.put(ref, reference, mediaType, body);
  }

  /**
   * What to check when a registry cannot be reached; see {@link RegistryFailures#unreachableHint}.
   */
  static String unreachableHint(String registry, boolean tlsVerify) {
    return RegistryFailures.unreachableHint(registry, tlsVerify);
  }

  /**
   * Whether {@code registry} ({@code host} or {@code host:port}) looks like a local registry that
   * may serve plain HTTP.
   */
  public static boolean mayServePlainHttp(String registry) {
    return RegistryFailures.mayServePlainHttp(registry);
  }

  /**
   * Encodes {@code user:password} as an auth file's {@code auth} value (for tests and fixtures).
   */
  public static String basicValue(String user, String password) {
    return Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}

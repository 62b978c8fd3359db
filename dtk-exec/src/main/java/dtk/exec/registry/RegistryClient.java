package dtk.exec.registry;

import dtk.exec.Platform;
import dtk.exec.http.BoundedHttp;
import dtk.exec.registry.internal.AuthFile;
import dtk.exec.registry.internal.DigestedBlob;
import dtk.exec.registry.internal.Digests;
import dtk.exec.registry.internal.ManifestReader;
import dtk.exec.registry.internal.PlatformReader;
import dtk.exec.registry.internal.RegistryAuthenticator;
import dtk.exec.registry.internal.RegistryFailures;
import dtk.exec.registry.internal.RegistryJson;
import dtk.exec.registry.internal.RegistryTransport;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
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
 * (manifests, configs, referrers).
 */
public final class RegistryClient {
  static final String OCI_INDEX = ManifestReader.OCI_INDEX;
  static final String DOCKER_LIST = ManifestReader.DOCKER_LIST;
  static final String OCI_MANIFEST = ManifestReader.OCI_MANIFEST;
  static final String DOCKER_MANIFEST = ManifestReader.DOCKER_MANIFEST;

  private final ExecutorService executor;
  private final ManifestReader manifests;
  private final PlatformReader platforms;
  private final RegistryTransport transport;
  private final RegistryAuthenticator auth;

  public RegistryClient(RegistryOptions options, Map<String, String> env) {
    this.executor = CachingImageInspector.daemonPool("dtk-registry");
    this.transport = new RegistryTransport(options, executor);
    this.auth =
        new RegistryAuthenticator(
            transport, new AuthFile(() -> options.effectiveAuthfile(env)), executor);
    this.manifests = new ManifestReader(transport, auth);
    this.platforms = new PlatformReader(manifests, executor);
  }

  ExecutorService executor() {
    return executor;
  }

  /** Reads {@code ref}: the manifest it names, and per platform the manifest digest and config. */
  public ImageInfo inspect(ImageRef ref) {
    return platforms.inspect(ref);
  }

  /** One layer of an image manifest, as its descriptor gives it. */
  public record Layer(String digest, String mediaType, long size) {}

  /** The manifest of one platform's image: its digest and layers, lowest first. */
  public record PlatformManifest(
      ImageRef ref, String digest, Platform platform, List<Layer> layers) {
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
  public InputStream openBlob(ImageRef ref, String digest, long size) {
    if (!digest.matches("sha256:[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a sha256 digest: " + digest);
    }
    String scope = "repository:" + ref.repository() + ":pull";
    URI uri = transport.uri(ref, "/blobs/" + digest);
    String what = "layer " + digest;
    BoundedHttp.Streamed r = open(ref, uri, scope, true, what);
    if (r.statusCode() == 401) {
      Optional<String> challenge = r.headers().firstValue("WWW-Authenticate");
      r.close();
      if (auth.prepare(ref, scope, challenge.orElse(""))) {
        r = open(ref, uri, scope, true, what);
      } else {
        throw new RegistryException(
            "not authorized to read " + ref + " from registry " + ref.registry() + " (HTTP 401)",
            ref.registry(),
            "log in (podman login "
                + ref.registry()
                + ") or pass --authfile with credentials for it");
      }
    }
    for (int hops = 0; RegistryTransport.isRedirect(r.statusCode()) && hops < 5; hops++) {
      String loc = r.headers().firstValue("Location").orElse(null);
      r.close();
      if (loc == null) {
        throw new RegistryException(
            "registry "
                + ref.registry()
                + " redirected the "
                + what
                + " of "
                + ref
                + " without a Location",
            ref.registry(),
            "retry later; if it persists check the registry's status");
      }
      uri = uri.resolve(loc);
      r = open(ref, uri, scope, false, what + " (redirected)");
    }
    int s = r.statusCode();
    if (s != 200) {
      String detail;
      try {
        detail = RegistryJson.errorDetail(r.errorBody());
      } catch (IOException e) {
        detail = "no details";
      } finally {
        r.close();
      }
      if (s == 404) {
        throw new dtk.exec.registry.ImageNotFoundException(
            "registry " + ref.registry() + " has no " + what + " of " + ref + " (" + detail + ")",
            ref.registry(),
            "the image may have been deleted meanwhile; re-push it or check the name");
      }
      throw RegistryFailures.status(ref, what, s, detail);
    }
    long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (size >= 0 && declared >= 0 && declared != size) {
      r.close();
      throw new RegistryException(
          "registry "
              + ref.registry()
              + " announced "
              + declared
              + " bytes for "
              + what
              + " of "
              + ref
              + ", the manifest says "
              + size,
          ref.registry(),
          "retry; if it persists the registry or a proxy in between is corrupting data");
    }
    return new DigestedBlob(r, ref, digest, size, what, e -> transport.failure(ref, what, e));
  }

  private BoundedHttp.Streamed open(
      ImageRef ref, URI uri, String scope, boolean withAuth, String what) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "*/*");
    if (withAuth) {
      auth.authorize(ref, scope, headers);
    }
    return transport.open(ref, uri, headers, what);
  }

  /** A manifest or index as the registry stores it: its bytes, media type and digest. */
  public record RawManifest(byte[] body, String mediaType, String digest) {}

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
  public Optional<RawManifest> referrers(ImageRef ref, String digest) {
    return manifests.referrers(ref, digest).map(RegistryClient::raw);
  }

  private static RawManifest raw(ManifestReader.Fetched f) {
    return new RawManifest(f.body(), f.mediaType(), f.digest());
  }

  /**
   * A small blob (an SBOM, a provenance statement) read whole, at most {@code maxBytes}, digest
   * checked.
   */
  public byte[] smallBlob(ImageRef ref, String digest, long size, long maxBytes) {
    if (size > maxBytes) {
      throw new RegistryException(
          "blob "
              + digest
              + " of "
              + ref
              + " has "
              + size
              + " bytes, more than the "
              + maxBytes
              + " dtk reads",
          ref.registry(),
          "check what was attached to the image");
    }
    try (InputStream in = openBlob(ref, digest, size)) {
      return in.readNBytes((int) maxBytes + 1);
    } catch (IOException e) {
      throw new RegistryException(
          "cannot read blob " + digest + " of " + ref + ": " + e.getMessage(),
          ref.registry(),
          "retry; if it persists check the registry's status",
          e);
    }
  }

  /**
   * PUTs a manifest or index under {@code reference} (a tag) in {@code ref}'s repository; returns
   * the digest the registry reports (or computes from the bytes).
   */
  public String putManifest(ImageRef ref, String reference, String mediaType, byte[] body) {
    String scope = "repository:" + ref.repository() + ":pull,push";
    URI uri = transport.uri(ref, "/manifests/" + reference);
    String what = "manifest " + reference;
    BoundedHttp.Response r = put(ref, uri, scope, mediaType, body, what);
    if (r.statusCode() == 401
        && auth.prepare(ref, scope, r.headers().firstValue("WWW-Authenticate").orElse(""))) {
      r = put(ref, uri, scope, mediaType, body, what);
    }
    int s = r.statusCode();
    if (s == 201 || s == 200) {
      return r.headers().firstValue("Docker-Content-Digest").orElse(Digests.sha256(body));
    }
    String detail = RegistryJson.errorDetail(r.body());
    if (s == 401 || s == 403) {
      throw new RegistryException(
          "not authorized to push to "
              + ref.repository()
              + " in registry "
              + ref.registry()
              + " (HTTP "
              + s
              + ": "
              + detail
              + ")",
          ref.registry(),
          "log in (podman login " + ref.registry() + ") or pass --authfile with push rights");
    }
    throw new RegistryException(
        "registry "
            + ref.registry()
            + " answered HTTP "
            + s
            + " to the "
            + what
            + " of "
            + ref
            + ": "
            + detail,
        ref.registry(),
        "check that the registry accepts OCI indexes; retry later if it is a temporary failure");
  }

  private BoundedHttp.Response put(
      ImageRef ref, URI uri, String scope, String mediaType, byte[] body, String what) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", mediaType);
    auth.authorize(ref, scope, headers);
    return transport.put(ref, uri, headers, body, what);
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

  static String sha256(byte[] body) {
    return Digests.sha256(body);
  }

  /**
   * Encodes {@code user:password} as an auth file's {@code auth} value (for tests and fixtures).
   */
  public static String basicValue(String user, String password) {
    return Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}

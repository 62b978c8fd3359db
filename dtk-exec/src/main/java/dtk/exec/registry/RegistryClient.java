package dtk.exec.registry;

import dtk.exec.Platform;
import dtk.exec.http.BoundedHttp;
import dtk.exec.registry.internal.AuthFile;
import dtk.exec.registry.internal.DigestedBlob;
import dtk.exec.registry.internal.Digests;
import dtk.exec.registry.internal.Futures;
import dtk.exec.registry.internal.RegistryAuthenticator;
import dtk.exec.registry.internal.RegistryFailures;
import dtk.exec.registry.internal.RegistryJson;
import dtk.exec.registry.internal.RegistryTransport;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import tools.jackson.databind.JsonNode;

/**
 * A small Docker Registry HTTP API v2 client: manifests (OCI and docker, single and multi-arch),
 * config blobs for labels, the bearer-token challenge flow with tokens cached per registry and
 * scope, basic credentials from an auth file. One {@link BoundedHttp} for all requests, so
 * connections are reused and every request has a deadline and a size cap. It talks only to the
 * registry named by the reference (and to the token service and blob storage that registry names).
 */
public final class RegistryClient {
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  private static final String ACCEPT =
      String.join(", ", OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

  private final RegistryTransport transport;
  private final ExecutorService executor;
  private final RegistryAuthenticator auth;

  public RegistryClient(RegistryOptions options, Map<String, String> env) {
    this.executor = CachingImageInspector.daemonPool("dtk-registry");
    this.transport = new RegistryTransport(options, executor);
    this.auth =
        new RegistryAuthenticator(
            transport, new AuthFile(() -> options.effectiveAuthfile(env)), executor);
  }

  ExecutorService executor() {
    return executor;
  }

  private record Fetched(byte[] body, String mediaType, String digest) {}

  /**
   * Per repository and manifest digest: the platform image a tag's inspection read. An index that
   * lists the same manifest (apply inspects each platform tag and its index at once) takes it from
   * here instead of fetching the manifest and config again.
   */
  private final ConcurrentHashMap<String, CompletableFuture<PlatformImage>> platformImages =
      new ConcurrentHashMap<>();

  /** Per repository: inspections whose first manifest has not arrived yet. */
  private final ConcurrentHashMap<String, Set<CompletableFuture<Void>>> manifestsInFlight =
      new ConcurrentHashMap<>();

  /** Reads {@code ref}: the manifest it names, and per platform the manifest digest and config. */
  public ImageInfo inspect(ImageRef ref) {
    String repo = ref.apiHost() + "/" + ref.repository();
    Set<CompletableFuture<Void>> inFlight =
        manifestsInFlight.computeIfAbsent(repo, k -> ConcurrentHashMap.newKeySet());
    CompletableFuture<Void> arrived = new CompletableFuture<>();
    inFlight.add(arrived);
    Fetched top;
    JsonNode root;
    boolean index;
    CompletableFuture<PlatformImage> shared = null;
    try {
      top = manifest(ref, ref.reference());
      root = RegistryJson.parse(top.body, ref, "manifest");
      String mediaType =
          Optional.ofNullable(root.path("mediaType").stringValue(null)).orElse(top.mediaType);
      index = OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType) || root.has("manifests");
      if (!index) {
        CompletableFuture<PlatformImage> mine = new CompletableFuture<>();
        if (platformImages.putIfAbsent(repo + "@" + top.digest, mine) == null) {
          shared = mine;
        }
      }
    } finally {
      inFlight.remove(arrived);
      arrived.complete(null);
    }
    if (index) {
      // a member may be the manifest a tag of this repository is fetching right now: wait until
      // those tags' manifests arrived (each is bounded by the request deadline), then reuse
      for (CompletableFuture<Void> f : List.copyOf(inFlight)) {
        f.join();
      }
      List<CompletableFuture<PlatformImage>> parts = new ArrayList<>();
      for (JsonNode m : root.path("manifests")) {
        JsonNode p = m.path("platform");
        String os = p.path("os").stringValue("");
        String arch = p.path("architecture").stringValue("");
        if (os.isEmpty() || arch.isEmpty() || os.equals("unknown")) {
          continue; // attestation manifests and the like carry no runnable platform
        }
        String digest = m.path("digest").stringValue("");
        Platform platform = new Platform(os, Platform.kernelArch(arch));
        CompletableFuture<PlatformImage> known = platformImages.get(repo + "@" + digest);
        parts.add(
            known != null
                ? known
                    .thenApply(
                        k -> new PlatformImage(platform, k.digest(), k.labels(), k.created()))
                    .exceptionallyAsync(e -> platformImage(ref, digest, platform), executor)
                : CompletableFuture.supplyAsync(
                    () -> platformImage(ref, digest, platform), executor));
      }
      List<PlatformImage> images = new ArrayList<>();
      for (CompletableFuture<PlatformImage> f : parts) {
        images.add(Futures.join(f));
      }
      return new ImageInfo(ref, top.digest, true, images);
    }
    try {
      PlatformImage image = fromManifest(ref, top.digest, root, null);
      if (shared != null) {
        shared.complete(image);
      }
      return new ImageInfo(ref, top.digest, false, List.of(image));
    } catch (RuntimeException e) {
      if (shared != null) {
        platformImages.remove(repo + "@" + top.digest, shared);
        shared.completeExceptionally(e);
      }
      throw e;
    }
  }

  private PlatformImage platformImage(ImageRef ref, String digest, Platform platform) {
    Fetched f = manifest(ref, digest);
    return fromManifest(
        ref, f.digest, RegistryJson.parse(f.body, ref, "manifest " + digest), platform);
  }

  private PlatformImage fromManifest(
      ImageRef ref, String digest, JsonNode manifest, Platform fromIndex) {
    String configDigest = manifest.path("config").path("digest").stringValue(null);
    if (configDigest == null) {
      throw new RegistryException(
          "registry "
              + ref.registry()
              + " returned a manifest without a config for "
              + ref
              + " (schema 1 manifests are not supported)",
          ref.registry(),
          "re-push the image with a current podman, buildah or docker");
    }
    byte[] blob =
        get(ref, "/blobs/" + configDigest, "*/*", "config", RegistryOptions.MAX_CONFIG_BYTES).body;
    Digests.verify(blob, configDigest, ref);
    JsonNode config = RegistryJson.parse(blob, ref, "config");
    Map<String, String> labels = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : config.path("config").path("Labels").properties()) {
      labels.put(e.getKey(), e.getValue().stringValue(""));
    }
    Platform platform =
        fromIndex != null
            ? fromIndex
            : new Platform(
                config.path("os").stringValue("linux"),
                Platform.kernelArch(config.path("architecture").stringValue("amd64")));
    Instant created = null;
    String c = config.path("created").stringValue(null);
    if (c != null) {
      try {
        created = Instant.parse(c);
      } catch (DateTimeParseException e) {
        created = null; // a config with an odd timestamp still has labels worth reading
      }
    }
    return new PlatformImage(platform, digest, labels, created);
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
    Fetched top = manifest(ref, ref.reference());
    JsonNode root = RegistryJson.parse(top.body, ref, "manifest");
    String mediaType =
        Optional.ofNullable(root.path("mediaType").stringValue(null)).orElse(top.mediaType);
    if (OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType) || root.has("manifests")) {
      List<String> have = new ArrayList<>();
      for (JsonNode m : root.path("manifests")) {
        JsonNode p = m.path("platform");
        String os = p.path("os").stringValue("");
        String arch = p.path("architecture").stringValue("");
        if (os.isEmpty() || arch.isEmpty() || os.equals("unknown")) {
          continue;
        }
        Platform candidate = new Platform(os, Platform.kernelArch(arch));
        if (candidate.equals(platform)) {
          String digest = m.path("digest").stringValue("");
          Fetched f = manifest(ref, digest);
          return new PlatformManifest(
              ref,
              f.digest,
              platform,
              layersOf(ref, RegistryJson.parse(f.body, ref, "manifest " + digest)));
        }
        have.add(candidate.oci());
      }
      throw noPlatform(ref, platform, have);
    }
    PlatformImage image = fromManifest(ref, top.digest, root, null);
    if (!image.platform().equals(platform)) {
      throw noPlatform(ref, platform, List.of(image.platform().oci()));
    }
    return new PlatformManifest(ref, top.digest, platform, layersOf(ref, root));
  }

  private static RegistryException noPlatform(ImageRef ref, Platform platform, List<String> have) {
    return new RegistryException(
        "image "
            + ref
            + " has no "
            + platform.oci()
            + " image (it has "
            + (have.isEmpty() ? "none" : String.join(", ", have))
            + ")",
        ref.registry(),
        "build only the platforms the image has (platforms: in the spec, or --platform), or use another image");
  }

  private static List<Layer> layersOf(ImageRef ref, JsonNode manifest) {
    List<Layer> out = new ArrayList<>();
    for (JsonNode l : manifest.path("layers")) {
      String digest = l.path("digest").stringValue(null);
      if (digest == null || !digest.matches("sha256:[0-9a-f]{64}")) {
        throw new RegistryException(
            "registry "
                + ref.registry()
                + " returned a manifest for "
                + ref
                + " with a layer without a sha256 digest ("
                + digest
                + ")",
            ref.registry(),
            "re-push the image with a current podman, buildah or docker");
      }
      out.add(new Layer(digest, l.path("mediaType").stringValue(""), l.path("size").asLong(-1)));
    }
    return out;
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
    Fetched f = manifest(ref, reference);
    return new RawManifest(f.body, f.mediaType, f.digest);
  }

  /**
   * The OCI 1.1 referrers index of {@code digest}, or empty when the registry has no referrers API
   * (404, as the tag-schema fallback expects).
   */
  public Optional<RawManifest> referrers(ImageRef ref, String digest) {
    try {
      Fetched f =
          get(
              ref,
              "/referrers/" + digest,
              OCI_INDEX,
              "referrers of " + digest,
              RegistryOptions.MAX_MANIFEST_BYTES);
      return Optional.of(new RawManifest(f.body, f.mediaType, f.digest));
    } catch (dtk.exec.registry.ImageNotFoundException e) {
      return Optional.empty();
    }
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

  private Fetched manifest(ImageRef ref, String reference) {
    Fetched f =
        get(ref, "/manifests/" + reference, ACCEPT, "manifest", RegistryOptions.MAX_MANIFEST_BYTES);
    if (reference.startsWith("sha256:")) {
      Digests.verify(f.body, reference, ref);
      return new Fetched(f.body, f.mediaType, reference);
    }
    return new Fetched(f.body, f.mediaType, f.digest != null ? f.digest : Digests.sha256(f.body));
  }

  private Fetched get(ImageRef ref, String path, String accept, String what, long maxBytes) {
    String scope = "repository:" + ref.repository() + ":pull";
    URI uri = transport.uri(ref, path);
    BoundedHttp.Response r = send(ref, uri, accept, scope, true, what, maxBytes);
    if (r.statusCode() == 401) {
      r = authenticateAndRetry(ref, uri, accept, scope, r, what, maxBytes);
    }
    for (int hops = 0; RegistryTransport.isRedirect(r.statusCode()) && hops < 5; hops++) {
      String loc = r.headers().firstValue("Location").orElse(null);
      if (loc == null) {
        break;
      }
      // blob storage behind the registry: no registry credentials go there
      r = send(ref, uri.resolve(loc), accept, scope, false, what + " (redirected)", maxBytes);
    }
    int s = r.statusCode();
    if (s == 200) {
      return new Fetched(
          r.body(),
          r.headers().firstValue("Content-Type").orElse(""),
          r.headers().firstValue("Docker-Content-Digest").orElse(null));
    }
    String detail = RegistryJson.errorDetail(r.body());
    if (s == 404) {
      throw new dtk.exec.registry.ImageNotFoundException(
          "image "
              + ref
              + " not found in registry "
              + ref.registry()
              + " ("
              + what
              + ": "
              + detail
              + ")",
          ref.registry(),
          "check the image name and tag (skopeo inspect docker://"
              + ref
              + "); if the repository is private, log in");
    }
    throw RegistryFailures.status(ref, what, s, detail);
  }

  private BoundedHttp.Response send(
      ImageRef ref,
      URI uri,
      String accept,
      String scope,
      boolean withAuth,
      String what,
      long maxBytes) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", accept);
    if (withAuth) {
      auth.authorize(ref, scope, headers);
    }
    return call(ref, uri, headers, what, maxBytes);
  }

  private BoundedHttp.Response call(
      ImageRef ref, URI uri, Map<String, String> headers, String what, long maxBytes) {
    return transport.get(ref, uri, headers, what, maxBytes);
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

  private BoundedHttp.Response authenticateAndRetry(
      ImageRef ref,
      URI uri,
      String accept,
      String scope,
      BoundedHttp.Response r,
      String what,
      long maxBytes) {
    String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
    return auth.prepare(ref, scope, challenge)
        ? send(ref, uri, accept, scope, true, what, maxBytes)
        : r;
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

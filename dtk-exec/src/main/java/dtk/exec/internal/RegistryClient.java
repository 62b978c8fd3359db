package dtk.exec.internal;

import dtk.exec.ImageInfo;
import dtk.exec.Platform;
import dtk.exec.PlatformImage;
import dtk.exec.RegistryException;
import dtk.exec.RegistryOptions;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small Docker Registry HTTP API v2 client: manifests (OCI and docker, single and multi-arch),
 * config blobs for labels, the bearer-token challenge flow with tokens cached per registry and
 * scope, basic credentials from an auth file. One {@link HttpClient} for all requests, so
 * connections are reused. It talks only to the registry named by the reference (and to the token
 * service that registry's challenge names).
 */
public final class RegistryClient {
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  private static final String ACCEPT = String.join(", ", OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final RegistryOptions options;
  private final Map<String, String> env;
  private final HttpClient http;
  private final ExecutorService executor;
  private final JsonMapper json = JsonMapper.builder().build();
  private final ConcurrentHashMap<String, CompletableFuture<Token>> tokens = new ConcurrentHashMap<>();
  /** Per registry: how it challenged us (so later scopes fetch a token without a 401 first). */
  private final ConcurrentHashMap<String, Map<String, String>> bearerChallenges = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Boolean> basicRegistries = new ConcurrentHashMap<>();
  private volatile Map<String, String> credentials;

  public RegistryClient(RegistryOptions options, Map<String, String> env) {
    this.options = options;
    this.env = env;
    this.executor = CachingImageInspector.daemonPool("dtk-registry");
    this.http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER) // followed by hand, without credentials
        .executor(executor)
        .build();
  }

  ExecutorService executor() {
    return executor;
  }

  private record Token(String value, Instant expires) {}

  private record Fetched(byte[] body, String mediaType, String digest) {}

  /** Reads {@code ref}: the manifest it names, and per platform the manifest digest and config. */
  public ImageInfo inspect(ImageRef ref) {
    Fetched top = manifest(ref, ref.reference());
    JsonNode root = parse(top.body, ref, "manifest");
    String mediaType = Optional.ofNullable(root.path("mediaType").stringValue(null)).orElse(top.mediaType);
    if (OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType) || root.has("manifests")) {
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
        parts.add(CompletableFuture.supplyAsync(() -> platformImage(ref, digest, platform), executor));
      }
      List<PlatformImage> images = new ArrayList<>();
      for (CompletableFuture<PlatformImage> f : parts) {
        images.add(join(f));
      }
      return new ImageInfo(ref, top.digest, true, images);
    }
    return new ImageInfo(ref, top.digest, false, List.of(fromManifest(ref, top.digest, root, null)));
  }

  private PlatformImage platformImage(ImageRef ref, String digest, Platform platform) {
    Fetched f = manifest(ref, digest);
    return fromManifest(ref, f.digest, parse(f.body, ref, "manifest " + digest), platform);
  }

  private PlatformImage fromManifest(ImageRef ref, String digest, JsonNode manifest, Platform fromIndex) {
    String configDigest = manifest.path("config").path("digest").stringValue(null);
    if (configDigest == null) {
      throw new RegistryException("registry " + ref.registry() + " returned a manifest without a config for " + ref
          + " (schema 1 manifests are not supported)", ref.registry(), "re-push the image with a current podman, buildah or docker");
    }
    byte[] blob = get(ref, "/blobs/" + configDigest, "*/*", "config " + configDigest).body;
    verify(blob, configDigest, ref);
    JsonNode config = parse(blob, ref, "config");
    Map<String, String> labels = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : config.path("config").path("Labels").properties()) {
      labels.put(e.getKey(), e.getValue().stringValue(""));
    }
    Platform platform = fromIndex != null ? fromIndex
        : new Platform(config.path("os").stringValue("linux"), Platform.kernelArch(config.path("architecture").stringValue("amd64")));
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

  private Fetched manifest(ImageRef ref, String reference) {
    Fetched f = get(ref, "/manifests/" + reference, ACCEPT, "manifest");
    if (reference.startsWith("sha256:")) {
      verify(f.body, reference, ref);
      return new Fetched(f.body, f.mediaType, reference);
    }
    return new Fetched(f.body, f.mediaType, f.digest != null ? f.digest : sha256(f.body));
  }

  private Fetched get(ImageRef ref, String path, String accept, String what) {
    String scope = "repository:" + ref.repository() + ":pull";
    URI uri = URI.create(scheme() + "://" + ref.apiHost() + "/v2/" + ref.repository() + path);
    HttpResponse<byte[]> r = send(ref, uri, accept, scope, true);
    if (r.statusCode() == 401) {
      r = authenticateAndRetry(ref, uri, accept, scope, r);
    }
    for (int hops = 0; isRedirect(r.statusCode()) && hops < 5; hops++) {
      String loc = r.headers().firstValue("Location").orElse(null);
      if (loc == null) {
        break;
      }
      // blob storage behind the registry: no registry credentials go there
      r = send(ref, uri.resolve(loc), accept, scope, false);
    }
    int s = r.statusCode();
    if (s == 200) {
      return new Fetched(r.body(), r.headers().firstValue("Content-Type").orElse(""),
          r.headers().firstValue("Docker-Content-Digest").orElse(null));
    }
    String detail = errorDetail(r.body());
    if (s == 404) {
      throw new dtk.exec.ImageNotFoundException("image " + ref + " not found in registry " + ref.registry() + " (" + what + ": " + detail + ")",
          ref.registry(), "check the image name and tag (skopeo inspect docker://" + ref + "); if the repository is private, log in");
    }
    if (s == 401 || s == 403) {
      throw new RegistryException("not authorized to read " + ref + " from registry " + ref.registry() + " (HTTP " + s + ": " + detail + ")",
          ref.registry(), "log in (podman login " + ref.registry() + ") or pass --authfile with credentials for it");
    }
    throw new RegistryException("registry " + ref.registry() + " answered HTTP " + s + " for " + what + " of " + ref + ": " + detail,
        ref.registry(), "retry later; if it persists check the registry's status");
  }

  private static boolean isRedirect(int s) {
    return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
  }

  private HttpResponse<byte[]> send(ImageRef ref, URI uri, String accept, String scope, boolean withAuth) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", accept).GET();
    if (uri.getScheme().equals("http")) {
      b.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance with plain-HTTP registries
    }
    if (withAuth) {
      authorization(ref, scope).ifPresent(a -> b.header("Authorization", a));
    }
    return call(ref, b.build());
  }

  /** Attempts per request: registries and their proxies drop a connection or answer 503 now and then. */
  private static final int ATTEMPTS = 3;

  private HttpResponse<byte[]> call(ImageRef ref, HttpRequest req) {
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        int s = r.statusCode();
        if (attempt < ATTEMPTS && (s == 429 || s == 502 || s == 503 || s == 504)) {
          pause(attempt);
          continue;
        }
        return r;
      } catch (IOException e) {
        boolean transient_ = !(e instanceof ConnectException || e instanceof SSLException || e instanceof HttpTimeoutException);
        if (attempt < ATTEMPTS && transient_) {
          pause(attempt);
          continue;
        }
        throw failure(ref, req, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CompletionException(e);
      }
    }
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(200L * attempt * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException(e);
    }
  }

  private RegistryException failure(ImageRef ref, HttpRequest req, IOException e) {
    String at = req.uri().getAuthority();
    if (e instanceof HttpConnectTimeoutException) {
      return new RegistryException("cannot reach registry " + at + " for image " + ref + ": connection timed out",
          ref.registry(), "check the registry address and your network", e);
    }
    if (e instanceof HttpTimeoutException) {
      return new RegistryException("registry " + at + " did not answer within " + REQUEST_TIMEOUT.toSeconds()
          + " s for image " + ref, ref.registry(), "retry later; check the registry's status", e);
    }
    if (e instanceof ConnectException) {
      return new RegistryException("cannot reach registry " + at + " for image " + ref + ": connection refused",
          ref.registry(), unreachableHint(ref.registry(), options.tlsVerify()), e);
    }
    if (e instanceof SSLException) {
      return new RegistryException("TLS with registry " + at + " failed for image " + ref + ": " + e.getMessage(),
          ref.registry(), "if the registry serves plain HTTP pass --tls-verify=false; otherwise check its certificate", e);
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new RegistryException("talking to registry " + at + " for image " + ref + " failed: " + m,
        ref.registry(), options.tlsVerify() ? unreachableHint(ref.registry(), true)
            : "check that the registry is running and serves plain HTTP", e);
  }

  /**
   * What to check when a registry cannot be reached. {@code --tls-verify=false} is suggested only
   * for a registry that looks like a local plain-HTTP one (loopback, a private address, a
   * {@code .local} name or an explicit port other than 443): for quay.io it would be wrong advice.
   */
  static String unreachableHint(String registry, boolean tlsVerify) {
    if (!tlsVerify) {
      return "check that the registry is running and its address is right";
    }
    if (mayServePlainHttp(registry)) {
      return "check that the registry is running and its address is right; for a plain-HTTP registry pass --tls-verify=false";
    }
    return "check your network and proxy settings (HTTPS_PROXY, NO_PROXY) and the registry name " + registry;
  }

  /** Whether {@code registry} ({@code host} or {@code host:port}) looks like a local registry that may serve plain HTTP. */
  public static boolean mayServePlainHttp(String registry) {
    String host = registry;
    String port = null;
    if (host.startsWith("[")) {                       // [::1]:5000
      int end = host.indexOf(']');
      port = end + 1 < host.length() && host.charAt(end + 1) == ':' ? host.substring(end + 2) : null;
      host = host.substring(1, end);
    } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
      port = host.substring(host.indexOf(':') + 1);
      host = host.substring(0, host.indexOf(':'));
    }
    String h = host.toLowerCase(java.util.Locale.ROOT);
    boolean local = h.equals("localhost") || h.endsWith(".localhost") || h.endsWith(".local") || h.equals("::1")
        || h.startsWith("127.") || h.startsWith("10.") || h.startsWith("192.168.")
        || h.matches("172\\.(1[6-9]|2[0-9]|3[01])\\..*") || !h.contains(".") && !h.contains(":");
    return local || port != null && !port.equals("443");
  }


  private Optional<String> authorization(ImageRef ref, String scope) {
    CompletableFuture<Token> t = tokens.get(ref.apiHost() + "|" + scope);
    if (t == null && bearerChallenges.containsKey(ref.apiHost())) {
      t = token(ref, scope, bearerChallenges.get(ref.apiHost()));
    }
    if (t != null) {
      Token tok = join(t);
      if (tok.expires.isAfter(Instant.now())) {
        return Optional.of("Bearer " + tok.value);
      }
      tokens.remove(ref.apiHost() + "|" + scope, t);
      return Optional.of("Bearer " + join(token(ref, scope, bearerChallenges.get(ref.apiHost()))).value);
    }
    if (basicRegistries.containsKey(ref.apiHost())) {
      return basic(ref).map(c -> "Basic " + c);
    }
    return Optional.empty();
  }

  private HttpResponse<byte[]> authenticateAndRetry(ImageRef ref, URI uri, String accept, String scope, HttpResponse<byte[]> r) {
    String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
    if (challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
      Map<String, String> params = new LinkedHashMap<>();
      Matcher m = CHALLENGE_PARAM.matcher(challenge);
      while (m.find()) {
        params.put(m.group(1), m.group(2));
      }
      if (params.get("realm") == null) {
        return r;
      }
      bearerChallenges.put(ref.apiHost(), params);
      tokens.remove(ref.apiHost() + "|" + scope);
      token(ref, scope, params);
      return send(ref, uri, accept, scope, true);
    }
    if (challenge.regionMatches(true, 0, "Basic", 0, 5) && basic(ref).isPresent()) {
      basicRegistries.put(ref.apiHost(), true);
      return send(ref, uri, accept, scope, true);
    }
    return r;
  }

  /** One token fetch per registry and scope, shared by parallel callers. */
  private CompletableFuture<Token> token(ImageRef ref, String scope, Map<String, String> challenge) {
    return tokens.computeIfAbsent(ref.apiHost() + "|" + scope, k -> CompletableFuture.supplyAsync(() -> {
      StringBuilder u = new StringBuilder(challenge.get("realm"));
      u.append(u.indexOf("?") >= 0 ? '&' : '?');
      if (challenge.get("service") != null) {
        u.append("service=").append(URLEncoder.encode(challenge.get("service"), StandardCharsets.UTF_8)).append('&');
      }
      u.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(u.toString())).timeout(REQUEST_TIMEOUT).GET();
      basic(ref).ifPresent(c -> b.header("Authorization", "Basic " + c));
      HttpResponse<byte[]> r = call(ref, b.build());
      if (r.statusCode() != 200) {
        throw new RegistryException("the token service of registry " + ref.registry() + " refused access to " + ref
            + " (HTTP " + r.statusCode() + ": " + errorDetail(r.body()) + ")",
            ref.registry(), "log in (podman login " + ref.registry() + ") or pass --authfile; check the image name");
      }
      JsonNode t = parse(r.body(), ref, "token");
      String value = t.path("token").stringValue(null);
      if (value == null) {
        value = t.path("access_token").stringValue(null);
      }
      if (value == null) {
        throw new RegistryException("the token service of registry " + ref.registry() + " returned no token", ref.registry(), null);
      }
      long ttl = Math.max(60, t.path("expires_in").asLong(60));
      return new Token(value, Instant.now().plusSeconds(ttl - 10));
    }, executor));
  }

  /** base64 {@code user:password} for the registry from the auth file, if it has an entry. */
  private Optional<String> basic(ImageRef ref) {
    Map<String, String> creds = credentials();
    String key = ref.registry() + "/" + ref.repository();
    while (true) { // containers' auth.json may hold per-namespace entries: longest match first
      if (creds.containsKey(key)) {
        return Optional.of(creds.get(key));
      }
      int slash = key.lastIndexOf('/');
      if (slash < 0) {
        break;
      }
      key = key.substring(0, slash);
    }
    for (String k : List.of(ref.registry(), "https://" + ref.registry(), "http://" + ref.registry())) {
      if (creds.containsKey(k)) {
        return Optional.of(creds.get(k));
      }
    }
    if (ref.registry().equals("docker.io")) {
      return Optional.ofNullable(creds.get("https://index.docker.io/v1/"));
    }
    return Optional.empty();
  }

  private Map<String, String> credentials() {
    Map<String, String> c = credentials;
    if (c == null) {
      c = readAuthFile(options.effectiveAuthfile(env));
      credentials = c;
    }
    return c;
  }

  private Map<String, String> readAuthFile(Path file) {
    Map<String, String> out = new LinkedHashMap<>();
    if (file == null) {
      return out;
    }
    try {
      JsonNode root = json.readTree(Files.readAllBytes(file));
      for (Map.Entry<String, JsonNode> e : root.path("auths").properties()) {
        String auth = e.getValue().path("auth").stringValue(null);
        if (auth != null && !auth.isEmpty()) {
          out.put(e.getKey().replaceFirst("/+$", ""), auth);
          out.put(e.getKey(), auth);
        }
      }
      return out;
    } catch (IOException | JacksonException e) {
      throw new RegistryException("cannot read auth file " + file + ": " + e.getMessage(), "",
          "check the file (containers auth.json format: {\"auths\": {\"REGISTRY\": {\"auth\": \"base64(user:password)\"}}})", e);
    }
  }

  private String scheme() {
    return options.tlsVerify() ? "https" : "http";
  }

  private JsonNode parse(byte[] body, ImageRef ref, String what) {
    try {
      return json.readTree(body);
    } catch (JacksonException e) {
      throw new RegistryException("registry " + ref.registry() + " returned an unreadable " + what + " for " + ref,
          ref.registry(), "check that " + ref.registry() + " is a container registry", e);
    }
  }

  private String errorDetail(byte[] body) {
    try {
      JsonNode e = json.readTree(body).path("errors").path(0);
      if (!e.isMissingNode()) {
        return e.path("code").stringValue("") + " " + e.path("message").stringValue("");
      }
    } catch (JacksonException notJson) {
      // fall through to the raw text
    }
    String s = new String(body, StandardCharsets.UTF_8).strip();
    return s.length() > 200 ? s.substring(0, 200) + "..." : s.isEmpty() ? "no details" : s;
  }

  private static void verify(byte[] body, String digest, ImageRef ref) {
    if (digest.startsWith("sha256:") && !sha256(body).equals(digest)) {
      throw new RegistryException("registry " + ref.registry() + " returned content for " + ref + " that does not match digest " + digest,
          ref.registry(), "retry; if it persists the registry or a proxy in between is corrupting data");
    }
  }

  static String sha256(byte[] body) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw e;
    }
  }

  /** Encodes {@code user:password} as an auth file's {@code auth} value (for tests and fixtures). */
  public static String basicValue(String user, String password) {
    return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}

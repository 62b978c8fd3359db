package dtk.exec.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dtk.exec.Platform;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bearer-token flow against an in-process registry (JDK HttpServer, loopback): the challenge,
 * credentials from the auth file, one token per repository scope reused across requests.
 */
class RegistryClientTest {
  private HttpServer server;
  private String host;
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private final AtomicInteger unauthorized = new AtomicInteger();
  private final List<String> tokenAuth = new CopyOnWriteArrayList<>();
  private final List<String> scopes = new CopyOnWriteArrayList<>();

  /** Answers 503 to this many manifest requests before serving them. */
  private final AtomicInteger unavailable = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    host = "127.0.0.1:" + server.getAddress().getPort();
    server.createContext(
        "/token",
        ex -> {
          tokenRequests.incrementAndGet();
          tokenAuth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
          String q = ex.getRequestURI().getQuery();
          String scope =
              java.net.URLDecoder.decode(q.replaceFirst(".*scope=", ""), StandardCharsets.UTF_8);
          scopes.add(scope);
          send(
              ex,
              200,
              "application/json",
              ("{\"token\":\"tok-" + scope + "\",\"expires_in\":300}")
                  .getBytes(StandardCharsets.UTF_8));
        });
    server.createContext(
        "/v2/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          String repo = path.replaceFirst("^/v2/(.*)/(manifests|blobs)/.*$", "$1");
          String auth = ex.getRequestHeaders().getFirst("Authorization");
          if (auth == null || !auth.equals("Bearer tok-repository:" + repo + ":pull")) {
            unauthorized.incrementAndGet();
            ex.getResponseHeaders()
                .add(
                    "WWW-Authenticate",
                    "Bearer realm=\"http://"
                        + host
                        + "/token\",service=\"test-registry\",scope=\"repository:"
                        + repo
                        + ":pull\"");
            send(
                ex,
                401,
                "application/json",
                "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"
                    .getBytes(StandardCharsets.UTF_8));
            return;
          }
          if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            send(ex, 503, "text/plain", "busy".getBytes(StandardCharsets.UTF_8));
            return;
          }
          String ref = path.substring(path.lastIndexOf('/') + 1);
          byte[] body = path.contains("/blobs/") ? blobs.get(ref) : manifests.get(repo + ":" + ref);
          if (body == null) {
            send(
                ex,
                404,
                "application/json",
                "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}"
                    .getBytes(StandardCharsets.UTF_8));
            return;
          }
          send(
              ex,
              200,
              path.contains("/blobs/") ? "application/octet-stream" : RegistryClient.OCI_MANIFEST,
              body);
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private void image(String repo, String tag, String labelValue) {
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-01-01T00:00:00Z\","
                + "\"config\":{\"Labels\":{\"ostree.linux\":\""
                + labelValue
                + "\"}}}")
            .getBytes(StandardCharsets.UTF_8);
    String configDigest = Digest.sha256(config).toString();
    blobs.put(configDigest, config);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + RegistryClient.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + configDigest
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    manifests.put(repo + ":" + tag, manifest);
    manifests.put(repo + ":" + Digest.sha256(manifest), manifest);
  }

  @Test
  void bearerTokensAreFetchedOncePerScopeAndSentWithCredentials(@TempDir Path dir)
      throws Exception {
    image("org/bootc", "stream9", "5.14.0-498.el9.x86_64");
    image("org/bootc", "stream10", "6.12.0-1.el10.x86_64");
    image("org/base", "9", "none");
    Path auth =
        Files.writeString(
            dir.resolve("auth.json"),
            "{\"auths\":{\""
                + host
                + "\":{\"auth\":\""
                + RegistryClient.basicValue("user", "pw")
                + "\"}}}");
    RegistryClient client = new RegistryClient(new RegistryOptions(false, auth), Map.of());

    ImageInfo a = client.inspect(ImageRef.parse(host + "/org/bootc:stream9"));
    ImageInfo b = client.inspect(ImageRef.parse(host + "/org/bootc:stream10"));
    client.inspect(ImageRef.parse(host + "/org/base:9"));

    assertThat(a.forPlatform(Platform.X86_64).label("ostree.linux"))
        .isEqualTo("5.14.0-498.el9.x86_64");
    assertThat(b.forPlatform(Platform.X86_64).label("ostree.linux"))
        .isEqualTo("6.12.0-1.el10.x86_64");
    assertThat(a.digest()).isEqualTo(Digest.sha256(manifests.get("org/bootc:stream9")));
    // one challenge for the registry; after it tokens are fetched up front, one per repository
    assertThat(unauthorized.get()).isEqualTo(1);
    assertThat(scopes).containsExactly("repository:org/bootc:pull", "repository:org/base:pull");
    assertThat(tokenAuth).containsOnly("Basic " + RegistryClient.basicValue("user", "pw"));
  }

  @Test
  void anonymousTokensWorkWithoutAnAuthFile() {
    image("org/bootc", "stream9", "k");
    RegistryClient client =
        new RegistryClient(new RegistryOptions(false, null), Map.of("HOME", "/nonexistent"));
    client.inspect(ImageRef.parse(host + "/org/bootc:stream9"));
    assertThat(tokenAuth).containsExactly("null");
  }

  @Test
  void aBusyRegistryIsAskedAgain_butNotForever() {
    image("org/bootc", "stream9", "k");
    RegistryClient client =
        new RegistryClient(new RegistryOptions(false, null), Map.of("HOME", "/nonexistent"));
    unavailable.set(2);
    assertThat(client.inspect(ImageRef.parse(host + "/org/bootc:stream9")).digest().isSha256())
        .isTrue();
    unavailable.set(100);
    assertThatThrownBy(() -> client.inspect(ImageRef.parse(host + "/org/bootc:stream9")))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("answered HTTP 503");
  }

  @Test
  void unknownManifestIsReportedWithTheRegistrysCode() {
    RegistryClient client =
        new RegistryClient(new RegistryOptions(false, null), Map.of("HOME", "/nonexistent"));
    assertThatThrownBy(() -> client.inspect(ImageRef.parse(host + "/org/nothing:1")))
        .isInstanceOf(dtk.exec.registry.ImageNotFoundException.class)
        .hasMessage(
            "image "
                + host
                + "/org/nothing:1 not found in registry "
                + host
                + " (manifest: MANIFEST_UNKNOWN manifest unknown)");
  }

  @Test
  void aBrokenAuthFileSaysWhichFile(@TempDir Path dir) throws Exception {
    image("org/bootc", "stream9", "k");
    Path auth = Files.writeString(dir.resolve("auth.json"), "{not json");
    RegistryClient client = new RegistryClient(new RegistryOptions(false, auth), Map.of());
    assertThatThrownBy(() -> client.inspect(ImageRef.parse(host + "/org/bootc:stream9")))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("cannot read auth file " + auth);
  }

  @Test
  void tlsVerifyFalse_isSuggestedOnlyForARegistryThatLooksLocal() {
    assertThat(RegistryClient.unreachableHint("quay.io", true))
        .doesNotContain("--tls-verify")
        .contains("network and proxy settings")
        .contains("quay.io");
    assertThat(RegistryClient.unreachableHint("registry.example.com", true))
        .doesNotContain("--tls-verify");
    for (String local :
        List.of(
            "127.0.0.1:5000",
            "localhost:5000",
            "localhost",
            "[::1]:5000",
            "192.168.1.10",
            "registry.example.com:5000",
            "myregistry")) {
      assertThat(RegistryClient.unreachableHint(local, true))
          .as(local)
          .contains("--tls-verify=false");
    }
    assertThat(RegistryClient.unreachableHint("quay.io:443", true)).doesNotContain("--tls-verify");
    assertThat(RegistryClient.unreachableHint("127.0.0.1:5000", false))
        .doesNotContain("--tls-verify");
  }
}

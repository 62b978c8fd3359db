package dtk.exec.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dtk.exec.http.LoopbackServer;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Registries (and the token services and blob storage they name) that never answer, stream without
 * end or trickle: each inspection fails within the deadline, naming the host, the request and what
 * to try.
 */
class RegistryClientLimitsTest {
  private static final RegistryOptions TWO_SECONDS =
      new RegistryOptions(false, null, Duration.ofSeconds(2));

  private static RegistryException inspect(String image) {
    RegistryClient client = new RegistryClient(TWO_SECONDS, Map.of("HOME", "/nonexistent"));
    long start = System.nanoTime();
    Throwable t = catchThrowable(() -> client.inspect(ImageRef.parse(image)));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3500));
    assertThat(t).isInstanceOf(RegistryException.class);
    return (RegistryException) t;
  }

  private static void endless(java.net.Socket c) throws IOException {
    OutputStream out = LoopbackServer.head(c, 200, "Content-Type: " + RegistryClient.OCI_MANIFEST);
    byte[] chunk = new byte[64 * 1024];
    java.util.Arrays.fill(chunk, (byte) ' ');
    while (true) {
      out.write(chunk);
    }
  }

  @Test
  void anEndlessManifest_stopsAtTheCap() throws Exception {
    try (LoopbackServer s = LoopbackServer.start(RegistryClientLimitsTest::endless)) {
      RegistryException e = inspect(s.host() + "/org/x:1");
      assertThat(e)
          .hasMessage(
              "registry "
                  + s.host()
                  + " sent a manifest for image "
                  + s.host()
                  + "/org/x:1 larger than dtk's cap of 4 MiB (more than 4194304 bytes sent)");
      assertThat(e.hint()).contains("at most 4 MiB of a manifest or config and 1 MiB of a token");
    }
  }

  @Test
  void aRegistryThatNeverAnswers_failsWithTheHostAndTheTimeout() throws Exception {
    try (LoopbackServer s = LoopbackServer.start(LoopbackServer::silent)) {
      RegistryException e = inspect(s.host() + "/org/x:1");
      assertThat(e)
          .hasMessage(
              "registry "
                  + s.host()
                  + " did not answer the manifest request for image "
                  + s.host()
                  + "/org/x:1 within 1 s (connected, request sent, no response)");
      assertThat(e.hint())
          .isEqualTo(
              "retry later or with a longer --timeout (now 2 s); check the registry's status and your network");
    }
  }

  @Test
  void aStalledTlsHandshakeSaysSo() throws Exception {
    try (LoopbackServer s = LoopbackServer.start(LoopbackServer::silent)) {
      RegistryClient client =
          new RegistryClient(
              new RegistryOptions(true, null, Duration.ofSeconds(2)),
              Map.of("HOME", "/nonexistent"));
      Throwable t = catchThrowable(() -> client.inspect(ImageRef.parse(s.host() + "/org/x:1")));
      assertThat(t)
          .isInstanceOf(RegistryException.class)
          .hasMessage(
              "cannot reach registry "
                  + s.host()
                  + " for image "
                  + s.host()
                  + "/org/x:1: TLS handshake timed out after 500 ms (the TCP connection was made)");
      assertThat(((RegistryException) t).hint()).contains("--tls-verify=false");
    }
  }

  /**
   * A registry whose challenge names {@code realm} and whose config blob redirects to {@code
   * blobs}.
   */
  private static HttpServer registry(String realm, String blobs) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}";
    String digest = Digest.sha256(config.getBytes(StandardCharsets.UTF_8)).toString();
    server.createContext(
        "/v2/",
        ex -> {
          if (realm != null && ex.getRequestHeaders().getFirst("Authorization") == null) {
            ex.getResponseHeaders()
                .add("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"s\"");
            send(ex, 401, "{}");
          } else if (ex.getRequestURI().getPath().contains("/blobs/")) {
            ex.getResponseHeaders().add("Location", blobs + "/blob");
            send(ex, 307, "");
          } else {
            ex.getResponseHeaders().add("Content-Type", RegistryClient.OCI_MANIFEST);
            send(
                ex,
                200,
                "{\"schemaVersion\":2,\"config\":{\"digest\":\"" + digest + "\"},\"layers\":[]}");
          }
        });
    server.start();
    return server;
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      ex.getResponseBody().write(b);
    }
    ex.close();
  }

  @Test
  void aTokenServiceThatStreamsForever_isCappedAndNamed() throws Exception {
    try (LoopbackServer tokens = LoopbackServer.start(RegistryClientLimitsTest::endless)) {
      HttpServer r = registry("http://" + tokens.host() + "/token", null);
      try {
        String host = "127.0.0.1:" + r.getAddress().getPort();
        RegistryException e = inspect(host + "/org/x:1");
        assertThat(e)
            .hasMessage(
                tokens.host()
                    + " (named by registry "
                    + host
                    + ") sent a token for image "
                    + host
                    + "/org/x:1 larger than dtk's cap of 1 MiB (more than 1048576 bytes sent)");
      } finally {
        r.stop(0);
      }
    }
  }

  @Test
  void aBlobRedirectToATrickle_endsAtTheDeadline() throws Exception {
    try (LoopbackServer blobs =
        LoopbackServer.start(
            c -> {
              OutputStream out = LoopbackServer.head(c, 200);
              while (true) {
                out.write(' ');
                out.flush();
                Thread.sleep(100);
              }
            })) {
      HttpServer r = registry(null, "http://" + blobs.host());
      try {
        String host = "127.0.0.1:" + r.getAddress().getPort();
        RegistryException e = inspect(host + "/org/x:1");
        assertThat(e.getMessage())
            .startsWith(
                blobs.host()
                    + " (named by registry "
                    + host
                    + ") did not send the config (redirected) of image "
                    + host
                    + "/org/x:1 within the 2 s deadline (")
            .endsWith(" bytes of the body received)");
      } finally {
        r.stop(0);
      }
    }
  }
}

package dtk.exec.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every wait of {@link BoundedHttp} ends, against loopback servers that misbehave in one way each.
 */
class BoundedHttpTest {
  /** Connect 0.5 s, read 1 s, deadline 2 s. */
  private static final HttpLimits LIMITS = HttpLimits.of(Duration.ofSeconds(2));

  private final BoundedHttp http = new BoundedHttp(LIMITS, null);

  private static URI uri(String scheme, LoopbackServer s) {
    return URI.create(scheme + "://" + s.host() + "/v2/x/manifests/1");
  }

  private HttpFailure fail(URI uri, long cap) {
    long start = System.nanoTime();
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(() -> http.get(uri, Map.of(), cap));
    assertThat(t).isInstanceOf(HttpFailure.class);
    // every case ends by the deadline, with some slack for a loaded machine
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3500));
    return (HttpFailure) t;
  }

  @Test
  void limitsFollowFromTheDeadline() {
    assertThat(HttpLimits.DEFAULT)
        .isEqualTo(
            new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)));
    assertThat(LIMITS)
        .isEqualTo(
            new HttpLimits(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2)));
    assertThat(HttpLimits.of(Duration.ofMinutes(5)).connect()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aServerThatAcceptsAndNeverAnswers_failsAtTheReadTimeout() throws Exception {
    try (LoopbackServer s = LoopbackServer.start(LoopbackServer::silent)) {
      HttpFailure f = fail(uri("http", s), 1024);
      assertThat(f.kind()).isEqualTo(HttpFailure.Kind.NO_RESPONSE);
      assertThat(f)
          .hasMessage(s.host() + " accepted the connection but sent no response within 1 s");
    }
  }

  @Test
  void anEndlessBody_stopsAtTheCap() throws Exception {
    try (LoopbackServer s =
        LoopbackServer.start(
            c -> {
              OutputStream out = LoopbackServer.head(c, 200, "Content-Type: application/json");
              byte[] chunk = new byte[64 * 1024];
              while (true) {
                out.write(chunk);
              }
            })) {
      HttpFailure f = fail(uri("http", s), 1024 * 1024);
      assertThat(f.kind()).isEqualTo(HttpFailure.Kind.TOO_LARGE);
      assertThat(f)
          .hasMessage(
              s.host()
                  + " sent a response larger than the cap of 1 MiB (more than 1048576 bytes sent)");
    }
  }

  @Test
  void aDeclaredLengthOverTheCap_failsBeforeReading() throws Exception {
    try (LoopbackServer s =
        LoopbackServer.start(
            c -> {
              LoopbackServer.head(c, 200, "Content-Length: 999999999");
              LoopbackServer.silent(c);
            })) {
      HttpFailure f = fail(uri("http", s), 4096);
      assertThat(f.kind()).isEqualTo(HttpFailure.Kind.TOO_LARGE);
      assertThat(f).hasMessageEndingWith("larger than the cap of 4 KiB (Content-Length 999999999)");
    }
  }

  @Test
  void aTrickle_thatNoReadTimeoutCatches_endsAtTheDeadline() throws Exception {
    try (LoopbackServer s =
        LoopbackServer.start(
            c -> {
              OutputStream out = LoopbackServer.head(c, 200);
              while (true) {
                out.write('x'); // one byte every 100 ms: well within the 1 s read timeout
                out.flush();
                Thread.sleep(100);
              }
            })) {
      long start = System.nanoTime();
      HttpFailure f = fail(uri("http", s), 1024 * 1024);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
      assertThat(f.kind()).isEqualTo(HttpFailure.Kind.DEADLINE);
      assertThat(f.getMessage())
          .startsWith(s.host() + " did not send a complete response within the deadline of 2 s (")
          .endsWith(" bytes of the body received)");
    }
  }

  @Test
  void aBodyThatStops_failsAtTheReadTimeout() throws Exception {
    try (LoopbackServer s =
        LoopbackServer.start(
            c -> {
              OutputStream out = LoopbackServer.head(c, 200);
              out.write("{\"schemaVersion\":".getBytes(StandardCharsets.UTF_8));
              out.flush();
              LoopbackServer.silent(c);
            })) {
      HttpFailure f = fail(uri("http", s), 1024);
      assertThat(f.kind()).isEqualTo(HttpFailure.Kind.BODY_STALLED);
      assertThat(f)
          .hasMessage(
              s.host()
                  + " sent the response headers, then nothing for 1 s (17 bytes of the body received)");
    }
  }

  @Test
  void aStalledTlsHandshake_isNotCalledAConnectTimeout() throws Exception {
    try (LoopbackServer s = LoopbackServer.start(LoopbackServer::silent)) {
      HttpFailure f = fail(uri("https", s), 1024);
      assertThat(f.kind()).isEqualTo(HttpFailure.Kind.TLS_HANDSHAKE_TIMEOUT);
      assertThat(f)
          .hasMessage(
              "the TLS handshake with "
                  + s.host()
                  + " timed out after 500 ms (the TCP connection was made)");
    }
  }

  @Test
  void aConnectThatNeverCompletes_isAConnectTimeout_forHttpsToo() throws Exception {
    // a listening socket whose accept queue is full: the kernel drops further SYNs
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> fill = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          Socket c = new Socket();
          try {
            c.connect(full.getLocalSocketAddress(), 200);
            fill.add(c);
          } catch (java.io.IOException timedOut) {
            c.close();
            break; // the queue is full now
          }
        }
        for (String scheme : List.of("http", "https")) {
          HttpFailure f =
              fail(URI.create(scheme + "://127.0.0.1:" + full.getLocalPort() + "/v2/"), 1024);
          assertThat(f.kind()).as(scheme).isEqualTo(HttpFailure.Kind.CONNECT_TIMEOUT);
          assertThat(f)
              .hasMessage(
                  "connecting to 127.0.0.1:" + full.getLocalPort() + " timed out after 500 ms");
        }
      } finally {
        for (Socket c : fill) {
          c.close();
        }
      }
    }
  }

  @Test
  void nothingListening_isARefusal() throws Exception {
    int port;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = gone.getLocalPort();
    }
    HttpFailure f = fail(URI.create("http://127.0.0.1:" + port + "/v2/"), 1024);
    assertThat(f.kind()).isEqualTo(HttpFailure.Kind.CONNECT_REFUSED);
    assertThat(f).hasMessage("connection to 127.0.0.1:" + port + " refused");
  }

  @Test
  void anErrorBody_isCutAtItsOwnCap_notAnError() throws Exception {
    try (LoopbackServer s =
        LoopbackServer.start(
            c -> {
              OutputStream out = LoopbackServer.head(c, 404);
              byte[] chunk = new byte[16 * 1024];
              while (true) {
                out.write(chunk);
              }
            })) {
      BoundedHttp.Response r = http.get(uri("http", s), Map.of(), 1024 * 1024);
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).hasSize(BoundedHttp.ERROR_BODY_CAP);
    }
  }

  @Test
  void aWellBehavedServer_isRead() throws Exception {
    try (LoopbackServer s =
        LoopbackServer.start(
            c -> {
              OutputStream out = LoopbackServer.head(c, 200, "Content-Length: 2", "X-Test: yes");
              out.write("{}".getBytes(StandardCharsets.UTF_8));
              out.flush();
              c.close();
            })) {
      BoundedHttp.Response r = http.get(uri("http", s), Map.of("Accept", "application/json"), 2);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("X-Test")).hasValue("yes");
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }
  }

  @Test
  void durationsAndSizesReadAsTheyAreMeant() {
    assertThat(HttpLimits.show(Duration.ofSeconds(30))).isEqualTo("30 s");
    assertThat(HttpLimits.show(Duration.ofMinutes(2))).isEqualTo("2 min");
    assertThat(HttpLimits.show(Duration.ofMillis(500))).isEqualTo("500 ms");
    assertThat(BoundedHttp.size(4L * 1024 * 1024)).isEqualTo("4 MiB");
    assertThat(BoundedHttp.size(100)).isEqualTo("100 bytes");
    assertThatThrownBy(
            () -> new HttpLimits(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shutdownAll_stopsTheSelectorThreads_soTheJvmExitsWithoutWaiting() throws Exception {
    try (LoopbackServer s =
        LoopbackServer.start(
            c -> {
              OutputStream out = LoopbackServer.head(c, 200, "Content-Length: 2");
              out.write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
              out.flush();
            })) {
      BoundedHttp http = new BoundedHttp(LIMITS, null);
      assertThat(http.get(uri("http", s), java.util.Map.of(), 1024).statusCode()).isEqualTo(200);
      assertThat(selectorThreads()).isNotEmpty();

      BoundedHttp.shutdownAll();

      assertThat(selectorThreads()).isEmpty();
    }
  }

  private static java.util.List<Thread> selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().matches("HttpClient-\\d+-SelectorManager"))
        .toList();
  }
}

package dtk.exec.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * GET requests whose every wait is bounded: a connect timeout (TCP and TLS, told apart), a read
 * timeout (for the response headers and for every pause in the body), an overall deadline per
 * request that also stops a body trickling in byte by byte ({@link HttpRequest#timeout} stops at
 * the headers, so the body is timed here), and a size cap checked as bytes arrive, so an endless
 * body costs at most the cap in memory. Failures are {@link HttpFailure}s naming the host and the
 * phase. One {@link HttpClient} per instance: connections are reused. Redirects are not followed
 * (callers decide which credentials a redirect target gets). Not tied to any one protocol on top.
 */
public final class BoundedHttp {
  /**
   * The most of an error response (status not 2xx) that is kept; the rest is dropped, not an error.
   */
  public static final int ERROR_BODY_CAP = 64 * 1024;

  /** A complete response: status, headers and the whole body (at most the cap). */
  public record Response(URI uri, int statusCode, HttpHeaders headers, byte[] body) {}

  private final HttpLimits limits;

  /** The client and the handshake tracker of its TLS context. */
  private record Built(HttpClient client, HandshakeTracker tls) {}

  /** Built on a thread of its own (TLS set-up and the HTTP stack take a while to load). */
  private final CompletableFuture<Built> built;

  /**
   * @param executor runs the client's callbacks (a daemon pool keeps the JVM from waiting on it)
   */
  public BoundedHttp(HttpLimits limits, Executor executor) {
    this.limits = limits;
    // the caller goes on (reading specs, rendering) while the client is built on the other core;
    // the first request waits for it
    this.built =
        CompletableFuture.supplyAsync(
            () -> {
              HandshakeTracker tls = new HandshakeTracker();
              HttpClient.Builder b =
                  HttpClient.newBuilder()
                      .connectTimeout(limits.connect())
                      .followRedirects(HttpClient.Redirect.NEVER)
                      .sslContext(tls.context());
              if (executor != null) {
                b.executor(executor);
              }
              HttpClient c = b.build();
              synchronized (CLIENTS) {
                CLIENTS.add(c);
              }
              return new Built(c, tls);
            },
            BoundedHttp::daemon);
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "dtk-http-init");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Starts loading what every client needs (the default TLS context with its trust store, the HTTP
   * stack) on a daemon thread, for a command that will talk to a registry: it overlaps with parsing
   * the command line and reading the specs.
   */
  public static void prewarm() {
    daemon(
        () -> {
          try {
            javax.net.ssl.SSLContext.getDefault();
            HttpClient.newBuilder();
          } catch (java.security.NoSuchAlgorithmException | RuntimeException e) {
            // the client built for the first request reports it
          }
        });
  }

  private Built built() {
    try {
      return built.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** Every client made here that is still referenced, for {@link #shutdownAll}. */
  private static final java.util.Set<HttpClient> CLIENTS =
      java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());

  /**
   * Stops the threads of every client, for a process about to exit. An idle client's selector
   * thread waits in {@code epoll_wait}, and the JVM's exit waits up to 300 ms for any thread in
   * native code to block ({@code VM_Exit::wait_for_threads_in_native_to_block}): a command that
   * talked to a registry would end 300 ms late. {@code HttpClient.shutdownNow} (Java 21) stops a
   * client; on Java 17 its selector thread ({@code HttpClient-N-SelectorManager}) ends when
   * interrupted. Requests still running fail; nothing else is affected.
   */
  public static void shutdownAll() {
    List<HttpClient> clients;
    synchronized (CLIENTS) {
      clients = List.copyOf(CLIENTS);
      CLIENTS.clear();
    }
    java.lang.reflect.Method shutdownNow = null;
    try {
      shutdownNow = HttpClient.class.getMethod("shutdownNow");
    } catch (NoSuchMethodException e) {
      // Java 17: interrupt the selector threads below
    }
    if (shutdownNow != null) {
      for (HttpClient c : clients) {
        try {
          shutdownNow.invoke(c);
        } catch (ReflectiveOperationException e) {
          // the client is going away with the process anyway
        }
      }
      return;
    }
    if (clients.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager")) {
        t.interrupt();
        try {
          t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  public HttpLimits limits() {
    return limits;
  }

  /**
   * GETs {@code uri} with {@code headers}, reading at most {@code maxBytes} of a 2xx body.
   *
   * @throws HttpFailure the request failed or took too long; nothing is retried here
   */
  public Response get(URI uri, Map<String, String> headers, long maxBytes)
      throws HttpFailure, InterruptedException {
    return send("GET", uri, headers, null, maxBytes);
  }

  /**
   * Sends {@code method} ({@code GET}, {@code PUT}, {@code POST}, {@code HEAD}) with an optional
   * body, under the same limits as {@link #get}.
   *
   * @throws HttpFailure the request failed or took too long; nothing is retried here
   */
  public Response send(
      String method, URI uri, Map<String, String> headers, byte[] requestBody, long maxBytes)
      throws HttpFailure, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .method(
                method,
                requestBody == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(requestBody));
    if ("http".equals(uri.getScheme())) {
      b.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance with plain-HTTP servers
    }
    headers.forEach(b::header);
    // the client may still be being built: its wait is not the request's
    HttpClient http = built().client();
    long start = System.nanoTime();
    AtomicReference<Capped> body = new AtomicReference<>();
    HttpResponse.BodyHandler<byte[]> handler =
        info -> {
          Capped c = new Capped(uri, info, maxBytes);
          body.set(c);
          return c;
        };
    CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(b.build(), handler);
    long deadlineAt = start + limits.deadline().toNanos();
    while (true) {
      Capped c = body.get();
      long quietSince = c == null ? start : c.lastProgress;
      long readAt = quietSince + limits.read().toNanos();
      long until = deadlineAt - readAt < 0 ? deadlineAt : readAt;
      long now = System.nanoTime();
      if (now - until >= 0) {
        abort(f, c);
        throw timedOut(uri, c, now - deadlineAt >= 0);
      }
      try {
        HttpResponse<byte[]> r = f.get(until - now, TimeUnit.NANOSECONDS);
        return new Response(uri, r.statusCode(), r.headers(), r.body());
      } catch (TimeoutException e) {
        // loop: the body may have moved on since; if not, the check above ends the request
      } catch (ExecutionException e) {
        throw failure(uri, e.getCause(), start);
      } catch (InterruptedException e) {
        abort(f, c);
        throw e;
      }
    }
  }

  /**
   * A response whose body is read as a stream: for large bodies (image layers) that must never be
   * held in memory. Close it when done (closing before the end aborts the exchange).
   */
  public interface Streamed extends AutoCloseable {
    URI uri();

    int statusCode();

    HttpHeaders headers();

    /**
     * The body. Each read waits at most the read timeout for the next bytes and then fails with an
     * {@link HttpFailure} of kind {@link HttpFailure.Kind#BODY_STALLED}; there is no overall
     * deadline for the body, so a large body may take as long as it needs while bytes keep coming.
     */
    InputStream body();

    /**
     * The first {@link #ERROR_BODY_CAP} bytes of the body (for error responses); the rest is
     * dropped.
     */
    byte[] errorBody() throws IOException;

    @Override
    void close();
  }

  /**
   * GETs {@code uri} and returns as soon as the response headers are in: the connect timeout bounds
   * the connection, the read timeout (and the overall deadline) the wait for the headers, and the
   * read timeout every pause in the body ({@link Streamed#body()}). Unlike {@link #get}, the
   * deadline does not bound the body: a multi-gigabyte image layer takes minutes on a slow link,
   * yet a server that stops sending fails after one read timeout.
   *
   * @throws HttpFailure no response headers in time, or the request failed
   */
  public Streamed open(URI uri, Map<String, String> headers)
      throws HttpFailure, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
    if ("http".equals(uri.getScheme())) {
      b.version(HttpClient.Version.HTTP_1_1);
    }
    headers.forEach(b::header);
    // the client may still be being built: its wait is not the request's
    HttpClient http = built().client();
    long start = System.nanoTime();
    AtomicReference<StreamingBody> body = new AtomicReference<>();
    HttpResponse.BodyHandler<InputStream> handler =
        info -> {
          StreamingBody s = new StreamingBody(uri, limits.read());
          body.set(s);
          return s;
        };
    CompletableFuture<HttpResponse<InputStream>> f = http.sendAsync(b.build(), handler);
    Duration wait =
        limits.read().compareTo(limits.deadline()) < 0 ? limits.read() : limits.deadline();
    HttpResponse<InputStream> r;
    try {
      r = f.get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      StreamingBody s = body.get();
      if (s != null) {
        s.cancelExchange();
      }
      if ("https".equals(uri.getScheme())
          && built().tls().stalled(uri.getHost(), port(uri), start)) {
        // the client's own handshake timeout has not surfaced yet (a loaded machine): same cause
        throw new HttpFailure(
            HttpFailure.Kind.TLS_HANDSHAKE_TIMEOUT,
            uri,
            "the TLS handshake with "
                + uri.getAuthority()
                + " timed out after "
                + HttpLimits.show(limits.connect())
                + " (the TCP connection was made)",
            null);
      }
      throw new HttpFailure(
          HttpFailure.Kind.NO_RESPONSE,
          uri,
          uri.getAuthority()
              + " accepted the connection but sent no response within "
              + HttpLimits.show(wait),
          null);
    } catch (ExecutionException e) {
      throw failure(uri, e.getCause(), start);
    } catch (InterruptedException e) {
      f.cancel(true);
      StreamingBody s = body.get();
      if (s != null) {
        s.cancelExchange();
      }
      throw e;
    }
    StreamingBody s = body.get();
    HttpResponse<InputStream> response = r;
    return new Streamed() {
      @Override
      public URI uri() {
        return uri;
      }

      @Override
      public int statusCode() {
        return response.statusCode();
      }

      @Override
      public HttpHeaders headers() {
        return response.headers();
      }

      @Override
      public InputStream body() {
        return s;
      }

      @Override
      public byte[] errorBody() throws IOException {
        byte[] out = s.readNBytes(ERROR_BODY_CAP);
        s.close();
        return out;
      }

      @Override
      public void close() {
        s.close();
      }
    };
  }

  /**
   * A body as an {@link InputStream} fed by the client one buffer list at a time (so it never reads
   * far ahead of the consumer); a read that waits longer than {@code readTimeout} fails.
   */
  private static final class StreamingBody extends InputStream
      implements HttpResponse.BodySubscriber<InputStream> {
    private static final List<ByteBuffer> END = List.of();
    private final URI uri;
    private final Duration readTimeout;
    private final java.util.concurrent.BlockingQueue<Object> queue =
        new java.util.concurrent.LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private java.util.Iterator<ByteBuffer> current = java.util.Collections.emptyIterator();
    private ByteBuffer buffer;
    private long received;
    private boolean done;
    private volatile boolean closed;

    StreamingBody(URI uri, Duration readTimeout) {
      this.uri = uri;
      this.readTimeout = readTimeout;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (closed) {
        s.cancel();
        return;
      }
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      queue.add(item);
    }

    @Override
    public void onError(Throwable t) {
      queue.add(t);
    }

    @Override
    public void onComplete() {
      queue.add(END);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
      return CompletableFuture.completedFuture(this);
    }

    /** Whether bytes are at hand, waiting for the next buffer list if needed; false at the end. */
    private boolean fill() throws IOException {
      if (closed) {
        throw new IOException("the body of " + uri + " was closed");
      }
      while (buffer == null || !buffer.hasRemaining()) {
        if (current.hasNext()) {
          buffer = current.next();
          continue;
        }
        if (done) {
          return false;
        }
        Object next;
        try {
          next = queue.poll(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          close();
          throw new java.io.InterruptedIOException("interrupted while reading " + uri);
        }
        if (next == null) {
          close();
          throw new HttpFailure(
              HttpFailure.Kind.BODY_STALLED,
              uri,
              uri.getAuthority()
                  + " sent nothing for "
                  + HttpLimits.show(readTimeout)
                  + " ("
                  + received
                  + " bytes of the body received)",
              null);
        }
        if (next instanceof Throwable t) {
          done = true;
          String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
          throw new HttpFailure(
              HttpFailure.Kind.IO,
              uri,
              "reading from "
                  + uri.getAuthority()
                  + " failed after "
                  + received
                  + " bytes of the body: "
                  + m,
              t);
        }
        if (next == END) {
          done = true;
          return false;
        }
        @SuppressWarnings("unchecked")
        List<ByteBuffer> list = (List<ByteBuffer>) next;
        current = list.iterator();
        Flow.Subscription s = subscription;
        if (s != null) {
          s.request(1); // one list queued ahead at most: the client reads no further than that
        }
      }
      return true;
    }

    @Override
    public int read() throws IOException {
      if (!fill()) {
        return -1;
      }
      received++;
      return buffer.get() & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(len, buffer.remaining());
      buffer.get(b, off, n);
      received += n;
      return n;
    }

    @Override
    public int available() {
      return buffer == null ? 0 : buffer.remaining();
    }

    void cancelExchange() {
      closed = true;
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }

    @Override
    public void close() {
      if (!closed) {
        cancelExchange();
        queue.clear();
      }
    }
  }

  private static void abort(CompletableFuture<?> f, Capped c) {
    f.cancel(true); // JDK 16+: cancelling the future aborts the exchange and its connection
    if (c != null) {
      c.cancel();
    }
  }

  private HttpFailure timedOut(URI uri, Capped c, boolean deadline) {
    String at = uri.getAuthority();
    if (deadline) {
      return new HttpFailure(
          HttpFailure.Kind.DEADLINE,
          uri,
          at
              + " did not send a complete response within the deadline of "
              + HttpLimits.show(limits.deadline())
              + " ("
              + (c == null ? "no response headers" : c.received + " bytes of the body")
              + " received)",
          null);
    }
    if (c == null) {
      return new HttpFailure(
          HttpFailure.Kind.NO_RESPONSE,
          uri,
          at
              + " accepted the connection but sent no response within "
              + HttpLimits.show(limits.read()),
          null);
    }
    return new HttpFailure(
        HttpFailure.Kind.BODY_STALLED,
        uri,
        at
            + " sent the response headers, then nothing for "
            + HttpLimits.show(limits.read())
            + " ("
            + c.received
            + " bytes of the body received)",
        null);
  }

  private HttpFailure failure(URI uri, Throwable t, long start) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    String at = uri.getAuthority();
    if (t instanceof HttpFailure h) {
      return h;
    }
    if (t instanceof HttpConnectTimeoutException) {
      if ("https".equals(uri.getScheme())
          && built().tls().stalled(uri.getHost(), port(uri), start)) {
        return new HttpFailure(
            HttpFailure.Kind.TLS_HANDSHAKE_TIMEOUT,
            uri,
            "the TLS handshake with "
                + at
                + " timed out after "
                + HttpLimits.show(limits.connect())
                + " (the TCP connection was made)",
            t);
      }
      return new HttpFailure(
          HttpFailure.Kind.CONNECT_TIMEOUT,
          uri,
          "connecting to " + at + " timed out after " + HttpLimits.show(limits.connect()),
          t);
    }
    if (t instanceof HttpTimeoutException) {
      return new HttpFailure(
          HttpFailure.Kind.NO_RESPONSE,
          uri,
          at + " sent no response within " + HttpLimits.show(limits.read()),
          t);
    }
    if (t instanceof ConnectException) {
      return new HttpFailure(
          HttpFailure.Kind.CONNECT_REFUSED, uri, "connection to " + at + " refused", t);
    }
    for (Throwable x = t; x != null; x = x.getCause()) {
      if (x instanceof SSLException) {
        return new HttpFailure(
            HttpFailure.Kind.TLS_FAILED, uri, "TLS with " + at + " failed: " + x.getMessage(), t);
      }
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return new HttpFailure(HttpFailure.Kind.IO, uri, "talking to " + at + " failed: " + m, t);
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
  }

  /** {@code 4 MiB}, {@code 64 KiB}, {@code 100 bytes}: a size as messages show it. */
  public static String size(long bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB";
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
      return bytes / 1024 + " KiB";
    }
    return bytes + " bytes";
  }

  /**
   * Collects a body up to its cap, one buffer list at a time (so the client reads no further ahead
   * than that), and notes when bytes last arrived.
   */
  private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
    private final URI uri;
    private final boolean success;
    private final long cap;
    private final long declared;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private volatile Flow.Subscription subscription;
    volatile long lastProgress = System.nanoTime();
    volatile long received;

    Capped(URI uri, HttpResponse.ResponseInfo info, long maxBytes) {
      this.uri = uri;
      this.success = info.statusCode() / 100 == 2;
      this.cap = success ? maxBytes : Math.min(maxBytes, ERROR_BODY_CAP);
      this.declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (success && declared > cap) {
        s.cancel();
        result.completeExceptionally(tooLarge("Content-Length " + declared));
        return;
      }
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      lastProgress = System.nanoTime();
      if (result.isDone()) {
        return; // capped or cancelled: what still arrives is dropped
      }
      for (ByteBuffer b : buffers) {
        int n = b.remaining();
        if (received + n > cap) {
          subscription.cancel();
          if (success) {
            result.completeExceptionally(tooLarge("more than " + cap + " bytes sent"));
          } else {
            int keep = (int) (cap - received);
            byte[] part = new byte[keep];
            b.get(part);
            out.write(part, 0, keep);
            result.complete(out.toByteArray());
          }
          return;
        }
        byte[] chunk = new byte[n];
        b.get(chunk);
        out.write(chunk, 0, n);
        received += n;
      }
      subscription.request(1);
    }

    private HttpFailure tooLarge(String what) {
      return new HttpFailure(
          HttpFailure.Kind.TOO_LARGE,
          uri,
          uri.getAuthority()
              + " sent a response larger than the cap of "
              + size(cap)
              + " ("
              + what
              + ")",
          null);
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(out.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    void cancel() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      result.completeExceptionally(new IOException("cancelled"));
    }
  }
}

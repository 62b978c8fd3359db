package dtk.exec.registry.internal;

import dtk.exec.http.BoundedHttp;
import dtk.exec.http.HttpFailure;
import dtk.exec.registry.RegistryException;
import dtk.exec.registry.RegistryOptions;
import dtk.spec.ImageRef;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The HTTP side of a registry client: one {@link BoundedHttp} for all requests (connections reused,
 * every request with a deadline and a size cap), GETs retried after a dropped connection or a busy
 * answer, and transport failures worded by {@link RegistryFailures}. It adds no credentials and
 * follows no redirects: callers do both by hand, so credentials never go to blob storage.
 */
public final class RegistryTransport {
  /**
   * Attempts per request: registries and their proxies drop a connection or answer 503 now and
   * then.
   */
  private static final int ATTEMPTS = 3;

  private final RegistryOptions options;
  private final BoundedHttp http;
  private final RegistryFailures failures;

  public RegistryTransport(RegistryOptions options, ExecutorService executor) {
    this.options = options;
    this.http = new BoundedHttp(options.limits(), executor);
    this.failures = new RegistryFailures(options, http.limits());
  }

  /** The API URI of {@code path} (starting with a slash) in {@code ref}'s repository. */
  public URI uri(ImageRef ref, String path) {
    return URI.create(scheme() + "://" + ref.apiHost() + "/v2/" + ref.repository() + path);
  }

  private String scheme() {
    return options.tlsVerify() ? "https" : "http";
  }

  /** A GET read whole, at most {@code maxBytes}, retried as {@link #retrying} says. */
  public BoundedHttp.Response get(
      ImageRef ref, URI uri, Map<String, String> headers, String what, long maxBytes) {
    return retrying(
        ref,
        what,
        () -> http.get(uri, headers, maxBytes),
        BoundedHttp.Response::statusCode,
        r -> {});
  }

  /** A GET whose body streams, retried as {@link #retrying} says; the caller closes it. */
  public BoundedHttp.Streamed open(
      ImageRef ref, URI uri, Map<String, String> headers, String what) {
    return retrying(
        ref,
        what,
        () -> http.open(uri, headers),
        BoundedHttp.Streamed::statusCode,
        BoundedHttp.Streamed::close);
  }

  /** A PUT of {@code body}, sent once: a repeated PUT is the caller's decision. */
  public BoundedHttp.Response put(
      ImageRef ref, URI uri, Map<String, String> headers, byte[] body, String what) {
    try {
      return http.send("PUT", uri, headers, body, RegistryOptions.MAX_MANIFEST_BYTES);
    } catch (HttpFailure e) {
      throw failure(ref, what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException(e);
    }
  }

  /** One HTTP exchange, which {@link #retrying} may run again. */
  @FunctionalInterface
  private interface Exchange<R> {
    R run() throws HttpFailure, InterruptedException;
  }

  /**
   * Runs {@code exchange} up to {@link #ATTEMPTS} times: again after a 429, 502, 503 or 504 answer
   * ({@code discard} lets go of it) or a transient failure; other failures are said at once.
   */
  private <R> R retrying(
      ImageRef ref,
      String what,
      Exchange<R> exchange,
      ToIntFunction<R> status,
      Consumer<R> discard) {
    for (int attempt = 1; ; attempt++) {
      try {
        R r = exchange.run();
        int s = status.applyAsInt(r);
        if (attempt < ATTEMPTS && (s == 429 || s == 502 || s == 503 || s == 504)) {
          discard.accept(r);
          pause(attempt);
          continue;
        }
        return r;
      } catch (HttpFailure e) {
        // timeouts, refusals and caps are not retried: each attempt would wait as long again
        if (attempt < ATTEMPTS && e.transientFailure()) {
          pause(attempt);
          continue;
        }
        throw failure(ref, what, e);
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

  /**
   * The registry failure for a request that got no complete answer: the host (the registry's, or
   * the token service's or blob storage's it named), what the request was for, why it failed
   * (refused; connect, TLS handshake, response or deadline timed out; too large) and what to try.
   */
  public RegistryException failure(ImageRef ref, String what, HttpFailure e) {
    return failures.of(ref, what, e);
  }

  /** Whether {@code status} sends the client elsewhere (the Location header says where). */
  public static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }
}

package dtk.exec.http;

import java.io.IOException;
import java.net.URI;

/**
 * One HTTP request failed before a complete response was read: which phase it failed in ({@link
 * Kind}), the URI, and a sentence saying what happened, e.g. {@code TLS handshake with
 * 127.0.0.1:5000 timed out after 10 s (the TCP connection was made)}. The caller adds what the
 * request was for and what to try.
 */
public final class HttpFailure extends IOException {
  /** Where the request stopped. */
  public enum Kind {
    /** Nothing listens there (or a firewall rejects). */
    CONNECT_REFUSED,
    /** No TCP connection within the connect timeout. */
    CONNECT_TIMEOUT,
    /** TCP connected, but the TLS handshake did not finish within the connect timeout. */
    TLS_HANDSHAKE_TIMEOUT,
    /** The TLS handshake failed (certificate, protocol: often a plain-HTTP server). */
    TLS_FAILED,
    /** Connected and sent, but no response headers within the read timeout. */
    NO_RESPONSE,
    /** Headers came, then the body paused for longer than the read timeout. */
    BODY_STALLED,
    /** The whole request took longer than its deadline (a body that trickles in). */
    DEADLINE,
    /** The body is larger than the caller's cap. */
    TOO_LARGE,
    /** Any other I/O failure (connection reset, closed early): may pass when retried. */
    IO,
  }

  private final Kind kind;
  private final URI uri;

  public HttpFailure(Kind kind, URI uri, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.uri = uri;
  }

  public Kind kind() {
    return kind;
  }

  public URI uri() {
    return uri;
  }

  /** {@code host:port} (or {@code host}) the request went to. */
  public String authority() {
    return uri.getAuthority();
  }

  /** Whether asking again may help: a reset connection, not a timeout, a refusal or a cap. */
  public boolean transientFailure() {
    return kind == Kind.IO;
  }
}

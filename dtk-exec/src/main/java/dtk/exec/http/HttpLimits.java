package dtk.exec.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How long one HTTP request may take: {@code connect} bounds the TCP connection and, for HTTPS, the
 * TLS handshake; {@code read} bounds the wait for the response headers and every pause in the body;
 * {@code deadline} bounds the whole request, body included, however slowly bytes trickle in.
 */
public record HttpLimits(Duration connect, Duration read, Duration deadline) {
  /** The default overall deadline of one request. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

  /** The longest connect (TCP and TLS) timeout, whatever the deadline. */
  public static final Duration MAX_CONNECT = Duration.ofSeconds(10);

  public static final HttpLimits DEFAULT = of(DEFAULT_DEADLINE);

  public HttpLimits {
    Objects.requireNonNull(connect, "connect");
    Objects.requireNonNull(read, "read");
    Objects.requireNonNull(deadline, "deadline");
    if (connect.isNegative()
        || connect.isZero()
        || read.isNegative()
        || read.isZero()
        || deadline.isNegative()
        || deadline.isZero()) {
      throw new IllegalArgumentException(
          "timeouts must be positive: " + connect + ", " + read + ", " + deadline);
    }
  }

  /**
   * The limits for an overall {@code deadline} per request: the read timeout is half of it, the
   * connect timeout a quarter of it but at most {@link #MAX_CONNECT} (shorter than the read
   * timeout, so a stalled connect is reported as one). The default 60 s gives 10 s, 30 s, 60 s.
   */
  public static HttpLimits of(Duration deadline) {
    Duration half = deadline.dividedBy(2);
    Duration quarter = deadline.dividedBy(4);
    if (quarter.isZero()) {
      throw new IllegalArgumentException("a deadline of " + deadline + " is too short");
    }
    return new HttpLimits(
        quarter.compareTo(MAX_CONNECT) < 0 ? quarter : MAX_CONNECT, half, deadline);
  }

  /** {@code 30 s}, {@code 2 min}, {@code 500 ms}: a duration as messages show it. */
  public static String show(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + " ms";
    }
    long s = d.toSeconds();
    return s >= 120 && s % 60 == 0 ? s / 60 + " min" : s + " s";
  }
}

package dtk.exec.resolve.repo;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * A bounded HTTP(S) GET: a connect timeout, a read timeout (a server that accepts and never answers
 * fails after it), an overall deadline per request (a server that trickles fails too) and a cap on
 * the response size. Redirects are followed; every error names the URL.
 */
public final class HttpFetcher implements Fetcher {
  /** The bounds of one request. */
  public record Limits(
      Duration connectTimeout, Duration readTimeout, Duration deadline, long maxBytes) {
    public Limits {
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(readTimeout, "readTimeout");
      Objects.requireNonNull(deadline, "deadline");
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive");
      }
    }
  }

  /** 10 s to connect, 30 s of silence, 5 min per request, 512 MiB per response. */
  public static final Limits DEFAULT_LIMITS =
      new Limits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(5), 512L << 20);

  private static final String REACH_HINT =
      "check the URL and that this machine reaches it (proxy: https_proxy/http_proxy), or use another mirror";

  private final Limits limits;

  public HttpFetcher(Limits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public static HttpFetcher defaults() {
    return new HttpFetcher(DEFAULT_LIMITS);
  }

  public Limits limits() {
    return limits;
  }

  @Override
  public InputStream open(URI url) throws IOException {
    String scheme =
        url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new RepositoryException(
          url, "unsupported URL scheme in " + url, "use an http, https or file URL");
    }
    long deadline = System.nanoTime() + limits.deadline().toNanos();
    HttpURLConnection c;
    int status;
    try {
      URLConnection uc = url.toURL().openConnection();
      c = (HttpURLConnection) uc;
      c.setConnectTimeout(millis(limits.connectTimeout()));
      c.setReadTimeout(millis(limits.readTimeout()));
      c.setInstanceFollowRedirects(true);
      c.setRequestProperty("User-Agent", "dtk");
      c.setRequestProperty("Accept-Encoding", "identity");
      status = c.getResponseCode();
    } catch (SocketTimeoutException e) {
      throw new RepositoryException(
          url,
          "no answer from "
              + url
              + " within "
              + seconds(limits.readTimeout())
              + " (connect "
              + seconds(limits.connectTimeout())
              + ")",
          REACH_HINT,
          e);
    } catch (UnknownHostException e) {
      throw new RepositoryException(
          url, "cannot resolve host " + url.getHost() + " of " + url, REACH_HINT, e);
    } catch (ConnectException e) {
      throw new RepositoryException(
          url, "cannot connect to " + url + ": " + e.getMessage(), REACH_HINT, e);
    } catch (IOException e) {
      throw new RepositoryException(url, "cannot read " + url + ": " + e, REACH_HINT, e);
    }
    if (status == 404 || status == 410) {
      c.disconnect();
      throw new RepositoryException.NotFound(
          url,
          "not found (HTTP " + status + "): " + url,
          "check the repository URL, suite, component and arch");
    }
    if (status != 200) {
      c.disconnect();
      throw new RepositoryException(
          url,
          "HTTP " + status + " from " + url,
          status >= 500 ? "the server failed; retry later or use another mirror" : REACH_HINT);
    }
    long length = c.getContentLengthLong();
    if (length > limits.maxBytes()) {
      c.disconnect();
      throw new RepositoryException(
          url,
          url + " is " + length + " bytes, more than the limit of " + limits.maxBytes(),
          "check that the URL names repository metadata");
    }
    InputStream body;
    try {
      body = c.getInputStream();
    } catch (IOException e) {
      c.disconnect();
      throw new RepositoryException(url, "cannot read " + url + ": " + e, REACH_HINT, e);
    }
    return new Bounded(body, url, deadline);
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  /** Enforces the deadline and the size cap, and names the URL in read errors. */
  private final class Bounded extends FilterInputStream {
    private final URI url;
    private final long deadline;
    private long count;

    Bounded(InputStream in, URI url, long deadline) {
      super(in);
      this.url = url;
      this.deadline = deadline;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (System.nanoTime() - deadline > 0) {
        throw new RepositoryException(
            url,
            "reading " + url + " took longer than " + seconds(limits.deadline()),
            "the server is too slow; retry later or use another mirror");
      }
      int n;
      try {
        n = super.read(b, off, len);
      } catch (SocketTimeoutException e) {
        throw new RepositoryException(
            url, "no data from " + url + " for " + seconds(limits.readTimeout()), REACH_HINT, e);
      }
      if (n > 0) {
        count += n;
        if (count > limits.maxBytes()) {
          throw new RepositoryException(
              url,
              url + " is larger than the limit of " + limits.maxBytes() + " bytes",
              "check that the URL names repository metadata");
        }
      }
      return n;
    }
  }
}

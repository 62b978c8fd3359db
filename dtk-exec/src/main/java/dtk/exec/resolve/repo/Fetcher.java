package dtk.exec.resolve.repo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * Gets a URL's bytes as a stream: the one seam between the repository readers and the network, so
 * the readers are testable and a shared transport can replace {@link HttpFetcher} later.
 */
public interface Fetcher {
  /**
   * Opens {@code url} for reading; the caller closes the stream. Failures are {@link
   * RepositoryException}s naming the URL ({@link RepositoryException.NotFound} for a missing file);
   * reading the stream may still throw {@link IOException} or a {@link RepositoryException} (a
   * deadline or size bound).
   */
  InputStream open(URI url) throws IOException;

  /**
   * {@code file:} URLs from the file system, {@code http(s):} through {@link
   * HttpFetcher#defaults()}.
   */
  static Fetcher standard() {
    return schemes(HttpFetcher.defaults());
  }

  /** {@code file:} URLs from the file system, everything else through {@code http}. */
  static Fetcher schemes(Fetcher http) {
    return url -> "file".equalsIgnoreCase(url.getScheme()) ? FileFetcher.open(url) : http.open(url);
  }
}

package dtk.exec.resolve.repo;

import dtk.exec.ExecException;
import java.net.URI;

/**
 * A package repository could not be read (exit 4): unreachable, an HTTP error, a checksum mismatch,
 * malformed metadata. Names the URL and says what to try.
 */
public class RepositoryException extends ExecException {
  private final URI url;

  public RepositoryException(URI url, String message, String hint) {
    this(url, message, hint, null);
  }

  public RepositoryException(URI url, String message, String hint, Throwable cause) {
    super(message, hint, cause);
    this.url = url;
  }

  /** The URL that failed. */
  public URI url() {
    return url;
  }

  /** The URL answered 404 (or the file does not exist): callers may try an alternative. */
  public static final class NotFound extends RepositoryException {
    public NotFound(URI url, String message, String hint) {
      super(url, message, hint);
    }
  }
}

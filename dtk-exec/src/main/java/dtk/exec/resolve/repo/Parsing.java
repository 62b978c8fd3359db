package dtk.exec.resolve.repo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/** Reads a verified, compressed index and turns every failure into a message naming the URL. */
final class Parsing {
  private Parsing() {}

  interface Body<T> {
    T read(InputStream decompressed) throws IOException, javax.xml.stream.XMLStreamException;
  }

  /**
   * Opens {@code url}, verifies it against {@code algorithm}/{@code hex}/{@code size} while {@code
   * body} reads it decompressed, then checks the whole file. When the body fails, a checksum
   * mismatch (the likelier cause) is reported instead of the parse error.
   */
  static <T> T verified(
      Fetcher fetcher, URI url, String algorithm, String hex, long size, Body<T> body)
      throws IOException {
    try (InputStream raw = fetcher.open(url)) {
      Verified v = new Verified(raw, url, algorithm, hex, size);
      T result;
      try {
        result = body.read(Decompress.open(url, v));
      } catch (RepositoryException e) {
        throw preferMismatch(v, e);
      } catch (javax.xml.stream.XMLStreamException e) {
        throw preferMismatch(v, malformedXml(url, e));
      } catch (IOException e) {
        throw preferMismatch(
            v,
            new RepositoryException(
                url, "cannot read " + url + ": " + e.getMessage(), Verified.SYNC_HINT, e));
      }
      v.finish();
      return result;
    }
  }

  private static RepositoryException preferMismatch(Verified v, RepositoryException e) {
    if (e.getMessage().contains(" mismatch for ")) {
      return e;
    }
    try {
      v.finish();
    } catch (RepositoryException mismatch) {
      return mismatch;
    } catch (IOException | RuntimeException ignored) {
      // the original failure stands
    }
    return e;
  }

  static RepositoryException malformedXml(URI url, javax.xml.stream.XMLStreamException e) {
    javax.xml.stream.Location l = e.getLocation();
    String where = l == null ? "" : ":" + l.getLineNumber() + ":" + l.getColumnNumber();
    String msg = e.getMessage();
    // the JDK prefixes "ParseError at [row,col]:[..]\nMessage: "
    int m = msg == null ? -1 : msg.indexOf("Message: ");
    if (m >= 0) {
      msg = msg.substring(m + "Message: ".length());
    }
    return new RepositoryException(
        url,
        url + where + ": malformed XML: " + msg,
        "the file is not valid repository metadata; check the URL or retry later",
        e);
  }
}

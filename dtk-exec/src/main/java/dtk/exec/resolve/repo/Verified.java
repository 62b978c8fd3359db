package dtk.exec.resolve.repo;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A stream that digests and counts what passes through and, at its end ({@link #finish()}),
 * compares both with what the repository's index promised. More bytes than promised fail at once.
 */
final class Verified extends FilterInputStream {
  private final URI url;
  private final String algorithm;
  private final String expectedHex;
  private final long expectedSize;
  private final MessageDigest digest;
  private long count;
  private boolean eof;
  private boolean closed;

  /**
   * @param algorithm as repository metadata names it: {@code sha256}, {@code sha1}, {@code sha512}
   *     ({@code sha} is sha1, as old createrepo wrote it)
   * @param expectedSize -1 when the index gives no size
   */
  Verified(InputStream in, URI url, String algorithm, String expectedHex, long expectedSize) {
    super(in);
    this.url = url;
    this.algorithm = algorithm.toLowerCase(Locale.ROOT);
    this.expectedHex = expectedHex.toLowerCase(Locale.ROOT).strip();
    this.expectedSize = expectedSize;
    this.digest = digestFor(this.algorithm, url);
  }

  static MessageDigest digestFor(String algorithm, URI url) {
    String jdk;
    switch (algorithm) {
      case "sha":
      case "sha1":
        jdk = "SHA-1";
        break;
      case "sha224":
        jdk = "SHA-224";
        break;
      case "sha256":
        jdk = "SHA-256";
        break;
      case "sha384":
        jdk = "SHA-384";
        break;
      case "sha512":
        jdk = "SHA-512";
        break;
      default:
        throw new RepositoryException(
            url,
            "unsupported checksum type '" + algorithm + "' for " + url,
            "the repository metadata must give a sha1, sha256 or sha512 checksum");
    }
    try {
      return MessageDigest.getInstance(jdk);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jdk + " missing from the JDK", e);
    }
  }

  @Override
  public int read() throws IOException {
    if (eof) {
      return -1;
    }
    int c = super.read();
    if (c < 0) {
      eof = true;
    } else {
      digest.update((byte) c);
      counted(1);
    }
    return c;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (eof) {
      return -1;
    }
    int n = super.read(b, off, len);
    if (n < 0) {
      eof = true;
    } else if (n > 0) {
      digest.update(b, off, n);
      counted(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(8192, Math.max(1, n))];
    long done = 0;
    while (done < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  /** Decoders and XML readers close their input at its end; the check still has to read on. */
  @Override
  public void close() {
    closed = true;
  }

  /** Closes the underlying stream (the caller that opened it does). */
  void closeSource() throws IOException {
    in.close();
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void counted(int n) {
    count += n;
    if (expectedSize >= 0 && count > expectedSize) {
      throw new RepositoryException(
          url,
          "size mismatch for "
              + url
              + ": the index says "
              + expectedSize
              + " bytes, the file is longer",
          SYNC_HINT);
    }
  }

  static final String SYNC_HINT =
      "the mirror may be in the middle of a sync or serve a stale index: retry later or use another mirror";

  /** Reads what is left, then checks size and checksum. */
  void finish() throws IOException {
    if (closed && !eof) {
      // a reader closed us early; reading on is still right: the bytes are there
      closed = false;
    }
    byte[] buf = new byte[65536];
    while (read(buf, 0, buf.length) >= 0) {
      // drain
    }
    if (expectedSize >= 0 && count != expectedSize) {
      throw new RepositoryException(
          url,
          "size mismatch for " + url + ": the index says " + expectedSize + " bytes, got " + count,
          SYNC_HINT);
    }
    String got = HexFormat.of().formatHex(digest.digest());
    if (!got.equals(expectedHex)) {
      throw new RepositoryException(
          url,
          "checksum mismatch for "
              + url
              + ": "
              + algorithm
              + " expected "
              + expectedHex
              + ", got "
              + got,
          SYNC_HINT);
    }
  }
}

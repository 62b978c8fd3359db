package dtk.exec.registry.internal;

import dtk.exec.http.BoundedHttp;
import dtk.exec.http.HttpFailure;
import dtk.exec.registry.RegistryException;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.io.FilterInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Function;

/** A blob's body, digested and counted as it is read; failures are {@link RegistryException}s. */
public final class DigestedBlob extends FilterInputStream {
  private final BoundedHttp.Streamed response;
  private final ImageRef ref;
  private final Digest digest;
  private final long size;
  private final String what;
  private final Function<HttpFailure, RegistryException> failure;
  private final MessageDigest sha;
  private long count;
  private boolean verified;

  /**
   * @param size the size the manifest gives, or -1 when unknown
   * @param failure how a transport failure in the body reads (the client's wording for this
   *     request)
   */
  public DigestedBlob(
      BoundedHttp.Streamed response,
      ImageRef ref,
      Digest digest,
      long size,
      String what,
      Function<HttpFailure, RegistryException> failure) {
    super(response.body());
    this.response = response;
    this.ref = ref;
    this.digest = digest;
    this.size = size;
    this.what = what;
    this.failure = failure;
    this.sha = Digest.sha256Engine();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(b, off, len);
    } catch (HttpFailure e) {
      response.close();
      throw failure.apply(e);
    }
    if (n < 0) {
      if (!verified) {
        verified = true;
        Digest got = Digest.sha256Hex(HexFormat.of().formatHex(sha.digest()));
        if (size >= 0 && count != size) {
          throw sizeMismatch(ref, "sent", count, what, size);
        }
        if (!got.equals(digest)) {
          throw new RegistryException(
              "registry "
                  + ref.registry()
                  + " sent content for "
                  + what
                  + " of "
                  + ref
                  + " that does not match its digest (got "
                  + got
                  + ")",
              ref.registry(),
              "retry; if it persists the registry or a proxy in between is corrupting data");
        }
      }
      return n;
    }
    sha.update(b, off, n);
    count += n;
    if (size >= 0 && count > size) {
      response.close();
      throw new RegistryException(
          "registry "
              + ref.registry()
              + " sent more than the "
              + size
              + " bytes the manifest gives for "
              + what
              + " of "
              + ref,
          ref.registry(),
          "retry; if it persists the registry or a proxy in between is corrupting data");
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(65536, Math.max(1, n))];
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

  @Override
  public int available() {
    return 0;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() {
    response.close();
  }

  /** The registry {@code verb} ("announced", "sent") {@code count} bytes, not the manifest's. */
  static RegistryException sizeMismatch(
      ImageRef ref, String verb, long count, String what, long size) {
    return new RegistryException(
        "registry "
            + ref.registry()
            + " "
            + verb
            + " "
            + count
            + " bytes for "
            + what
            + " of "
            + ref
            + ", the manifest says "
            + size,
        ref.registry(),
        "retry; if it persists the registry or a proxy in between is corrupting data");
  }
}

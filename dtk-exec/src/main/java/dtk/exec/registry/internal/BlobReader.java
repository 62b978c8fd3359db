package dtk.exec.registry.internal;

import dtk.exec.http.BoundedHttp;
import dtk.exec.registry.ImageNotFoundException;
import dtk.exec.registry.RegistryException;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * GETs of blobs by digest (layers, attached SBOMs and statements): streamed and digest-checked as
 * they pass through {@link DigestedBlob}, with the authenticator's credentials (asked again after a
 * 401 challenge) and redirects to blob storage followed by hand without them.
 */
public final class BlobReader {
  private final RegistryTransport transport;
  private final RegistryAuthenticator auth;

  public BlobReader(RegistryTransport transport, RegistryAuthenticator auth) {
    this.transport = transport;
    this.auth = auth;
  }

  /**
   * The blob {@code digest} of {@code ref}'s repository as a stream that fails at the end unless it
   * had {@code size} bytes (when not -1) with that digest; the caller closes it.
   */
  public InputStream open(ImageRef ref, Digest digest, long size) {
    if (!digest.isSha256()) {
      throw new IllegalArgumentException("not a sha256 digest: " + digest);
    }
    String scope = "repository:" + ref.repository() + ":pull";
    URI uri = transport.uri(ref, "/blobs/" + digest);
    String what = "layer " + digest;
    BoundedHttp.Streamed r = send(ref, uri, scope, true, what);
    if (r.statusCode() == 401) {
      Optional<String> challenge = r.headers().firstValue("WWW-Authenticate");
      r.close();
      if (auth.prepare(ref, scope, challenge.orElse(""))) {
        r = send(ref, uri, scope, true, what);
      } else {
        throw new RegistryException(
            "not authorized to read " + ref + " from registry " + ref.registry() + " (HTTP 401)",
            ref.registry(),
            "log in (podman login "
                + ref.registry()
                + ") or pass --authfile with credentials for it");
      }
    }
    for (int hops = 0; RegistryTransport.isRedirect(r.statusCode()) && hops < 5; hops++) {
      String loc = r.headers().firstValue("Location").orElse(null);
      r.close();
      if (loc == null) {
        throw new RegistryException(
            "registry "
                + ref.registry()
                + " redirected the "
                + what
                + " of "
                + ref
                + " without a Location",
            ref.registry(),
            "retry later; if it persists check the registry's status");
      }
      uri = uri.resolve(loc);
      r = send(ref, uri, scope, false, what + " (redirected)");
    }
    int s = r.statusCode();
    if (s != 200) {
      String detail;
      try {
        detail = RegistryJson.errorDetail(r.errorBody());
      } catch (IOException e) {
        detail = "no details";
      } finally {
        r.close();
      }
      if (s == 404) {
        throw new ImageNotFoundException(
            "registry " + ref.registry() + " has no " + what + " of " + ref + " (" + detail + ")",
            ref.registry(),
            "the image may have been deleted meanwhile; re-push it or check the name");
      }
      throw RegistryFailures.status(ref, what, s, detail);
    }
    long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (size >= 0 && declared >= 0 && declared != size) {
      r.close();
      throw DigestedBlob.sizeMismatch(ref, "announced", declared, what, size);
    }
    return new DigestedBlob(r, ref, digest, size, what, e -> transport.failure(ref, what, e));
  }

  /** The blob {@code digest} read whole, failing when it has more than {@code maxBytes}. */
  public byte[] small(ImageRef ref, Digest digest, long size, long maxBytes) {
    if (size > maxBytes) {
      throw new RegistryException(
          "blob "
              + digest
              + " of "
              + ref
              + " has "
              + size
              + " bytes, more than the "
              + maxBytes
              + " dtk reads",
          ref.registry(),
          "check what was attached to the image");
    }
    try (InputStream in = open(ref, digest, size)) {
      return in.readNBytes((int) maxBytes + 1);
    } catch (IOException e) {
      throw new RegistryException(
          "cannot read blob " + digest + " of " + ref + ": " + e.getMessage(),
          ref.registry(),
          "retry; if it persists check the registry's status",
          e);
    }
  }

  private BoundedHttp.Streamed send(
      ImageRef ref, URI uri, String scope, boolean withAuth, String what) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "*/*");
    if (withAuth) {
      auth.authorize(ref, scope, headers);
    }
    return transport.open(ref, uri, headers, what);
  }
}

package dtk.exec.registry.internal;

import dtk.exec.http.BoundedHttp;
import dtk.exec.registry.RegistryException;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PUTs of manifests and indexes under a tag, with push credentials from the authenticator (asked
 * again once after a 401 challenge); the registry's refusals say whether rights or the document
 * were the problem.
 */
public final class ManifestWriter {
  private final RegistryTransport transport;
  private final RegistryAuthenticator auth;

  public ManifestWriter(RegistryTransport transport, RegistryAuthenticator auth) {
    this.transport = transport;
    this.auth = auth;
  }

  /**
   * PUTs {@code body} as {@code mediaType} under {@code reference} in {@code ref}'s repository;
   * returns the digest the registry reports (or computes from the bytes).
   */
  public Digest put(ImageRef ref, String reference, String mediaType, byte[] body) {
    String scope = "repository:" + ref.repository() + ":pull,push";
    URI uri = transport.uri(ref, "/manifests/" + reference);
    String what = "manifest " + reference;
    BoundedHttp.Response r = send(ref, uri, scope, mediaType, body, what);
    if (r.statusCode() == 401
        && auth.prepare(ref, scope, r.headers().firstValue("WWW-Authenticate").orElse(""))) {
      r = send(ref, uri, scope, mediaType, body, what);
    }
    int s = r.statusCode();
    if (s == 201 || s == 200) {
      return r.headers()
          .firstValue("Docker-Content-Digest")
          .map(d -> Digests.fromRegistry(d, ref))
          .orElse(Digest.sha256(body));
    }
    String detail = RegistryJson.errorDetail(r.body());
    if (s == 401 || s == 403) {
      throw new RegistryException(
          "not authorized to push to "
              + ref.repository()
              + " in registry "
              + ref.registry()
              + " (HTTP "
              + s
              + ": "
              + detail
              + ")",
          ref.registry(),
          "log in (podman login " + ref.registry() + ") or pass --authfile with push rights");
    }
    throw new RegistryException(
        "registry "
            + ref.registry()
            + " answered HTTP "
            + s
            + " to the "
            + what
            + " of "
            + ref
            + ": "
            + detail,
        ref.registry(),
        "check that the registry accepts OCI indexes; retry later if it is a temporary failure");
  }

  private BoundedHttp.Response send(
      ImageRef ref, URI uri, String scope, String mediaType, byte[] body, String what) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", mediaType);
    auth.authorize(ref, scope, headers);
    return transport.put(ref, uri, headers, body, what);
  }
}

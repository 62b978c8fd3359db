package dtk.exec.registry.internal;

import dtk.exec.http.BoundedHttp;
import dtk.exec.registry.ImageNotFoundException;
import dtk.exec.registry.RegistryOptions;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * GETs of the small documents of a repository, read whole: manifests and indexes, config blobs and
 * referrers indexes. Credentials are the authenticator's (asked again after a 401 challenge),
 * redirects are followed by hand without them, a 404 is an {@link ImageNotFoundException}, and
 * content asked for by digest is checked against that digest.
 */
public final class ManifestReader {
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String DOCKER_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  private static final String ACCEPT =
      String.join(", ", OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

  private final RegistryTransport transport;
  private final RegistryAuthenticator auth;

  public ManifestReader(RegistryTransport transport, RegistryAuthenticator auth) {
    this.transport = transport;
    this.auth = auth;
  }

  /**
   * A document as the registry sent it: its bytes, its Content-Type and its digest (the registry's
   * Docker-Content-Digest, which may be missing for anything but a manifest).
   */
  public record Fetched(byte[] body, String mediaType, Digest digest) {}

  /** An answer as it came: the digest header unparsed, or {@code null}. */
  private record Answer(byte[] body, String mediaType, String digestHeader) {
    Fetched fetched(ImageRef ref) {
      return new Fetched(
          body,
          mediaType,
          digestHeader != null ? Digests.fromRegistry(digestHeader, ref) : Digest.sha256(body));
    }
  }

  /**
   * The manifest {@code reference} (a tag or digest) of {@code ref}'s repository; a digest
   * reference is checked against the bytes, and a tag's digest is the registry's or the bytes'.
   *
   * @throws ImageNotFoundException there is none
   */
  public Fetched manifest(ImageRef ref, String reference) {
    Answer a =
        get(ref, "/manifests/" + reference, ACCEPT, "manifest", RegistryOptions.MAX_MANIFEST_BYTES);
    if (reference.contains(":")) { // a digest: a tag holds no ':'
      Digest d = Digest.parse(reference);
      Digests.verify(a.body, d, ref);
      return new Fetched(a.body, a.mediaType, d);
    }
    return a.fetched(ref);
  }

  /** The config blob {@code digest} of {@code ref}'s repository, checked against the digest. */
  public byte[] config(ImageRef ref, Digest digest) {
    byte[] blob =
        get(ref, "/blobs/" + digest, "*/*", "config", RegistryOptions.MAX_CONFIG_BYTES).body;
    Digests.verify(blob, digest, ref);
    return blob;
  }

  /**
   * The OCI 1.1 referrers index of {@code digest}, or empty when the registry has no referrers API
   * (404, as the tag-schema fallback expects).
   */
  public Optional<Fetched> referrers(ImageRef ref, Digest digest) {
    try {
      return Optional.of(
          get(
                  ref,
                  "/referrers/" + digest,
                  OCI_INDEX,
                  "referrers of " + digest,
                  RegistryOptions.MAX_MANIFEST_BYTES)
              .fetched(ref));
    } catch (ImageNotFoundException e) {
      return Optional.empty();
    }
  }

  private Answer get(ImageRef ref, String path, String accept, String what, long maxBytes) {
    String scope = "repository:" + ref.repository() + ":pull";
    URI uri = transport.uri(ref, path);
    BoundedHttp.Response r = send(ref, uri, accept, scope, true, what, maxBytes);
    if (r.statusCode() == 401
        && auth.prepare(ref, scope, r.headers().firstValue("WWW-Authenticate").orElse(""))) {
      r = send(ref, uri, accept, scope, true, what, maxBytes);
    }
    for (int hops = 0; RegistryTransport.isRedirect(r.statusCode()) && hops < 5; hops++) {
      String loc = r.headers().firstValue("Location").orElse(null);
      if (loc == null) {
        break;
      }
      // blob storage behind the registry: no registry credentials go there
      r = send(ref, uri.resolve(loc), accept, scope, false, what + " (redirected)", maxBytes);
    }
    int s = r.statusCode();
    if (s == 200) {
      return new Answer(
          r.body(),
          r.headers().firstValue("Content-Type").orElse(""),
          r.headers().firstValue("Docker-Content-Digest").orElse(null));
    }
    String detail = RegistryJson.errorDetail(r.body());
    if (s == 404) {
      throw new ImageNotFoundException(
          "image "
              + ref
              + " not found in registry "
              + ref.registry()
              + " ("
              + what
              + ": "
              + detail
              + ")",
          ref.registry(),
          "check the image name and tag (skopeo inspect docker://"
              + ref
              + "); if the repository is private, log in");
    }
    throw RegistryFailures.status(ref, what, s, detail);
  }

  private BoundedHttp.Response send(
      ImageRef ref,
      URI uri,
      String accept,
      String scope,
      boolean withAuth,
      String what,
      long maxBytes) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", accept);
    if (withAuth) {
      auth.authorize(ref, scope, headers);
    }
    return transport.get(ref, uri, headers, what, maxBytes);
  }
}

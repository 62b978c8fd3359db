package dtk.exec.registry.internal;

import dtk.exec.registry.RegistryException;
import dtk.spec.Digest;
import dtk.spec.ImageRef;

/** Digests a registry sends: parsed where they arrive, and the bytes checked against them. */
public final class Digests {
  private Digests() {}

  /**
   * {@code value} (a Docker-Content-Digest header, a descriptor's digest) as a {@link Digest}.
   *
   * @throws RegistryException it is not a digest
   */
  public static Digest fromRegistry(String value, ImageRef ref) {
    try {
      return Digest.parse(value);
    } catch (Digest.InvalidException e) {
      throw new RegistryException(
          "registry "
              + ref.registry()
              + " sent '"
              + value
              + "' as a digest for "
              + ref
              + ": "
              + e.getMessage(),
          ref.registry(),
          "check the registry; a proxy in between may be rewriting its answers");
    }
  }

  /** Fails when {@code digest} is a sha256 that {@code body} does not have. */
  public static void verify(byte[] body, Digest digest, ImageRef ref) {
    if (!digest.matches(body)) {
      throw new RegistryException(
          "registry "
              + ref.registry()
              + " returned content for "
              + ref
              + " that does not match digest "
              + digest,
          ref.registry(),
          "retry; if it persists the registry or a proxy in between is corrupting data");
    }
  }
}

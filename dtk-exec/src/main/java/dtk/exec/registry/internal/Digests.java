package dtk.exec.registry.internal;

import dtk.exec.registry.RegistryException;
import dtk.spec.ImageRef;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content digests: computing a sha256 and checking the bytes a registry sent against one. */
public final class Digests {
  private Digests() {}

  /** {@code sha256:} and the hex SHA-256 of {@code body}. */
  public static String sha256(byte[] body) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** Fails when {@code digest} is a sha256 that {@code body} does not have. */
  public static void verify(byte[] body, String digest, ImageRef ref) {
    if (digest.startsWith("sha256:") && !sha256(body).equals(digest)) {
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

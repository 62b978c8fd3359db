package dtk.spec;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest as the OCI image spec writes it, {@code algorithm:encoded}: a manifest's or a
 * blob's digest, a base image's pin, the inputs digest of a target. Parsed once at the boundary (a
 * registry header, a label, a record on disk), passed as this type everywhere after.
 *
 * <pre>
 * Digest d = Digest.parse("sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
 * d.encoded();   // 9f86d0818...
 * d.shortHex(12) // 9f86d081884c
 * </pre>
 *
 * @param algorithm {@code sha256}, {@code sha512}, ...
 * @param encoded the hex digits, as written
 */
public record Digest(String algorithm, String encoded) {
  /** The algorithm dtk computes and the one registries use. */
  public static final String SHA256 = "sha256";

  private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*");
  private static final Pattern ENCODED = Pattern.compile("[a-fA-F0-9]{32,}");
  private static final Pattern SHA256_HEX = Pattern.compile("[a-f0-9]{64}");

  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(encoded, "encoded");
    if (!ALGORITHM.matcher(algorithm).matches() || !ENCODED.matcher(encoded).matches()) {
      throw new InvalidException(
          "'"
              + algorithm
              + ":"
              + encoded
              + "' is not a valid digest such as sha256:<64 hex digits>");
    }
    if (algorithm.equals(SHA256) && !SHA256_HEX.matcher(encoded).matches()) {
      throw new InvalidException(
          "'sha256:" + encoded + "' is not a valid digest: sha256 takes 64 lower-case hex digits");
    }
  }

  /** Thrown by {@link #parse} and the constructor with a message saying what is wrong. */
  public static final class InvalidException extends IllegalArgumentException {
    InvalidException(String message) {
      super(message);
    }
  }

  /** Parses {@code algorithm:encoded}. */
  public static Digest parse(String s) {
    if (s == null || s.isEmpty()) {
      throw new InvalidException("empty digest");
    }
    int colon = s.indexOf(':');
    if (colon <= 0) {
      throw new InvalidException(
          "'" + s + "' is not a valid digest such as sha256:<64 hex digits>");
    }
    return new Digest(s.substring(0, colon), s.substring(colon + 1));
  }

  /** {@link #parse}, or {@code null} for {@code null} and {@code ""} (a field that is not set). */
  public static Digest parseOrNull(String s) {
    return s == null || s.isEmpty() ? null : parse(s);
  }

  /** {@code sha256:<hex>} of 64 hex digits, as engines print image ids without the prefix. */
  public static Digest sha256Hex(String hex) {
    return new Digest(SHA256, hex);
  }

  /** The sha256 of {@code bytes}. */
  public static Digest sha256(byte[] bytes) {
    return sha256Hex(HexFormat.of().formatHex(sha256Engine().digest(bytes)));
  }

  /** The sha256 of everything {@code in} holds, read to its end (the caller closes it). */
  public static Digest sha256(InputStream in) throws IOException {
    MessageDigest md = sha256Engine();
    byte[] buf = new byte[64 * 1024];
    for (int n; (n = in.read(buf)) > 0; ) {
      md.update(buf, 0, n);
    }
    return sha256Hex(HexFormat.of().formatHex(md.digest()));
  }

  /** A fresh SHA-256 engine, for digests computed while the bytes stream by. */
  public static MessageDigest sha256Engine() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  /** Whether this is a sha256 digest, the only one dtk can check bytes against. */
  public boolean isSha256() {
    return algorithm.equals(SHA256);
  }

  /** Whether {@code bytes} have this digest; {@code true} for algorithms dtk cannot compute. */
  public boolean matches(byte[] bytes) {
    return !isSha256() || sha256(bytes).equals(this);
  }

  /** The first {@code n} hex digits, for tags, file names and messages. */
  public String shortHex(int n) {
    return encoded.substring(0, Math.min(n, encoded.length()));
  }

  /** {@code sha256:0123456789ab}: the algorithm and the first 12 hex digits, for messages. */
  public String shortForm() {
    return algorithm + ":" + shortHex(12);
  }

  /** {@code algorithm:encoded}. */
  @Override
  public String toString() {
    return algorithm + ":" + encoded;
  }
}

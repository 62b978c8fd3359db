package dtk.exec.apply.plan;

import dtk.spec.Digest;

/** Display helpers for digests. */
public final class Digests {
  private Digests() {}

  /** {@link Digest#shortForm}, or {@code -} for none. */
  public static String shortForm(Digest digest) {
    return digest == null ? "-" : digest.shortForm();
  }

  /**
   * {@code sha256:0123456789ab} for a full digest; other values (a label that holds something else)
   * unchanged.
   */
  public static String shortForm(String value) {
    if (value == null) {
      return "-";
    }
    int colon = value.indexOf(':');
    if (colon > 0 && value.length() - colon - 1 == 64) {
      return value.substring(0, colon + 13);
    }
    return value;
  }
}

package dtk.exec.apply.plan;

/** Display helpers for digests. */
public final class Digests {
  private Digests() {}

  /** {@code sha256:0123456789ab} for a full digest; other values unchanged. */
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

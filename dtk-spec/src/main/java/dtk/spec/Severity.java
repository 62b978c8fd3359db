package dtk.spec;

/** How bad a {@link Diagnostic} is: errors make a spec invalid, warnings do not. */
public enum Severity {
  ERROR,
  WARNING;

  /** The lower-case word used in {@code FILE:LINE:COL: error CODE: message}. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

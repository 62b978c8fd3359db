package dtk.exec.engine;

/** When the build may pull its base image; always explicit, since engines' defaults differ. */
public enum PullPolicy {
  /** Pull only when the image is not in local storage. */
  MISSING,
  /** Never pull: the base must be local. */
  NEVER,
  /** Always pull (to pick up a moved tag). */
  ALWAYS;

  public String flagValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

package dtk.spec.model;

/** {@code packageManager:}; picks the built-in template family. */
public enum PackageManager {
  dnf,
  apt
}

package dtk.exec.resolve.repo;

import java.util.Objects;

/**
 * A Debian package name with one {@code *} standing for the kernel version, e.g. {@code
 * linux-headers-*-amd64}. What {@code *} stands for must start with a digit, and so must each of
 * its {@code -}-separated parts: {@code linux-headers-6.1.0-32-amd64} gives {@code 6.1.0-32}, while
 * {@code linux-headers-6.1.0-32-rt-amd64} and {@code -cloud-amd64} are other flavours, not kernels
 * of {@code -amd64}, and {@code linux-headers-6.12-amd64} (a series' meta package) is none: a
 * kernel release starts with three numbers.
 */
public record PackagePattern(String prefix, String suffix) {
  /** A kernel release starts with three numbers: 6.1.0-57, 6.12.118+deb12, 5.15.0-91. */
  private static final java.util.regex.Pattern RELEASE =
      java.util.regex.Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+");

  public PackagePattern {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(suffix, "suffix");
  }

  /**
   * @throws IllegalArgumentException unless the pattern has exactly one {@code *}
   */
  public static PackagePattern parse(String pattern) {
    int star = pattern.indexOf('*');
    if (star < 0 || pattern.indexOf('*', star + 1) >= 0) {
      throw new IllegalArgumentException(
          "package pattern '"
              + pattern
              + "' must have exactly one *"
              + " standing for the kernel version, e.g. linux-headers-*-amd64");
    }
    return new PackagePattern(pattern.substring(0, star), pattern.substring(star + 1));
  }

  /** The kernel version {@code name} stands for, or {@code null} when it does not match. */
  public String kernel(String name) {
    if (name.length() <= prefix.length() + suffix.length()
        || !name.startsWith(prefix)
        || !name.endsWith(suffix)) {
      return null;
    }
    String k = name.substring(prefix.length(), name.length() - suffix.length());
    if (!RELEASE.matcher(k).lookingAt()) {
      return null; // linux-headers-6.12-amd64 names a series (a meta package), not a kernel release
    }
    for (String part : k.split("-", -1)) {
      if (part.isEmpty() || !RpmVersion.digit(part.charAt(0))) {
        return null;
      }
    }
    return k;
  }

  @Override
  public String toString() {
    return prefix + "*" + suffix;
  }
}

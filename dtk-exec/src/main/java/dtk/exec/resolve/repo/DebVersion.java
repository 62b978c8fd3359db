package dtk.exec.resolve.repo;

import java.util.Objects;

/**
 * A Debian {@code [epoch:]upstream[-revision]}, ordered as dpkg orders it: epoch numerically, then
 * upstream, then revision, each with dpkg's comparison ({@link #verrevcmp}).
 */
public record DebVersion(long epoch, String upstream, String revision)
    implements Comparable<DebVersion> {
  public DebVersion {
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(revision, "revision");
    if (epoch < 0) {
      throw new IllegalArgumentException("negative epoch " + epoch);
    }
  }

  /**
   * From a {@code Version:} field: the epoch is what precedes the first {@code :} (digits only),
   * the revision what follows the last {@code -} (empty when there is none).
   *
   * @throws IllegalArgumentException for an empty version or an epoch that is not a number
   */
  public static DebVersion parse(String text) {
    String s = text.strip();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty Debian version");
    }
    long epoch = 0;
    int colon = s.indexOf(':');
    if (colon >= 0) {
      String e = s.substring(0, colon);
      if (e.isEmpty() || !e.chars().allMatch(c -> c >= '0' && c <= '9') || e.length() > 9) {
        throw new IllegalArgumentException(
            "bad epoch '" + e + "' in Debian version '" + text + "'");
      }
      epoch = Long.parseLong(e);
      s = s.substring(colon + 1);
    }
    int dash = s.lastIndexOf('-');
    if (dash >= 0) {
      return new DebVersion(epoch, s.substring(0, dash), s.substring(dash + 1));
    }
    return new DebVersion(epoch, s, "");
  }

  @Override
  public int compareTo(DebVersion o) {
    int c = Long.compare(epoch, o.epoch);
    if (c != 0) {
      return c;
    }
    c = verrevcmp(upstream, o.upstream);
    return c != 0 ? c : verrevcmp(revision, o.revision);
  }

  @Override
  public String toString() {
    return (epoch == 0 ? "" : epoch + ":") + upstream + (revision.isEmpty() ? "" : "-" + revision);
  }

  /**
   * dpkg's comparison of an upstream version or a revision, as a sign (-1, 0, 1): alternating
   * non-digit and digit runs; in non-digit runs {@code ~} sorts before everything (even the end),
   * then the end, then letters, then other characters; digit runs compare numerically.
   */
  public static int verrevcmp(String a, String b) {
    int i = 0;
    int j = 0;
    int na = a.length();
    int nb = b.length();
    while (i < na || j < nb) {
      while ((i < na && !RpmVersion.digit(a.charAt(i)))
          || (j < nb && !RpmVersion.digit(b.charAt(j)))) {
        int ac = order(a, i);
        int bc = order(b, j);
        if (ac != bc) {
          return Integer.signum(ac - bc);
        }
        i++;
        j++;
      }
      while (i < na && a.charAt(i) == '0') {
        i++;
      }
      while (j < nb && b.charAt(j) == '0') {
        j++;
      }
      int firstDiff = 0;
      while (i < na && j < nb && RpmVersion.digit(a.charAt(i)) && RpmVersion.digit(b.charAt(j))) {
        if (firstDiff == 0) {
          firstDiff = a.charAt(i) - b.charAt(j);
        }
        i++;
        j++;
      }
      if (i < na && RpmVersion.digit(a.charAt(i))) {
        return 1;
      }
      if (j < nb && RpmVersion.digit(b.charAt(j))) {
        return -1;
      }
      if (firstDiff != 0) {
        return Integer.signum(firstDiff);
      }
    }
    return 0;
  }

  /**
   * The weight of the character at {@code i}: the end and digits 0, {@code ~} -1, letters
   * themselves, others +256.
   */
  private static int order(String s, int i) {
    if (i >= s.length()) {
      return 0;
    }
    char c = s.charAt(i);
    if (RpmVersion.digit(c)) {
      return 0;
    }
    if (RpmVersion.alpha(c)) {
      return c;
    }
    if (c == '~') {
      return -1;
    }
    return c + 256;
  }
}

package dtk.exec.resolve.repo;

import java.util.Objects;

/**
 * An rpm {@code epoch:version-release}, ordered as rpm orders it: epoch numerically, then version,
 * then release, each with rpm's segment comparison ({@link #vercmp}).
 */
public record RpmVersion(int epoch, String version, String release)
    implements Comparable<RpmVersion> {
  public RpmVersion {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(release, "release");
    if (epoch < 0) {
      throw new IllegalArgumentException("negative epoch " + epoch);
    }
  }

  /**
   * From {@code [epoch:]version[-release]}; the release is what follows the last {@code -} (empty
   * when there is none), as rpm splits an EVR.
   */
  public static RpmVersion parse(String evr) {
    String s = evr.trim();
    int epoch = 0;
    int colon = s.indexOf(':');
    if (colon >= 0) {
      epoch = parseEpoch(s.substring(0, colon), evr);
      s = s.substring(colon + 1);
    }
    int dash = s.lastIndexOf('-');
    if (dash >= 0) {
      return new RpmVersion(epoch, s.substring(0, dash), s.substring(dash + 1));
    }
    return new RpmVersion(epoch, s, "");
  }

  /** From primary.xml's {@code <version epoch=".." ver=".." rel=".."/>}; a missing epoch is 0. */
  public static RpmVersion of(String epoch, String ver, String rel) {
    int e = epoch == null || epoch.isEmpty() ? 0 : parseEpoch(epoch, epoch + ":" + ver + "-" + rel);
    return new RpmVersion(e, ver == null ? "" : ver, rel == null ? "" : rel);
  }

  private static int parseEpoch(String e, String whole) {
    if (e.isEmpty()) {
      return 0;
    }
    try {
      int v = Integer.parseInt(e);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException("bad epoch '" + e + "' in rpm version '" + whole + "'");
  }

  /** {@code version-release}, the kernel release dtk builds for (no epoch). */
  public String versionRelease() {
    return release.isEmpty() ? version : version + "-" + release;
  }

  @Override
  public int compareTo(RpmVersion o) {
    int c = Integer.compare(epoch, o.epoch);
    if (c != 0) {
      return c;
    }
    c = vercmp(version, o.version);
    return c != 0 ? c : vercmp(release, o.release);
  }

  @Override
  public String toString() {
    return (epoch == 0 ? "" : epoch + ":") + versionRelease();
  }

  /**
   * rpm's segment comparison of two version (or release) strings: -1, 0 or 1. Alphanumeric runs are
   * segments, everything else separates them; digit runs compare numerically (leading zeros
   * ignored) and beat letter runs; {@code ~} sorts before anything, even the end of the string;
   * {@code ^} sorts after the end of the string but before any further segment.
   */
  public static int vercmp(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    int i = 0;
    int j = 0;
    int na = a.length();
    int nb = b.length();
    while (i < na || j < nb) {
      while (i < na && separator(a.charAt(i))) {
        i++;
      }
      while (j < nb && separator(b.charAt(j))) {
        j++;
      }
      char ca = i < na ? a.charAt(i) : 0;
      char cb = j < nb ? b.charAt(j) : 0;
      if (ca == '~' || cb == '~') {
        if (ca != '~') {
          return 1;
        }
        if (cb != '~') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (ca == '^' || cb == '^') {
        if (i == na) {
          return -1;
        }
        if (j == nb) {
          return 1;
        }
        if (ca != '^') {
          return 1;
        }
        if (cb != '^') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (i == na || j == nb) {
        break;
      }
      int ei = i;
      int ej = j;
      boolean numeric = digit(ca);
      if (numeric) {
        while (ei < na && digit(a.charAt(ei))) {
          ei++;
        }
        while (ej < nb && digit(b.charAt(ej))) {
          ej++;
        }
      } else {
        while (ei < na && alpha(a.charAt(ei))) {
          ei++;
        }
        while (ej < nb && alpha(b.charAt(ej))) {
          ej++;
        }
      }
      if (ej == j) {
        // segments of different kinds: a number is newer than letters
        return numeric ? 1 : -1;
      }
      if (numeric) {
        while (i < ei - 1 && a.charAt(i) == '0') {
          i++;
        }
        while (j < ej - 1 && b.charAt(j) == '0') {
          j++;
        }
        int la = ei - i;
        int lb = ej - j;
        if (la != lb) {
          return la > lb ? 1 : -1;
        }
      }
      int c = a.substring(i, ei).compareTo(b.substring(j, ej));
      if (c != 0) {
        return c < 0 ? -1 : 1;
      }
      i = ei;
      j = ej;
    }
    if (i >= na && j >= nb) {
      return 0;
    }
    return i >= na ? -1 : 1;
  }

  private static boolean separator(char c) {
    return !digit(c) && !alpha(c) && c != '~' && c != '^';
  }

  static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}

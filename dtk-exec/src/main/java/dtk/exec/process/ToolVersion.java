package dtk.exec.process;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tool's {@code major.minor.patch} version, parsed leniently ({@code 24.0.7-ce}, {@code
 * 5.0.0-dev}).
 */
public record ToolVersion(int major, int minor, int patch) implements Comparable<ToolVersion> {
  private static final Pattern V = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

  /**
   * The first {@code N.N[.N]} in {@code s}; throws {@link IllegalArgumentException} when there is
   * none.
   */
  public static ToolVersion parse(String s) {
    Matcher m = V.matcher(s == null ? "" : s);
    if (!m.find()) {
      throw new IllegalArgumentException("no version number in '" + s + "'");
    }
    return new ToolVersion(
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
  }

  public static ToolVersion of(int major, int minor, int patch) {
    return new ToolVersion(major, minor, patch);
  }

  public boolean atLeast(int maj, int min, int pat) {
    return compareTo(new ToolVersion(maj, min, pat)) >= 0;
  }

  @Override
  public int compareTo(ToolVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}

package dtk.exec.resolve.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code os-release(5)}: {@code KEY=value} lines, values unquoted or in single or double quotes
 * (with {@code \\}, {@code \"}, {@code \$} and {@code \`} escapes in double quotes), {@code #}
 * comments. A line that is not an assignment is ignored, as systemd does.
 */
public final class OsRelease {
  private OsRelease() {}

  /** The assignments of an os-release file, in file order. */
  public static Map<String, String> parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String raw : text.split("\r?\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0 || !line.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
        continue;
      }
      out.put(line.substring(0, eq), unquote(line.substring(eq + 1)));
    }
    return Collections.unmodifiableMap(out);
  }

  private static String unquote(String v) {
    StringBuilder b = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (quote != 0 && c == quote) {
        quote = 0;
      } else if (quote != '\''
          && c == '\\'
          && i + 1 < v.length()
          && "\\\"$`".indexOf(v.charAt(i + 1)) >= 0) {
        b.append(v.charAt(++i));
      } else if (quote == 0 && c == '#' && (i == 0 || Character.isWhitespace(v.charAt(i - 1)))) {
        break; // a trailing comment after an unquoted value
      } else {
        b.append(c);
      }
    }
    return b.toString().strip();
  }

  /**
   * dnf's {@code $releasever} for an image with this os-release: {@code VERSION_ID} as it is
   * (Fedora: {@code 40}), but only its major part for the RHEL family (RHEL, CentOS, Rocky,
   * AlmaLinux, Oracle Linux and what names {@code rhel} or {@code centos} in {@code ID_LIKE}):
   * {@code 9.4} gives {@code 9}. dnf itself takes the version of the package that provides {@code
   * system-release(releasever)}, which needs the rpm database; in these distros that provide is the
   * major version (their repo URLs use {@code $releasever} as {@code 9}, minor releases live under
   * other variables), so the major of {@code VERSION_ID} gives the same answer from os-release
   * alone. A {@code releasever} file in {@code /etc/dnf/vars} (Amazon Linux has one) overrides
   * this, as it does for dnf. {@code null} without a {@code VERSION_ID}.
   */
  public static String releasever(Map<String, String> osRelease) {
    String v = osRelease.get("VERSION_ID");
    if (v == null || v.isBlank()) {
      return null;
    }
    String id = osRelease.getOrDefault("ID", "");
    String like = " " + osRelease.getOrDefault("ID_LIKE", "") + " ";
    boolean rhelFamily =
        id.matches("rhel|centos|rocky|almalinux|ol|circle|eurolinux")
            || like.contains(" rhel ")
            || like.contains(" centos ");
    if (rhelFamily && !id.equals("fedora")) {
      int dot = v.indexOf('.');
      return dot > 0 ? v.substring(0, dot) : v;
    }
    return v;
  }
}

package dtk.spec;

/**
 * The one escaping function for human-readable output: text from a spec (keys, values, file names)
 * and from tools is shown, never obeyed. Control characters (C0 but for none, DEL, C1) and the
 * Unicode controls that reorder or break lines (bidi embeddings, overrides and isolates, line and
 * paragraph separators) become visible escapes, so a spec cannot move the cursor, ring the bell,
 * rewrite a line with CR, or forge a {@code ::error} / {@code ::add-mask::} line in a CI log.
 * A backslash stays as it is: the output is for reading, not for parsing back.
 */
public final class Printable {
  private Printable() {}

  /** {@code s} with every control character escaped ({@code \n}, {@code \e}, {@code \x07}, {@code \u202e}). */
  public static String escape(String s) {
    if (s == null) {
      return null;
    }
    int i = 0;
    while (i < s.length() && !control(s.charAt(i))) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 8).append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!control(c)) {
        b.append(c);
        continue;
      }
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\u001B' -> b.append("\\e");
        default -> b.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
      }
    }
    return b.toString();
  }

  /** As {@link #escape}, but line breaks ({@code \n}) stay: for messages of several lines. */
  public static String escapeLines(String s) {
    if (s == null) {
      return null;
    }
    String[] lines = s.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      lines[i] = escape(lines[i]);
    }
    return String.join("\n", lines);
  }

  static boolean control(char c) {
    return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)
        || c == '\u061C' || c == '\u200E' || c == '\u200F'
        || (c >= '\u2028' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
  }
}

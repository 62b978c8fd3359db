package dtk.spec;

/**
 * The one escaping function for human-readable output: text from a spec (keys, values, file names)
 * and from tools is shown, never obeyed. Control characters (C0, DEL, C1) and the Unicode
 * characters that reorder, hide or break text (bidi marks, embeddings, overrides and isolates,
 * zero-width and other format characters, U+FEFF, line and paragraph separators, lone surrogates)
 * become visible escapes, so a spec cannot move the cursor, ring the bell, rewrite a line with CR,
 * or forge a {@code ::error} / {@code ::add-mask::} line in a CI log.
 *
 * <pre>
 * "x\u001b[31mred"         ->  x\e[31mred
 * "v\n::error file=a::b"   ->  v\n::error file=a::b      (one line: no forged workflow command)
 * "bell\u0007 \u009b"       ->  bell\x07 \x9b
 * "abc\u202edef"           ->  abc\u202edef
 * </pre>
 *
 * A backslash stays as it is: the output is for reading, not for parsing back.
 */
public final class Printable {
  private Printable() {}

  /**
   * {@code s} on one line, every control or format character escaped ({@code \n}, {@code \e},
   * {@code \x07}, {@code \u202e}).
   */
  public static String escape(String s) {
    return escape(s, false);
  }

  /** As {@link #escape}, but line breaks ({@code \n}) stay: for messages of several lines. */
  public static String escapeLines(String s) {
    return escape(s, true);
  }

  /**
   * {@code s} as {@link #escapeLines}, and a following line that a CI log would take for a command
   * of its own ({@code ::error ...}, {@code ::add-mask::...}, {@code ##vso[...]}; runners trim
   * leading blanks before matching) starts with {@code prefix}. Other lines keep their layout.
   */
  public static String block(String s, String prefix) {
    if (s == null) {
      return null;
    }
    String[] lines = escapeLines(s).split("\n", -1);
    StringBuilder b = new StringBuilder(lines[0]);
    for (int i = 1; i < lines.length; i++) {
      String t = lines[i].strip();
      b.append('\n')
          .append(t.startsWith("::") || t.startsWith("##") ? prefix : "")
          .append(lines[i]);
    }
    return b.toString();
  }

  /** Whether {@link #escape} would change the code point {@code c}. */
  public static boolean needsEscape(int c) {
    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) {
      return true;
    }
    int type = Character.getType(c);
    return type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE;
  }

  private static String escape(String s, boolean keepLines) {
    if (s == null) {
      return null;
    }
    int i = 0;
    while (i < s.length()) {
      int c = s.codePointAt(i);
      if (needsEscape(c) && !(keepLines && c == '\n')) {
        break;
      }
      i += Character.charCount(c);
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 8).append(s, 0, i);
    while (i < s.length()) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (!needsEscape(c) || (keepLines && c == '\n')) {
        b.appendCodePoint(c);
        continue;
      }
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case 0x1B -> b.append("\\e");
        default ->
            b.append(
                c < 0x100
                    ? String.format("\\x%02x", c)
                    : c > 0xFFFF ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
      }
    }
    return b.toString();
  }
}

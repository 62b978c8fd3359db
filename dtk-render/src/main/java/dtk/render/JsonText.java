package dtk.render;

import dtk.spec.Digest;
import dtk.spec.ImageRef;
import dtk.spec.Printable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A small, dependency-free JSON writer for dtk's machine-readable output ({@code plan --format
 * json}, {@code context.json}): maps keep their order, output is byte-stable, two-space indented.
 */
public final class JsonText {
  private JsonText() {}

  /**
   * {@code value} (a Map, List, String, Number, Boolean or null; a {@link Digest} or an {@link
   * ImageRef} as its string form) as indented JSON with a final newline.
   */
  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, "");
    return b.append('\n').toString();
  }

  /**
   * {@code value} as JSON on one line ({@code {"a":[1,2]}}) with a final newline: for a value that
   * goes into one line of a file such as GitHub's {@code $GITHUB_OUTPUT}.
   */
  public static String writeLine(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, null);
    return b.append('\n').toString();
  }

  /** {@code indent == null}: all on one line, no blanks. */
  private static void write(StringBuilder b, Object v, String indent) {
    if (indent == null && (v instanceof Map<?, ?> || v instanceof List<?>)) {
      writeLine(b, v);
      return;
    }
    if (v == null) {
      b.append("null");
    } else if (v instanceof String s) {
      quote(b, s);
    } else if (v instanceof Digest || v instanceof ImageRef) {
      quote(b, v.toString());
    } else if (v instanceof Number || v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        b.append("{}");
        return;
      }
      b.append("{\n");
      Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
      while (it.hasNext()) {
        var e = it.next();
        b.append(indent).append("  ");
        quote(b, String.valueOf(e.getKey()));
        b.append(": ");
        write(b, e.getValue(), indent + "  ");
        b.append(it.hasNext() ? ",\n" : "\n");
      }
      b.append(indent).append('}');
    } else if (v instanceof List<?> l) {
      if (l.isEmpty()) {
        b.append("[]");
        return;
      }
      b.append("[\n");
      for (int i = 0; i < l.size(); i++) {
        b.append(indent).append("  ");
        write(b, l.get(i), indent + "  ");
        b.append(i < l.size() - 1 ? ",\n" : "\n");
      }
      b.append(indent).append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }
  }

  private static void writeLine(StringBuilder b, Object v) {
    if (v instanceof Map<?, ?> m) {
      b.append('{');
      String sep = "";
      for (Map.Entry<?, ?> e : m.entrySet()) {
        b.append(sep);
        quote(b, String.valueOf(e.getKey()));
        b.append(':');
        write(b, e.getValue(), null);
        sep = ",";
      }
      b.append('}');
    } else {
      b.append('[');
      String sep = "";
      for (Object o : (List<?>) v) {
        b.append(sep);
        write(b, o, null);
        sep = ",";
      }
      b.append(']');
    }
  }

  /** {@code s} as a JSON string literal. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder();
    quote(b, s);
    return b.toString();
  }

  private static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        char low = s.charAt(++i);
        if (Printable.needsEscape(Character.toCodePoint(c, low))) {
          b.append(String.format("\\u%04x\\u%04x", (int) c, (int) low));
        } else {
          b.append(c).append(low);
        }
        continue;
      }
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          // C0, DEL, C1, bidi and other format characters, separators, lone surrogates: a viewer
          // (jq, a browser, a terminal) would otherwise obey them or reorder the text
          if (Printable.needsEscape(c)) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}

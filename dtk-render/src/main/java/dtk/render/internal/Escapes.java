package dtk.render.internal;

import dtk.spec.ValueRules;
import java.util.regex.Pattern;

/**
 * Quoting for the three contexts a value can land in inside a Containerfile. They differ: a RUN
 * line in shell form is handed to {@code /bin/sh} as is (the shell expands), a LABEL/ENV value in
 * double quotes is unescaped by the builder ({@code \" \\ \$}), and a raw newline ends any
 * instruction. A value that cannot be represented is refused, never mangled.
 */
public final class Escapes {
  private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*");
  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private Escapes() {}

  /** Thrown for a value that has no safe representation in the context asked for. */
  public static final class UnsafeValueException extends IllegalArgumentException {
    public UnsafeValueException(String message) {
      super(message);
    }
  }

  static void rejectControl(String s, String what) {
    String why = ValueRules.controlCharacter(s);
    if (why != null) {
      throw new UnsafeValueException(what + " " + why);
    }
  }

  /** One POSIX shell word, no expansion: {@code it's} becomes {@code 'it'"'"'s'}. */
  public static String shellQuote(String s) {
    rejectControl(s, "shell word");
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }

  /** A shell word, quoted only when it holds characters the shell would treat specially. */
  public static String shellWord(String s) {
    if (!s.isEmpty() && PLAIN_WORD.matcher(s).matches()) {
      return s;
    }
    return shellQuote(s);
  }

  /**
   * A double-quoted LABEL or ENV value; the builder unescapes {@code \\}, {@code \"} and {@code
   * \$}.
   */
  public static String labelQuote(String s) {
    rejectControl(s, "label value");
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '"' || c == '$') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.append('"').toString();
  }

  /** A LABEL key: restricted, not escaped ({@code org.opencontainers.image.title}). */
  public static String labelKey(String k) {
    if (!LABEL_KEY.matcher(k).matches()) {
      throw new UnsafeValueException(
          "label key '"
              + printable(k)
              + "' is not allowed: use letters, digits, '.', '_', '-' and '/', starting with a letter or digit");
    }
    return k;
  }

  /**
   * {@code s} with control characters shown escaped, for messages ({@link
   * dtk.spec.Printable#escape}).
   */
  public static String printable(String s) {
    return dtk.spec.Printable.escape(s);
  }
}

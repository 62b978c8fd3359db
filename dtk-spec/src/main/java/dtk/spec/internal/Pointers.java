package dtk.spec.internal;

import java.util.ArrayList;
import java.util.List;

/** RFC 6901 JSON pointers. */
public final class Pointers {
  private Pointers() {}

  public static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  public static String child(String pointer, String key) {
    return pointer + "/" + escape(key);
  }

  public static String child(String pointer, int index) {
    return pointer + "/" + index;
  }

  public static String parent(String pointer) {
    int i = pointer.lastIndexOf('/');
    return i <= 0 ? "" : pointer.substring(0, i);
  }

  public static String last(String pointer) {
    int i = pointer.lastIndexOf('/');
    return unescape(pointer.substring(i + 1));
  }

  public static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }

  public static List<String> tokens(String pointer) {
    List<String> out = new ArrayList<>();
    if (pointer.isEmpty()) {
      return out;
    }
    for (String t : pointer.substring(1).split("/", -1)) {
      out.add(unescape(t));
    }
    return out;
  }

  /** {@code /kernel/variants/0/name} as users write it: {@code kernel.variants[0].name}. */
  public static String display(String pointer) {
    StringBuilder b = new StringBuilder();
    for (String t : tokens(pointer)) {
      if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
        b.append('[').append(t).append(']');
      } else {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(t);
      }
    }
    return b.length() == 0 ? "the document" : b.toString();
  }
}

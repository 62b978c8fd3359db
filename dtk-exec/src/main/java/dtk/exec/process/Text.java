package dtk.exec.process;

/** Small text helpers for messages. */
final class Text {
  private Text() {}

  static String tail(String s, int n) {
    String t = s.stripTrailing();
    int idx = t.length();
    for (int i = 0; i < n && idx > 0; i++) {
      idx = t.lastIndexOf('\n', idx - 1);
      if (idx < 0) {
        return t;
      }
    }
    return idx <= 0 ? t : t.substring(idx + 1);
  }
}

package dtk.spec.internal;

import dtk.spec.Location;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The text of one spec file (or one {@code --set} argument), so positions inside scalars can be
 * computed after parsing. Marks from the YAML engine count code points; Java strings count UTF-16
 * units, so conversions go through here.
 */
public final class SourceText {
  private final Path file;
  private final String text;
  private volatile int[] lineStarts;

  public SourceText(Path file, String text) {
    this.file = file;
    this.text = text;
  }

  public Path file() {
    return file;
  }

  public String text() {
    return text;
  }

  private int[] lineStarts() {
    int[] ls = lineStarts;
    if (ls == null) {
      List<Integer> starts = new ArrayList<>();
      starts.add(0);
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
          starts.add(i + 1);
        }
      }
      ls = starts.stream().mapToInt(Integer::intValue).toArray();
      lineStarts = ls;
    }
    return ls;
  }

  /** UTF-16 offset of a 0-based line and code-point column; clamped to the text. */
  public int offsetOf(int line, int column) {
    int[] ls = lineStarts();
    if (line >= ls.length) {
      return text.length();
    }
    int start = ls[Math.max(line, 0)];
    int end = line + 1 < ls.length ? ls[line + 1] : text.length();
    int off = start;
    for (int c = 0; c < column && off < end; c++) {
      off += Character.charCount(text.codePointAt(off));
    }
    return Math.min(off, text.length());
  }

  /** 1-based location of a UTF-16 offset. */
  public Location locationOf(int offset) {
    int[] ls = lineStarts();
    int line = Arrays.binarySearch(ls, offset);
    if (line < 0) {
      line = -line - 2;
    }
    int col = text.codePointCount(ls[line], Math.min(offset, text.length()));
    return new Location(file, line + 1, col + 1);
  }

  /** 1-based location of a 0-based engine mark. */
  public Location location(int line, int column) {
    return new Location(file, line + 1, column + 1);
  }
}

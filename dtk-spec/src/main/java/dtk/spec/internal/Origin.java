package dtk.spec.internal;

import dtk.spec.Location;

/**
 * Where one value (or key) was written: 0-based start and end as the YAML engine reports them,
 * in the text of the file (or {@code --set} argument) that wrote it.
 */
public record Origin(SourceText source, int line, int column, int endLine, int endColumn) {

  public Location location() {
    return source.location(line, column);
  }

  /**
   * The location of the {@code ${} that starts at {@code offset} in the parsed string
   * {@code value}. Exact for plain and simply quoted scalars; for escapes or folded text the n-th
   * {@code ${} of the value is matched with the n-th {@code ${} of the written text, and when
   * that fails the scalar's start is returned.
   */
  public Location locate(String value, int offset) {
    int nth = 0;
    for (int p = value.indexOf("${"); p >= 0 && p < offset; p = value.indexOf("${", p + 1)) {
      nth++;
    }
    String text = source.text();
    int start = source.offsetOf(line, column);
    int end = Math.max(start, source.offsetOf(endLine, endColumn));
    int found = -1;
    int p = text.indexOf("${", start);
    for (int i = 0; p >= 0 && p < end; i++) {
      if (i == nth) {
        found = p;
        break;
      }
      p = text.indexOf("${", p + 1);
    }
    return found < 0 ? location() : source.locationOf(found);
  }
}

package dtk.spec.internal;

import dtk.spec.Location;

/**
 * Where one value (or key) was written: 0-based start and end as the YAML engine reports them, in
 * the text of the file (or {@code --set} argument) that wrote it.
 */
public record Origin(SourceText source, int line, int column, int endLine, int endColumn) {

  public Location location() {
    return source.location(line, column);
  }

  /**
   * The location of character {@code offset} of the parsed string {@code value}. Exact for plain
   * scalars and quoted ones without escapes; otherwise, for a {@code ${}, the n-th {@code ${} of
   * the value is matched with the n-th {@code ${} of the written text (escapes, block and folded
   * scalars); when that fails, the scalar's start.
   */
  public Location locate(String value, int offset) {
    String text = source.text();
    int start = source.offsetOf(line, column);
    int end = Math.max(start, source.offsetOf(endLine, endColumn));
    String raw = text.substring(start, Math.min(end, text.length()));
    if (offset >= 0 && offset <= value.length()) {
      // written exactly as parsed (plain), or inside one pair of quotes without escapes
      if (raw.equals(value)) {
        return source.locationOf(start + offset);
      }
      if (raw.length() == value.length() + 2
          && raw.substring(1, raw.length() - 1).equals(value)
          && (raw.charAt(0) == '"' || raw.charAt(0) == '\'')) {
        return source.locationOf(start + 1 + offset);
      }
    }
    if (!value.startsWith("${", offset)) {
      return location();
    }
    int nth = 0;
    for (int p = value.indexOf("${"); p >= 0 && p < offset; p = value.indexOf("${", p + 1)) {
      nth++;
    }
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

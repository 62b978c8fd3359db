package dtk.spec.model;

import dtk.spec.Location;

/**
 * Where the values of a loaded spec were written. A merged spec ({@code extends}) maps each value
 * to the file that defined it; a value given with {@code --set} maps to that argument ({@code
 * --set[1]:1:COL}).
 */
public interface SourceMap {
  /**
   * The location of the value at a JSON pointer such as {@code /labels/version}; when that value
   * was not written (a default), the nearest written ancestor; at worst the spec file itself.
   */
  Location locate(String jsonPointer);

  /**
   * The location of the key that names the value at {@code jsonPointer}; by default the value's.
   */
  default Location locateKey(String jsonPointer) {
    return locate(jsonPointer);
  }

  /**
   * The location of character {@code offset} of the string value at {@code jsonPointer}, e.g. the
   * {@code ${} of a reference; by default the value's start.
   */
  default Location locate(String jsonPointer, int offset) {
    return locate(jsonPointer);
  }
}

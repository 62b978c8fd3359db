package dtk.spec.model;

import dtk.spec.Location;

/**
 * Where the values of a loaded spec were written. A merged spec ({@code extends}) maps each value
 * to the file that defined it.
 */
public interface SourceMap {
  /**
   * The location of the value at a JSON pointer such as {@code /labels/version}; when that value
   * was not written (a default), the nearest written ancestor; at worst the spec file itself.
   */
  Location locate(String jsonPointer);
}

package dtk.spec.internal;

import dtk.spec.Location;
import java.nio.file.Path;
import java.util.Map;

/**
 * A YAML document (or a merged spec) as plain values (LinkedHashMap, ArrayList, String,
 * Integer/Long/BigInteger, Double, Boolean, null) plus, per JSON pointer, where each value and each
 * key was written. After {@code extends} and {@code --set} the origins point into several texts.
 *
 * @param file the spec file this document stands for (the fallback location)
 */
public record Doc(Path file, Object root, Map<String, Origin> values, Map<String, Origin> keys) {

  /** Where the value at {@code pointer} was written, or its nearest written ancestor. */
  public Origin valueOrigin(String pointer) {
    String p = pointer;
    while (true) {
      Origin o = values.get(p);
      if (o != null || p.isEmpty()) {
        return o;
      }
      p = Pointers.parent(p);
    }
  }

  public Location valueLocation(String pointer) {
    Origin o = valueOrigin(pointer);
    return o == null ? Location.ofFile(file) : o.location();
  }

  /** Where the key naming {@code pointer} was written; falls back to the value. */
  public Location keyLocation(String pointer) {
    Origin o = keys.get(pointer);
    return o == null ? valueLocation(pointer) : o.location();
  }
}

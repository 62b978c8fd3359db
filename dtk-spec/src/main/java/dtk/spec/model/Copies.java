package dtk.spec.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ordered, unmodifiable copies: {@code Map.copyOf} has no defined order and would reorder LABEL
 * lines.
 */
final class Copies {
  private Copies() {}

  static <T> List<T> list(List<T> in) {
    return in == null ? List.of() : List.copyOf(in);
  }

  static <K, V> Map<K, V> map(Map<K, V> in) {
    return in == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(in));
  }
}

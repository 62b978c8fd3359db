package dtk.spec.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Copying and merging value trees together with their origins. */
public final class Trees {
  private Trees() {}

  @SuppressWarnings("unchecked")
  public static Object deepCopy(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) m).forEach((k, x) -> out.put(k, deepCopy(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(deepCopy(x)));
      return out;
    }
    return v;
  }

  /** A mutable copy of {@code doc} (tree and origin maps). */
  public static Doc copy(Doc doc) {
    return new Doc(
        doc.file(), deepCopy(doc.root()), new HashMap<>(doc.values()), new HashMap<>(doc.keys()));
  }

  /**
   * {@code child} on top of {@code parent}: mappings merge key by key (the child wins), anything
   * else (lists, scalars) is replaced whole. Each value keeps the origin of the file that wrote it.
   */
  public static Doc merge(Doc parent, Doc child) {
    Map<String, Origin> values = new HashMap<>(parent.values());
    Map<String, Origin> keys = new HashMap<>(parent.keys());
    Object root = mergeValue(deepCopy(parent.root()), child.root(), "", child, values, keys);
    return new Doc(child.file(), root, values, keys);
  }

  @SuppressWarnings("unchecked")
  private static Object mergeValue(
      Object base,
      Object over,
      String ptr,
      Doc child,
      Map<String, Origin> values,
      Map<String, Origin> keys) {
    if (base instanceof Map<?, ?> bm && over instanceof Map<?, ?> om) {
      Map<String, Object> out = (Map<String, Object>) bm;
      putOrigin(values, ptr, child.values().get(ptr));
      for (Map.Entry<String, Object> e : ((Map<String, Object>) om).entrySet()) {
        String p = Pointers.child(ptr, e.getKey());
        putOrigin(keys, p, child.keys().get(p));
        out.put(e.getKey(), mergeValue(out.get(e.getKey()), e.getValue(), p, child, values, keys));
      }
      return out;
    }
    replaceOrigins(ptr, values, keys, child.values(), child.keys());
    return deepCopy(over);
  }

  private static void putOrigin(Map<String, Origin> m, String p, Origin o) {
    if (o != null) {
      m.put(p, o);
    }
  }

  /** Drops every origin at or under {@code ptr} and copies those of {@code from} instead. */
  public static void replaceOrigins(
      String ptr,
      Map<String, Origin> values,
      Map<String, Origin> keys,
      Map<String, Origin> fromValues,
      Map<String, Origin> fromKeys) {
    String prefix = ptr + "/";
    values.keySet().removeIf(k -> k.equals(ptr) || k.startsWith(prefix));
    keys.keySet().removeIf(k -> k.startsWith(prefix));
    fromValues.forEach(
        (k, o) -> {
          if (k.equals(ptr) || k.startsWith(prefix)) {
            values.put(k, o);
          }
        });
    fromKeys.forEach(
        (k, o) -> {
          if (k.equals(ptr) || k.startsWith(prefix)) {
            keys.put(k, o);
          }
        });
  }
}

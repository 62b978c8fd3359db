package dtk.spec.internal;

import dtk.spec.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * What the schema allows at a path of keys ({@code kernel.variants.rt.enabled}): the JSON types a
 * value there may have, or the first key the schema does not know. Follows {@code properties},
 * {@code additionalProperties}, {@code items}, local {@code $ref}s and the branches of {@code
 * oneOf}, {@code anyOf} and of an {@code if}/{@code then}/{@code else} that stands for a choice of
 * types (a node without a {@code type} of its own).
 */
public final class SchemaKeys {
  private SchemaKeys() {}

  /**
   * The outcome of a lookup: {@code types} (string, boolean, integer, number, array, object, null)
   * when every key is known, else {@code unknownAt} (index of the first unknown key) and a {@code
   * message} naming it, with the closest known key when there is one.
   */
  public record Lookup(Set<String> types, int unknownAt, String message) {
    public boolean known() {
      return unknownAt < 0;
    }
  }

  /** Looks up {@code keys} (list items are addressed by any key: an index or a name). */
  public static Lookup lookup(List<String> keys) {
    SchemaValidator v = SchemaValidator.get();
    List<JsonNode> cur = expand(v, v.schemaAt(""), 0);
    String pointer = "";
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      List<JsonNode> next = new ArrayList<>();
      Set<String> known = new TreeSet<>();
      boolean object = false;
      for (JsonNode n : cur) {
        JsonNode props = n.get("properties");
        if (props != null && props.has(key)) {
          next.addAll(expand(v, props.get(key), 0));
        } else if (n.has("additionalProperties") && n.get("additionalProperties").isObject()) {
          next.addAll(expand(v, n.get("additionalProperties"), 0));
        } else if (n.has("items") && n.get("items").isObject()) {
          next.addAll(expand(v, n.get("items"), 0));
        }
        if (props != null) {
          object = true;
          props.propertyNames().forEach(known::add);
        }
      }
      if (next.isEmpty()) {
        String where = pointer.isEmpty() ? "" : " in " + Pointers.display(pointer);
        String message;
        if (object || pointer.isEmpty()) {
          message = "unknown key '" + key + "'" + where + Suggest.didYouMean(key, known);
        } else {
          message =
              Pointers.display(pointer)
                  + " is "
                  + article(describe(types(cur)))
                  + ", it has no key '"
                  + key
                  + "'";
        }
        return new Lookup(Set.of(), i, message);
      }
      cur = next;
      pointer = Pointers.child(pointer, key);
    }
    return new Lookup(types(cur), -1, null);
  }

  /** The types the nodes allow, in a fixed order. */
  private static Set<String> types(List<JsonNode> nodes) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode n : nodes) {
      JsonNode t = n.get("type");
      if (t != null && t.isString()) {
        out.add(t.asString());
      } else if (t != null && t.isArray()) {
        t.forEach(x -> out.add(x.asString()));
      } else if (n.has("enum") || n.has("const")) {
        List<JsonNode> values = new ArrayList<>();
        if (n.has("const")) {
          values.add(n.get("const"));
        } else {
          n.get("enum").forEach(values::add);
        }
        for (JsonNode x : values) {
          out.add(
              x.isString()
                  ? "string"
                  : x.isBoolean()
                      ? "boolean"
                      : x.isIntegralNumber()
                          ? "integer"
                          : x.isNumber()
                              ? "number"
                              : x.isArray() ? "array" : x.isObject() ? "object" : "null");
        }
      } else if (n.has("properties")) {
        out.add("object");
      } else if (n.has("items")) {
        out.add("array");
      }
    }
    return out;
  }

  /** A type set as users read it: "a string", "a list or a map". */
  public static String describe(Set<String> types) {
    List<String> words = new ArrayList<>();
    for (String t : types) {
      words.add(
          switch (t) {
            case "array" -> "list";
            case "object" -> "map";
            default -> t;
          });
    }
    return words.isEmpty() ? "value" : String.join(" or ", words);
  }

  private static String article(String words) {
    return (words.matches("^[aeiou].*") ? "an " : "a ") + words;
  }

  /** A node and, for a choice of types, its branches; {@code $ref}s resolved. */
  private static List<JsonNode> expand(SchemaValidator v, JsonNode n, int depth) {
    List<JsonNode> out = new ArrayList<>();
    if (n == null || !n.isObject() || depth > 16) {
      return out;
    }
    if (n.has("$ref") && n.get("$ref").asString().startsWith("#")) {
      out.addAll(expand(v, v.schemaAt(n.get("$ref").asString().substring(1)), depth + 1));
      return out;
    }
    boolean choice = false;
    for (String k : List.of("oneOf", "anyOf")) {
      if (n.has(k) && n.get(k).isArray()) {
        n.get(k).forEach(b -> out.addAll(expand(v, b, depth + 1)));
        choice = true;
      }
    }
    if (!n.has("type") && !n.has("properties") && n.has("if")) {
      for (String k : List.of("then", "else")) {
        if (n.has(k)) {
          out.addAll(expand(v, n.get(k), depth + 1));
          choice = true;
        }
      }
    }
    if (!choice || n.has("type") || n.has("properties") || n.has("items")) {
      out.add(0, n);
    }
    return out;
  }
}

package dtk.spec.internal;

import dtk.spec.Diagnostic;
import dtk.spec.Location;
import dtk.spec.internal.SchemaValidator.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** Turns schema violations into diagnostics that point at the user's text and read as advice. */
public final class SchemaDiagnostics {
  private SchemaDiagnostics() {}

  public static List<Diagnostic> check(Doc doc, Predicate<Violation> keep) {
    SchemaValidator v = SchemaValidator.get();
    List<Diagnostic> out = new ArrayList<>();
    for (Violation x : v.validate(doc.root())) {
      if (keep.test(x)) {
        out.add(map(v, doc, x));
      }
    }
    return out;
  }

  static Diagnostic map(SchemaValidator v, Doc doc, Violation x) {
    String ptr = x.instancePointer();
    String where = Pointers.display(ptr);
    String code = "schema/" + x.keyword();
    JsonNode described = v.describe(ptr);
    String hint = description(described);
    switch (x.keyword()) {
      case "additionalProperties": {
        String key = x.property();
        List<String> allowed = new ArrayList<>();
        JsonNode parent = v.schemaAt(Pointers.parent(x.schemaPointer()));
        if (parent != null && parent.has("properties")) {
          parent.get("properties").propertyNames().forEach(allowed::add);
        }
        Location at = key == null ? doc.valueLocation(ptr) : doc.keyLocation(Pointers.child(ptr, key));
        String in = ptr.isEmpty() ? "" : " in " + where;
        return Diagnostic.error(code, at, "unknown key '" + key + "'" + in + Suggest.didYouMean(String.valueOf(key), allowed),
            allowed.isEmpty() ? null : "allowed keys: " + String.join(", ", allowed));
      }
      case "required": {
        String key = x.property();
        Location at = ptr.isEmpty() ? doc.valueLocation("") : doc.keyLocation(ptr);
        String in = ptr.isEmpty() ? "" : " in " + where;
        String keyHint = description(v.describe(Pointers.child(ptr, String.valueOf(key))));
        return Diagnostic.error(code, at, "missing required key '" + key + "'" + in, keyHint);
      }
      case "enum": {
        JsonNode en = v.schemaAt(x.schemaPointer());
        List<String> options = new ArrayList<>();
        if (en != null && en.isArray()) {
          en.forEach(o -> options.add(o.asString()));
        }
        Object actual = valueAt(doc.root(), ptr);
        String shown = actual instanceof String s ? "'" + s + "'" : String.valueOf(actual);
        String dym = actual instanceof String s ? Suggest.didYouMean(s, options) : "";
        return Diagnostic.error(code, doc.valueLocation(ptr),
            where + ": " + shown + " is not one of " + String.join(", ", options) + dym, hint);
      }
      case "pattern": {
        Object actual = valueAt(doc.root(), ptr);
        JsonNode p = v.schemaAt(x.schemaPointer());
        String regex = p == null ? "" : " " + p.asString();
        return Diagnostic.error(code, doc.valueLocation(ptr),
            where + ": '" + actual + "' does not match the pattern" + regex, hint);
      }
      case "propertyNames": {
        String key = x.property();
        Object[] args = x.arguments();
        String why = args != null && args.length > 1 ? String.valueOf(args[1]) : x.message();
        JsonNode names = v.schemaAt(x.schemaPointer());
        JsonNode namesSchema = names == null ? null : names.has("$ref") ? v.schemaAt(names.get("$ref").asString().substring(1)) : names;
        String nameHint = description(namesSchema);
        Location at = key == null ? doc.valueLocation(ptr) : doc.keyLocation(Pointers.child(ptr, key));
        return Diagnostic.error(code, at, where + ": key '" + key + "' is not valid: " + why, nameHint != null ? nameHint : hint);
      }
      case "not": {
        JsonNode n = v.schemaAt(x.schemaPointer());
        String text = n != null && n.has("description") ? n.get("description").asString() : x.message();
        return Diagnostic.error(code, doc.keyLocation(ptr), text, null);
      }
      case "type": {
        if (ptr.isEmpty()) {
          Object root = doc.root();
          String what = root instanceof List<?> ? "a list" : root instanceof String ? "a single string" : "a single value";
          return Diagnostic.error(code, doc.valueLocation(ptr), "a spec is a mapping of keys; this file holds " + what,
              "start with apiVersion: dtk/v1 and kind: DriverToolkit, one key per line");
        }
        return Diagnostic.error(code, doc.valueLocation(ptr), where + ": " + x.message(), hint);
      }
      case "limit":
        return Diagnostic.error("schema/limit", doc.valueLocation(""), x.message(), null);
      default:
        return Diagnostic.error(code, doc.valueLocation(ptr), where + ": " + x.message(), hint);
    }
  }

  private static String description(JsonNode n) {
    return n != null && n.has("description") ? n.get("description").asString() : null;
  }

  static Object valueAt(Object root, String ptr) {
    Object cur = root;
    for (String t : Pointers.tokens(ptr)) {
      if (cur instanceof java.util.Map<?, ?> m) {
        cur = m.get(t);
      } else if (cur instanceof List<?> l) {
        try {
          cur = l.get(Integer.parseInt(t));
        } catch (RuntimeException e) {
          return null;
        }
      } else {
        return null;
      }
    }
    return cur;
  }
}

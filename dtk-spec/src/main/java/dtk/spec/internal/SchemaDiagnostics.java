package dtk.spec.internal;

import dtk.spec.Diagnostic;
import dtk.spec.DiagnosticCode;
import dtk.spec.Location;
import dtk.spec.Suggest;
import dtk.spec.internal.SchemaValidator.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** Turns schema violations into diagnostics that point at the user's text and read as advice. */
public final class SchemaDiagnostics {
  /**
   * Each pattern of the schema, said in words for people (a test checks every pattern has its
   * words; a pattern without them is shown as is).
   */
  public static final java.util.Map<String, String> PATTERN_WORDS =
      java.util.Map.ofEntries(
          java.util.Map.entry("^[a-z0-9.-]+/v[0-9]+[a-z0-9]*$", "GROUP/vN, such as dtk/v1"),
          java.util.Map.entry(
              "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",
              "lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters"),
          java.util.Map.entry(
              "^[^\\s]+\\.ya?ml$", "a path without spaces that ends in .yaml or .yml"),
          java.util.Map.entry("^[^\\s]+$", "one word, without spaces or line breaks"),
          java.util.Map.entry(
              "^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?$",
              "a host name (letters, digits, '.' and '-') with an optional :port, such as quay.io or 127.0.0.1:5000"),
          java.util.Map.entry(
              "^([a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*)?$",
              "lower-case letters and digits, with single '.', '_', '__' or '-' between them and '/' between path"
                  + " components (or nothing at all), such as centos or my-team/drivers"),
          java.util.Map.entry(
              "^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$",
              "lower-case letters and digits, with single '.', '_', '__' or '-' between them and '/' between path"
                  + " components, such as driver-toolkit"),
          java.util.Map.entry(
              "^[A-Za-z_][A-Za-z0-9_]*$", "letters, digits and '_', not starting with a digit"),
          java.util.Map.entry(
              "^[a-z_][a-z0-9_-]{0,31}$",
              "lower-case letters, digits, '_' and '-', starting with a letter or '_', at most 32 characters"),
          java.util.Map.entry(
              "^[A-Za-z0-9][A-Za-z0-9._:/@-]*$",
              "an image reference: letters, digits and . _ : / @ -, such as quay.io/centos/centos:stream9"),
          java.util.Map.entry(
              "^([A-Za-z0-9_.+-]|\\$\\{[^}]*\\})+$",
              "letters, digits, '_', '.', '+', '-' and ${...} references, such as \"${kernel.version}\""),
          java.util.Map.entry(
              "^[0-9][A-Za-z0-9._+~-]*$",
              "a kernel release: a digit, then letters, digits and . _ + ~ -, such as 5.14.0-498.el9"),
          java.util.Map.entry(
              "^[A-Za-z0-9][A-Za-z0-9._-]*$",
              "letters, digits, '.', '_' and '-', starting with a letter or digit"),
          java.util.Map.entry(
              "^[A-Za-z_][A-Za-z0-9_-]*$",
              "letters, digits, '_' and '-', starting with a letter or '_'"),
          java.util.Map.entry(
              "^[a-z0-9][a-z0-9_-]*$",
              "lower-case letters, digits, '_' and '-', starting with a letter or digit"),
          java.util.Map.entry(
              "^[A-Za-z0-9_.:-]+$", "letters, digits and . _ : -, such as rt or baseos-debug"),
          java.util.Map.entry("^[A-Za-z0-9_.-]+$", "letters, digits, '.', '_' and '-'"),
          java.util.Map.entry(
              "^[A-Za-z0-9]([A-Za-z0-9._+*-]|\\$\\(ARCH\\))*$",
              "a package name (letters, digits and . _ + -), with one * for the kernel and $(ARCH) for the Debian arch"
                  + " in an apt name, such as linux-headers-*-$(ARCH) or kernel-devel"));

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
    String code = DiagnosticCode.schema(x.keyword());
    JsonNode described = v.describe(ptr);
    String hint = description(described);
    switch (x.keyword()) {
      case "additionalProperties":
        {
          String key = x.property();
          List<String> allowed = new ArrayList<>();
          JsonNode parent = v.schemaAt(Pointers.parent(x.schemaPointer()));
          if (parent != null && parent.has("properties")) {
            parent.get("properties").propertyNames().forEach(allowed::add);
          }
          Location at =
              key == null ? doc.valueLocation(ptr) : doc.keyLocation(Pointers.child(ptr, key));
          String in = ptr.isEmpty() ? "" : " in " + where;
          return Diagnostic.error(
              code,
              at,
              "unknown key '" + key + "'" + in + Suggest.didYouMean(String.valueOf(key), allowed),
              allowed.isEmpty() ? null : "allowed keys: " + String.join(", ", allowed));
        }
      case "required":
        {
          String key = x.property();
          Location at = ptr.isEmpty() ? doc.valueLocation("") : doc.keyLocation(ptr);
          String in = ptr.isEmpty() ? "" : " in " + where;
          String keyHint = description(v.describe(Pointers.child(ptr, String.valueOf(key))));
          return Diagnostic.error(code, at, "missing required key '" + key + "'" + in, keyHint);
        }
      case "enum":
        {
          JsonNode en = v.schemaAt(x.schemaPointer());
          List<String> options = new ArrayList<>();
          if (en != null && en.isArray()) {
            en.forEach(o -> options.add(o.asString()));
          }
          Object actual = valueAt(doc.root(), ptr);
          String shown = actual instanceof String s ? "'" + s + "'" : String.valueOf(actual);
          String dym = actual instanceof String s ? Suggest.didYouMean(s, options) : "";
          return Diagnostic.error(
              code,
              doc.valueLocation(ptr),
              where + ": " + shown + " is not one of " + String.join(", ", options) + dym,
              hint);
        }
      case "pattern":
        {
          Object actual = valueAt(doc.root(), ptr);
          JsonNode p = v.schemaAt(x.schemaPointer());
          String regex = p == null ? "" : p.asString();
          String words = PATTERN_WORDS.get(regex);
          return Diagnostic.error(
              code,
              doc.valueLocation(ptr),
              where
                  + ": '"
                  + actual
                  + "' is not allowed here: "
                  + (words != null ? "use " + words : "it must match the pattern " + regex),
              hint);
        }
      case "propertyNames":
        {
          String key = x.property();
          Object[] args = x.arguments();
          String why = args != null && args.length > 1 ? String.valueOf(args[1]) : x.message();
          JsonNode names = v.schemaAt(x.schemaPointer());
          JsonNode namesSchema =
              names == null
                  ? null
                  : names.has("$ref")
                      ? v.schemaAt(names.get("$ref").asString().substring(1))
                      : names;
          String nameHint = description(namesSchema);
          Location at =
              key == null ? doc.valueLocation(ptr) : doc.keyLocation(Pointers.child(ptr, key));
          return Diagnostic.error(
              code,
              at,
              where + ": key '" + key + "' is not valid: " + why,
              nameHint != null ? nameHint : hint);
        }
      case "not":
        {
          JsonNode n = v.schemaAt(x.schemaPointer());
          String text =
              n != null && n.has("description") ? n.get("description").asString() : x.message();
          return Diagnostic.error(code, doc.keyLocation(ptr), text, null);
        }
      case "type":
        {
          if (ptr.isEmpty()) {
            Object root = doc.root();
            String what =
                root instanceof List<?>
                    ? "a list"
                    : root instanceof String ? "a single string" : "a single value";
            return Diagnostic.error(
                code,
                doc.valueLocation(ptr),
                "a spec is a mapping of keys; this file holds " + what,
                "start with apiVersion: dtk/v1 and kind: DriverToolkit, one key per line");
          }
          return Diagnostic.error(code, doc.valueLocation(ptr), where + ": " + x.message(), hint);
        }
      case "limit":
        return Diagnostic.error(
            DiagnosticCode.SCHEMA_LIMIT, doc.valueLocation(""), x.message(), null);
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

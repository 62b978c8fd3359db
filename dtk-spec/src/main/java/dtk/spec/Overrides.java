package dtk.spec;

import dtk.spec.internal.Doc;
import dtk.spec.internal.Origin;
import dtk.spec.internal.Pointers;
import dtk.spec.internal.SchemaKeys;
import dtk.spec.internal.SourceText;
import dtk.spec.internal.Trees;
import dtk.spec.internal.YamlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --set path=value} arguments, applied to every loaded spec after {@code extends} and before
 * schema validation, so an override is checked exactly like the file.
 *
 * <pre>
 * image.registry=127.0.0.1:5000            a string: the text as typed, whatever it holds ("a #b", "", "{x}")
 * kernel.version=6.1.0-27-amd64            also drops kernel.versions (and the other way round)
 * kernel.variants.rt.enabled=true          a list element by its name ...
 * kernel.variants[0].enabled=true          ... or by index (also kernel.variants.0.enabled)
 * platforms=[x86_64]                       a flow list
 * labels.io.k8s.description=Driver kit     labels and build.args take the rest of the path as the key
 * centos:image.tag=test                    only for the spec whose metadata.name is centos
 * labels.version=1.10                      a number where the schema wants a string stays "1.10"
 * verify.canary=true  build.user.uid=1001   booleans and integers parse strictly (no yes, 1e3, 0x10)
 * </pre>
 *
 * The schema type of the key decides how the value is read (see {@link #convert}); a key the schema
 * does not have is an error naming the closest one.
 *
 * <p>A malformed argument or a path that does not fit a spec is a {@link Diagnostic} whose location
 * is the argument ({@code --set[2]:1:COL}), never an exception.
 */
public final class Overrides {
  private static final Overrides NONE = new Overrides(List.of(), List.of(), List.of());
  private static final Set<String> FREE_FORM_MAPS = Set.of("/labels", "/build/args");
  private static final Set<String> FIXED = Set.of("apiVersion", "kind", "extends");

  private final List<String> arguments;
  private final List<Entry> entries;
  private final List<Diagnostic> problems;

  /** One parsed argument; {@code pathColumn}/{@code valueColumn} are 0-based columns in it. */
  record Entry(
      int number, String argument, String target, List<Segment> path, int pathColumn, Doc value) {}

  /** A path step: a key, or a list element by index or by name. */
  record Segment(String text, int column, boolean bracketed) {}

  private Overrides(List<String> arguments, List<Entry> entries, List<Diagnostic> problems) {
    this.arguments = List.copyOf(arguments);
    this.entries = List.copyOf(entries);
    this.problems = List.copyOf(problems);
  }

  public static Overrides none() {
    return NONE;
  }

  /** Parses {@code --set} arguments; malformed ones become {@link #problems()}. */
  public static Overrides parse(List<String> arguments) {
    if (arguments == null || arguments.isEmpty()) {
      return NONE;
    }
    List<Entry> entries = new ArrayList<>();
    List<Diagnostic> problems = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      parseOne(i + 1, arguments.get(i), entries, problems);
    }
    return new Overrides(arguments, entries, problems);
  }

  public boolean isEmpty() {
    return arguments.isEmpty();
  }

  /** The arguments as given. */
  public List<String> arguments() {
    return arguments;
  }

  /** Arguments that could not be parsed at all. */
  public List<Diagnostic> problems() {
    return problems;
  }

  static Path argumentPath(int number) {
    return Path.of("--set[" + number + "]");
  }

  private static void parseOne(
      int number, String arg, List<Entry> entries, List<Diagnostic> problems) {
    Path file = argumentPath(number);
    SourceText src = new SourceText(file, arg);
    int eq = arg.indexOf('=');
    if (eq <= 0) {
      problems.add(
          Diagnostic.error(
              DiagnosticCode.OVERRIDE_SYNTAX,
              new Location(file, 1, 1),
              "'" + arg + "' is not path=value",
              "write e.g. --set image.registry=127.0.0.1:5000"));
      return;
    }
    String left = arg.substring(0, eq);
    String target = null;
    int pathStart = 0;
    int colon = left.indexOf(':');
    if (colon >= 0) {
      target = left.substring(0, colon);
      pathStart = colon + 1;
      if (!target.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")) {
        problems.add(
            Diagnostic.error(
                DiagnosticCode.OVERRIDE_SYNTAX,
                new Location(file, 1, 1),
                "'" + target + "' is not a target name in '" + arg + "'",
                "write TARGET:path=value, e.g. centos:image.tag=test"));
        return;
      }
    }
    List<Segment> path = new ArrayList<>();
    String err = segments(left, pathStart, path);
    if (err != null) {
      int col = path.isEmpty() ? pathStart : path.get(path.size() - 1).column();
      problems.add(
          Diagnostic.error(
              DiagnosticCode.OVERRIDE_SYNTAX,
              new Location(file, 1, col + 1),
              err + " in '" + arg + "'",
              "a path is keys separated by '.', e.g. kernel.variants.rt.enabled"));
      return;
    }
    List<String> keys = new ArrayList<>();
    List<Integer> columns = new ArrayList<>();
    effectiveKeys(path, keys, columns);
    SchemaKeys.Lookup lookup = SchemaKeys.lookup(keys);
    if (!lookup.known()) {
      problems.add(
          Diagnostic.error(
              DiagnosticCode.OVERRIDE_UNKNOWN_KEY,
              new Location(file, 1, columns.get(lookup.unknownAt()) + 1),
              "cannot apply '" + arg + "': " + lookup.message(),
              "check the path against the schema (schemas/dtk-spec.schema.json), e.g. image.tag or kernel.variants.rt.enabled"));
      return;
    }
    Doc value = convert(src, left.substring(pathStart), eq, lookup.types(), problems);
    if (value == null) {
      return;
    }
    entries.add(new Entry(number, arg, target, path, pathStart, value));
  }

  /**
   * The keys a path sets, as the schema sees them: below {@code labels} and {@code build.args} the
   * rest of the path is one key ({@code labels.io.k8s.description}), as {@link #apply} does.
   */
  private static void effectiveKeys(List<Segment> path, List<String> keys, List<Integer> columns) {
    String ptr = "";
    for (int i = 0; i < path.size(); i++) {
      Segment s = path.get(i);
      if (FREE_FORM_MAPS.contains(ptr) && !s.bracketed()) {
        StringBuilder joined = new StringBuilder(s.text());
        for (int j = i + 1; j < path.size(); j++) {
          joined.append('.').append(path.get(j).text());
        }
        keys.add(joined.toString());
        columns.add(s.column());
        return;
      }
      keys.add(s.text());
      columns.add(s.column());
      ptr = Pointers.child(ptr, s.text());
    }
  }

  private static final java.util.regex.Pattern INTEGER =
      java.util.regex.Pattern.compile("[+-]?[0-9]+");
  private static final java.util.regex.Pattern NUMBER =
      java.util.regex.Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");

  /**
   * The value of an argument, converted by the schema type of the key it sets: the text itself
   * for a string, {@code true}/{@code false} for a boolean, digits for an integer, a YAML flow
   * value for a list or a map. Where several types are allowed the value's shape picks one: a
   * leading {@code [} a list, a leading {@code {} a map, otherwise the first scalar type it fits.
   * Null (with a problem added) when the text is none of the allowed types.
   */
  private static Doc convert(
      SourceText src, String key, int eq, Set<String> types, List<Diagnostic> problems) {
    String arg = src.text();
    Path file = src.file();
    String text = arg.substring(eq + 1);
    Map<String, Origin> values = new HashMap<>();
    values.put("", new Origin(src, 0, eq + 1, 0, arg.length()));
    boolean list = types.contains("array") && text.startsWith("[");
    boolean map = types.contains("object") && text.startsWith("{");
    if (list || map) {
      YamlReader.Result r = YamlReader.parse(src, " ".repeat(eq + 1) + text);
      String expected = list ? "list" : "map";
      if (r.doc() != null
          && (list ? r.doc().root() instanceof List<?> : r.doc().root() instanceof Map<?, ?>)) {
        return r.doc();
      }
      String why =
          r.doc() == null
              ? r.diagnostics().stream().map(Diagnostic::message).findFirst().orElse("no value")
              : "it is not a " + expected;
      Location at =
          r.diagnostics().stream()
              .map(Diagnostic::at)
              .filter(l -> l.line() > 0)
              .findFirst()
              .orElse(new Location(file, 1, eq + 2));
      problems.add(
          typeError(
              at,
              arg,
              key
                  + " takes a "
                  + expected
                  + ", and '"
                  + text
                  + "' is not a valid YAML flow "
                  + expected
                  + ": "
                  + why,
              key,
              types));
      return null;
    }
    if (types.contains("string") || types.isEmpty()) {
      return new Doc(file, text, values, new HashMap<>());
    }
    if (types.contains("boolean") && (text.equals("true") || text.equals("false"))) {
      return new Doc(file, Boolean.valueOf(text), values, new HashMap<>());
    }
    if ((types.contains("integer") || types.contains("number"))
        && INTEGER.matcher(text).matches()) {
      java.math.BigInteger n =
          new java.math.BigInteger(text.startsWith("+") ? text.substring(1) : text);
      Object v =
          n.bitLength() < 32
              ? (Object) n.intValue()
              : n.bitLength() < 64 ? (Object) n.longValue() : n;
      return new Doc(file, v, values, new HashMap<>());
    }
    if (types.contains("number") && NUMBER.matcher(text).matches()) {
      return new Doc(file, Double.valueOf(text), values, new HashMap<>());
    }
    problems.add(
        typeError(
            new Location(file, 1, eq + 2),
            arg,
            key
                + " takes "
                + article(SchemaKeys.describe(types))
                + ", not "
                + (text.isEmpty() ? "an empty value" : "'" + text + "'"),
            key,
            types));
    return null;
  }

  private static String article(String words) {
    return (words.matches("^[aeiou].*") ? "an " : "a ") + words;
  }

  private static Diagnostic typeError(
      Location at, String arg, String message, String key, Set<String> types) {
    List<String> forms = new ArrayList<>();
    for (String t : types) {
      switch (t) {
        case "boolean" -> forms.add("true or false, e.g. --set " + key + "=true");
        case "integer" -> forms.add("digits with an optional sign, e.g. --set " + key + "=1001");
        case "number" -> forms.add("a decimal number, e.g. --set " + key + "=1.5");
        case "array" -> forms.add("a YAML flow list, e.g. --set '" + key + "=[a, b]'");
        case "object" -> forms.add("a YAML flow map, e.g. --set '" + key + "={key: value}'");
        default -> {}
      }
    }
    return Diagnostic.error(
        DiagnosticCode.OVERRIDE_TYPE,
        at,
        "cannot apply '" + arg + "': " + message,
        "write " + String.join("; or ", forms));
  }

  private static String segments(String left, int start, List<Segment> out) {
    int i = start;
    int n = left.length();
    while (i < n) {
      if (left.charAt(i) == '[') {
        int close = left.indexOf(']', i);
        if (close < 0) {
          out.add(new Segment("", i, true));
          return "unclosed '['";
        }
        out.add(new Segment(left.substring(i + 1, close), i, true));
        i = close + 1;
        if (i < n && left.charAt(i) == '.') {
          i++;
        } else if (i < n && left.charAt(i) != '[') {
          return "expected '.' after ']'";
        }
        continue;
      }
      int j = i;
      while (j < n && left.charAt(j) != '.' && left.charAt(j) != '[') {
        j++;
      }
      String key = left.substring(i, j);
      out.add(new Segment(key, i, false));
      if (key.isEmpty()) {
        return "empty key";
      }
      i = j;
      if (i < n && left.charAt(i) == '.') {
        i++;
        if (i == n) {
          out.add(new Segment("", i, false));
          return "empty key";
        }
      }
    }
    if (out.isEmpty()) {
      return "empty path";
    }
    return null;
  }

  /**
   * What applying the overrides to one spec did: {@code errors} (located at the argument), and the
   * untargeted entries whose path this spec does not have ({@code unapplied}, by argument number),
   * which are an error only when no spec of the set has the path.
   */
  record Applied(List<Diagnostic> errors, Map<Integer, Miss> unapplied) {}

  /**
   * Why an untargeted entry does not fit the spec {@code spec} (may be null), at {@code column}.
   */
  record Miss(String spec, String message, int column) {
    @Override
    public String toString() {
      return (spec == null ? "" : spec + ": ") + message;
    }
  }

  /**
   * Applies every entry that concerns {@code doc} (a merged, mutable spec named {@code name}). An
   * entry without a {@code TARGET:} prefix applies to every spec where its path exists; one with a
   * prefix must fit the spec it names.
   */
  Applied applyTo(Doc doc, String name) {
    List<Diagnostic> out = new ArrayList<>();
    Map<Integer, Miss> unapplied = new LinkedHashMap<>();
    for (Entry e : entries) {
      if (e.target() != null && !e.target().equals(name)) {
        continue;
      }
      Problem problem = apply(doc, e, true);
      if (problem == null) {
        apply(doc, e, false);
      } else if (e.target() == null && !problem.always()) {
        unapplied.put(e.number(), new Miss(name, problem.message(), problem.column()));
      } else {
        out.add(
            pathError(
                e,
                problem.column(),
                (name == null ? "" : " to " + name) + ": " + problem.message()));
      }
    }
    return new Applied(out, unapplied);
  }

  /**
   * The untargeted entries that applied to none of the specs ({@code perSpec}: each spec's {@link
   * Applied#unapplied()}; a spec where an entry applied lacks its number).
   */
  List<Diagnostic> appliedNowhere(List<Map<Integer, Miss>> perSpec) {
    List<Diagnostic> out = new ArrayList<>();
    if (perSpec.isEmpty()) {
      return out;
    }
    for (Entry e : entries) {
      if (e.target() != null || !perSpec.stream().allMatch(m -> m.containsKey(e.number()))) {
        continue;
      }
      List<String> why = new ArrayList<>();
      perSpec.forEach(m -> why.add(m.get(e.number()).toString()));
      Miss first = perSpec.get(0).get(e.number());
      out.add(
          pathError(
              e,
              first.column(),
              perSpec.size() == 1
                  ? (first.spec() == null ? "" : " to " + first.spec()) + ": " + first.message()
                  : " to any spec: " + String.join("; ", why)));
    }
    return out;
  }

  private static Diagnostic pathError(Entry e, int column, String what) {
    String path = e.argument().substring(e.pathColumn(), e.argument().indexOf('='));
    String example =
        List.of("kernel.variants.rt.enabled", "packages[0]", "image.tag").stream()
            .filter(x -> !x.equals(path))
            .limit(2)
            .reduce((a, b) -> a + " or " + b)
            .orElseThrow();
    return Diagnostic.error(
        DiagnosticCode.OVERRIDE_PATH,
        new Location(argumentPath(e.number()), 1, column + 1),
        "cannot apply '" + e.argument() + "'" + what,
        "check the path against the spec (keys separated by '.', a list item by its name or [index]), e.g. "
            + example);
  }

  /** Whether an entry names a target that is not among {@code names}. */
  List<Diagnostic> unknownTargets(Set<String> names) {
    List<Diagnostic> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.target() != null && !names.contains(e.target())) {
        out.add(
            Diagnostic.error(
                DiagnosticCode.OVERRIDE_TARGET,
                new Location(argumentPath(e.number()), 1, 1),
                "no spec named '" + e.target() + "' for '" + e.argument() + "'",
                Suggest.closest(e.target(), names) == null
                    ? "targets: " + String.join(", ", names)
                    : "did you mean '" + Suggest.closest(e.target(), names) + "'?"));
      }
    }
    return out;
  }

  /** Why an entry does not fit a spec; {@code always}: not a matter of this spec's content. */
  private record Problem(String message, int column, boolean always) {
    Problem(String message, int column) {
      this(message, column, false);
    }
  }

  @SuppressWarnings("unchecked")
  private static Problem apply(Doc doc, Entry e, boolean dryRun) {
    if (!(doc.root() instanceof Map<?, ?>)) {
      return new Problem("the spec is not a mapping", e.pathColumn());
    }
    String head = e.path().get(0).text();
    if (FIXED.contains(head)) {
      return new Problem(
          head + " cannot be overridden: it says what the file is", e.pathColumn(), true);
    }
    SourceText src = new SourceText(argumentPath(e.number()), e.argument());
    Object cur = doc.root();
    String ptr = "";
    List<Segment> path = e.path();
    for (int i = 0; i < path.size(); i++) {
      Segment s = path.get(i);
      boolean last = i == path.size() - 1;
      String key = s.text();
      if (cur instanceof Map<?, ?> raw && FREE_FORM_MAPS.contains(ptr) && !s.bracketed()) {
        StringBuilder joined = new StringBuilder(key);
        for (int j = i + 1; j < path.size(); j++) {
          joined.append('.').append(path.get(j).text());
        }
        key = joined.toString();
        last = true;
        i = path.size() - 1;
      }
      Origin keyOrigin = new Origin(src, 0, s.column(), 0, s.column() + key.length());
      if (cur instanceof Map<?, ?> raw) {
        Map<String, Object> m = (Map<String, Object>) raw;
        String p = Pointers.child(ptr, key);
        if (last && dryRun) {
          return null;
        }
        if (last) {
          set(doc, p, keyOrigin, e.value());
          m.put(key, valueFor(e));
          if (p.equals("/kernel/version")) {
            m.remove("versions");
          } else if (p.equals("/kernel/versions")) {
            m.remove("version");
          }
          return null;
        }
        Object next = m.get(key);
        if (next == null && isArray(p)) {
          next = new ArrayList<Object>(); // a missing list has no item to address: reported below
        } else if (next == null) {
          next = new LinkedHashMap<String, Object>();
          if (!dryRun) {
            m.put(key, next);
            doc.keys().put(p, keyOrigin);
            doc.values().put(p, keyOrigin);
          }
        }
        cur = next;
        ptr = p;
      } else if (cur instanceof List<?> raw) {
        List<Object> l = (List<Object>) raw;
        int index = indexOf(l, key);
        if (index < 0) {
          boolean numeric = !key.isEmpty() && key.chars().allMatch(Character::isDigit);
          return new Problem(
              numeric
                  ? Pointers.display(ptr)
                      + " has "
                      + l.size()
                      + " item(s); there is no ["
                      + key
                      + "]"
                  : Pointers.display(ptr) + " has no item named '" + key + "'" + names(l),
              s.column());
        }
        String p = Pointers.child(ptr, index);
        if (last && dryRun) {
          return null;
        }
        if (last) {
          set(doc, p, keyOrigin, e.value());
          l.set(index, valueFor(e));
          return null;
        }
        cur = l.get(index);
        ptr = p;
      } else {
        return new Problem(
            Pointers.display(ptr) + " is a " + kind(cur) + ", it has no '" + key + "'", s.column());
      }
    }
    return new Problem("empty path", e.pathColumn());
  }

  private static Object valueFor(Entry e) {
    return Trees.deepCopy(e.value().root());
  }

  private static boolean isArray(String pointer) {
    tools.jackson.databind.JsonNode n = dtk.spec.internal.SchemaValidator.get().describe(pointer);
    return n != null && n.has("type") && "array".equals(n.get("type").asString());
  }

  private static void set(Doc doc, String p, Origin keyOrigin, Doc value) {
    Map<String, Origin> values = new HashMap<>();
    value.values().forEach((k, o) -> values.put(p + k, o));
    Map<String, Origin> keys = new HashMap<>();
    value.keys().forEach((k, o) -> keys.put(p + k, o));
    keys.put(p, keyOrigin);
    Trees.replaceOrigins(p, doc.values(), doc.keys(), values, keys);
    doc.keys().put(p, keyOrigin);
  }

  private static int indexOf(List<Object> l, String key) {
    if (!key.isEmpty() && key.chars().allMatch(Character::isDigit) && key.length() < 9) {
      int i = Integer.parseInt(key);
      return i < l.size() ? i : -1;
    }
    for (int i = 0; i < l.size(); i++) {
      if (l.get(i) instanceof Map<?, ?> m && key.equals(m.get("name"))) {
        return i;
      }
      if (key.equals(l.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static String names(List<Object> l) {
    List<String> names = new ArrayList<>();
    for (Object o : l) {
      if (o instanceof Map<?, ?> m && m.get("name") instanceof String s) {
        names.add(s);
      }
    }
    return names.isEmpty() ? "" : " (items: " + String.join(", ", names) + ")";
  }

  private static String kind(Object v) {
    return v == null
        ? "null value"
        : v instanceof String
            ? "string"
            : v instanceof Boolean ? "boolean" : v instanceof Number ? "number" : "value";
  }

  @Override
  public String toString() {
    return "Overrides" + arguments;
  }
}

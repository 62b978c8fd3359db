package dtk.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code ${...}} references in spec strings. Known names: {@code kernel.version}, {@code arch},
 * {@code facts.NAME}, {@code metadata.name}, {@code vcs.ref}. {@code $${} writes a literal
 * {@code ${}; any other {@code $} (dnf's {@code $releasever}, {@code $basearch}) passes through.
 */
public final class Interpolation {
  /** The fixed names; {@code facts.NAME} is checked against the spec's own {@code facts:}. */
  public static final Set<String> NAMES =
      Set.of("kernel.version", "arch", "metadata.name", "vcs.ref");

  private static final Pattern NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*");

  private Interpolation() {}

  /** One {@code ${name}} occurrence; {@code offset} is the index of its {@code $} in the string. */
  public record Reference(String name, int offset) {}

  /** A malformed reference, such as an unterminated {@code ${} or an empty name. */
  public static final class SyntaxException extends IllegalArgumentException {
    private final int offset;

    SyntaxException(String message, int offset) {
      super(message);
      this.offset = offset;
    }

    /** Index in the string where the bad reference starts. */
    public int offset() {
      return offset;
    }
  }

  /** A reference to a name the values do not hold. */
  public static final class UnknownNameException extends IllegalArgumentException {
    private final Reference reference;

    UnknownNameException(Reference reference) {
      super("unknown name '${" + reference.name() + "}'");
      this.reference = reference;
    }

    public Reference reference() {
      return reference;
    }
  }

  /** Every reference in {@code s}, in order; escaped {@code $${} is skipped. */
  public static List<Reference> references(String s) {
    List<Reference> out = new ArrayList<>();
    scan(s, null, out);
    return out;
  }

  /** {@code s} with every reference replaced from {@code values}; {@code $${} becomes {@code ${}. */
  public static String interpolate(String s, Map<String, String> values) {
    StringBuilder b = new StringBuilder(s.length());
    scan(s, values, null).forEach(b::append);
    return b.toString();
  }

  /** Whether {@code s} holds a reference (so its value depends on the target). */
  public static boolean hasReferences(String s) {
    return !references(s).isEmpty();
  }

  private static List<String> scan(String s, Map<String, String> values, List<Reference> refs) {
    List<String> parts = new ArrayList<>();
    int i = 0;
    int literalStart = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '$' && s.startsWith("$${", i)) {
        parts.add(s.substring(literalStart, i));
        parts.add("${");
        i += 3;
        literalStart = i;
      } else if (c == '$' && s.startsWith("${", i)) {
        int end = s.indexOf('}', i + 2);
        if (end < 0) {
          throw new SyntaxException(
              "unterminated '${': add the closing '}' or write '$${' for a literal '${'", i);
        }
        String name = s.substring(i + 2, end).trim();
        if (!NAME.matcher(name).matches()) {
          throw new SyntaxException(
              "'${" + s.substring(i + 2, end) + "}' is not a name such as ${kernel.version}", i);
        }
        Reference ref = new Reference(name, i);
        if (refs != null) {
          refs.add(ref);
        }
        parts.add(s.substring(literalStart, i));
        if (values != null) {
          String v = values.get(name);
          if (v == null) {
            throw new UnknownNameException(ref);
          }
          parts.add(v);
        }
        i = end + 1;
        literalStart = i;
      } else {
        // on to the next '$' (indexOf is the JVM's vectorised search, not a loop over chars)
        int next = s.indexOf('$', i + 1);
        i = next < 0 ? s.length() : next;
      }
    }
    parts.add(s.substring(literalStart));
    return parts;
  }
}

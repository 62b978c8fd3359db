package dtk.cli.output;

import java.util.Locale;
import java.util.Map;

/**
 * Human descriptions of diagnostic codes for SARIF rules. A code is {@code family/name}
 * ({@code schema/required}, {@code yaml/duplicate-key}); the family decides the description, so
 * a new code gets a sensible rule without touching this class.
 */
final class RuleCatalog {
  private static final String SCHEMA = "schemas/dtk-spec.schema.json";

  /** What a SARIF rule says about a code. */
  record Rule(String id, String name, String shortDescription, String fullDescription, String help) {}

  private static final Map<String, String> SPEC_RULES = Map.ofEntries(
      Map.entry("api-version", "The apiVersion is not one this dtk understands."),
      Map.entry("duplicate-name", "Two specs have the same metadata.name; target names must be unique."),
      Map.entry("duplicate-variant", "Two kernel variants of a spec have the same name."),
      Map.entry("image-ref", "An image reference is not valid."),
      Map.entry("kernel", "The kernel section is incomplete or inconsistent."),
      Map.entry("label-conflict", "A label is both set in 'labels' and removed in 'unsetLabels'."),
      Map.entry("repository-file", "A repository file cannot be used."),
      Map.entry("repository-not-found", "A repository file named in 'repositories' does not exist."),
      Map.entry("secret", "A build secret is not well defined."),
      Map.entry("tag", "An image tag is not valid."),
      Map.entry("variant-platform", "A kernel variant names a platform the spec does not build."));

  private RuleCatalog() {}

  static Rule describe(String code) {
    int slash = code.indexOf('/');
    String family = slash < 0 ? code : code.substring(0, slash);
    String detail = slash < 0 ? "" : code.substring(slash + 1);
    String name = pascalCase(code);
    return switch (family) {
      case "yaml" -> new Rule(
          code,
          name,
          "The file is not a well-formed YAML spec (" + words(detail) + ").",
          "dtk reads each spec as exactly one YAML document of at most 1 MiB of UTF-8 text, "
              + "without duplicate keys, recursive aliases, alias bombs or deep nesting. "
              + "This file breaks that rule: " + words(detail) + ".",
          "Fix the YAML at the reported line and column; an editor with the YAML language "
              + "server shows the same problem as you type.");
      case "schema" -> new Rule(
          code,
          name,
          "The spec violates the schema keyword '" + detail + "'.",
          "The spec does not satisfy the '" + detail + "' constraint of " + SCHEMA
              + ", the single source of truth for the spec language.",
          "See the description of the property in " + SCHEMA
              + " (editors show it through the '# yaml-language-server: $schema=' modeline).");
      case "extends" -> new Rule(
          code,
          name,
          "The spec's 'extends' cannot be applied (" + words(detail) + ").",
          "'extends' names a DriverToolkitDefaults file relative to the spec; it must exist, be "
              + "a DriverToolkitDefaults spec and not lead back to itself.",
          "Check the 'extends' path, relative to the spec that names it.");
      case "path" -> new Rule(
          code,
          name,
          "A path the spec names is refused (" + words(detail) + ").",
          "Every path a spec names ('extends', 'repositories', files of a spec directory) is "
              + "resolved against the file that names it, symbolic links followed, and must stay "
              + "inside the spec root: the directory given on the command line, or the folder of a "
              + "spec file given alone. A refused path is never opened.",
          "Move the file into the spec repository, or pass --allow-path DIR to use a directory "
              + "outside it on purpose.");
      case "interpolation" -> new Rule(
          code,
          name,
          "A ${...} reference cannot be resolved (" + words(detail) + ").",
          "Spec strings may refer to ${kernel.version}, ${arch}, ${facts.NAME}, "
              + "${metadata.name} and ${vcs.ref}; '$${' writes a literal '${'.",
          "Use one of the documented names, declare the fact under 'facts', or escape with '$${'.");
      case "override" -> new Rule(
          code,
          name,
          "A --set override cannot be applied (" + words(detail) + ").",
          "--set PATH=VALUE overrides a value of every spec (TARGET:PATH=VALUE: of one spec) and "
              + "is validated like the file.",
          "Use a dotted path of the spec language, e.g. --set kernel.version=5.14.0-503.el9.");
      case "file" -> new Rule(
          code,
          name,
          "A spec file or directory cannot be read (" + words(detail) + ").",
          "dtk validate reads the files it is given and the *.yaml and *.yml files of the "
              + "directories it is given (not recursively).",
          "Check the path and its permissions.");
      case "spec" -> new Rule(
          code,
          name,
          SPEC_RULES.getOrDefault(detail, "A spec breaks the rule '" + words(detail) + "'."),
          SPEC_RULES.getOrDefault(detail, "A spec breaks the rule '" + words(detail) + "'.")
              + " This is checked after the schema, across the whole spec and spec set.",
          "Read the message and hint of the result; README.md describes the spec language.");
      default -> new Rule(
          code,
          name,
          "dtk check '" + code + "' failed.",
          "The spec set breaks dtk's rule '" + code + "' (" + words(family) + " check"
              + (detail.isEmpty() ? "" : ": " + words(detail)) + ").",
          "Read the message and hint of the result; README.md describes the spec language.");
    };
  }

  /** {@code yaml/duplicate-key} -> {@code YamlDuplicateKey}. */
  static String pascalCase(String code) {
    StringBuilder b = new StringBuilder();
    boolean upper = true;
    for (char c : code.toCharArray()) {
      if (Character.isLetterOrDigit(c)) {
        b.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      } else {
        upper = true;
      }
    }
    return b.toString();
  }

  /** {@code duplicate-key} or {@code duplicateKey} -> {@code duplicate key}. */
  static String words(String s) {
    if (s.isEmpty()) {
      return "general";
    }
    return s.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('-', ' ').replace('_', ' ')
        .toLowerCase(Locale.ROOT);
  }
}

package dtk.cli.output;

import dtk.spec.DiagnosticCode;

/**
 * SARIF rules for diagnostic codes: the descriptions come from the {@link DiagnosticCode} catalog
 * (an uncatalogued code gets its family's wording), the rule name is the code in PascalCase.
 */
final class RuleCatalog {
  /** What a SARIF rule says about a code. */
  record Rule(
      String id, String name, String shortDescription, String fullDescription, String help) {}

  private RuleCatalog() {}

  static Rule describe(String code) {
    DiagnosticCode.Description d = DiagnosticCode.describe(code);
    return new Rule(code, pascalCase(code), d.shortDescription(), d.fullDescription(), d.help());
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
    return DiagnosticCode.words(s);
  }
}

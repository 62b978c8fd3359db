package dtk.spec;

import java.util.function.UnaryOperator;

/**
 * The {@link ValueRules} a spec's literal names must follow, each with the name messages give the
 * value. Loading ({@code Semantics}, on the YAML) and rendering ({@code Renderer}, on the model)
 * both check them through here, so a rule and its wording exist once.
 *
 * <pre>kernel variant name 'r t' cannot name a kernel flavour: use letters, digits and '_', ...
 * </pre>
 */
public enum ValueCheck {
  VARIANT_NAME("kernel variant name", ValueRules::variantName),
  REPOSITORY_ID("repository id", ValueRules::repositoryId),
  REPOSITORY_FILE_NAME("repository file name", ValueRules::repositoryFileName),
  BUILD_ARG_NAME("build argument name", ValueRules::buildArgName),
  SECRET_ID("secret id", ValueRules::secretId),
  USER_NAME("user name", ValueRules::userName);

  private final String what;
  private final UnaryOperator<String> rule;

  ValueCheck(String what, UnaryOperator<String> rule) {
    this.what = what;
    this.rule = rule;
  }

  /** How messages name the value: {@code kernel variant name}. */
  public String what() {
    return what;
  }

  /** What is wrong with {@code value}, or {@code null} when it follows the rule. */
  public String why(String value) {
    return rule.apply(value);
  }

  /** The message for {@code value}, or {@code null} when it follows the rule. */
  public String problem(String value) {
    String why = why(value);
    return why == null ? null : message(what, value, why);
  }

  /**
   * What is wrong with the number of repositories variant {@code name} enables, as a message, or
   * {@code null}.
   */
  public static String variantRepositories(String name, String packageManager, int count) {
    String why = ValueRules.variantRepositories(packageManager, count);
    return why == null ? null : "kernel variant '" + name + "' " + why;
  }

  /**
   * {@code WHAT 'VALUE' WHY}, the value escaped ({@link Printable#escape}): the wording of every
   * broken value rule.
   */
  public static String message(String what, String value, String why) {
    return what + " '" + Printable.escape(value) + "' " + why;
  }
}

package dtk.spec;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The closed catalog of diagnostic codes: every {@link Diagnostic} dtk reports carries the {@link
 * #id()} of one of these, and SARIF rules, the code list in {@code docs/diagnostic-codes.md} and
 * the tests read their descriptions from here.
 *
 * <p>A code is {@code family/name} ({@code schema/required}, {@code yaml/duplicate-key}); the
 * family decides the wording, a spec rule may add its own sentence.
 */
public enum DiagnosticCode {
  YAML_ALIAS_LIMIT(Family.YAML, "alias-limit"),
  YAML_BINARY(Family.YAML, "binary"),
  YAML_DUPLICATE_KEY(Family.YAML, "duplicate-key"),
  YAML_EMPTY(Family.YAML, "empty"),
  YAML_ENCODING(Family.YAML, "encoding"),
  YAML_MULTI_DOCUMENT(Family.YAML, "multi-document"),
  YAML_RECURSIVE_ALIAS(Family.YAML, "recursive-alias"),
  YAML_SYNTAX(Family.YAML, "syntax"),
  YAML_TAG(Family.YAML, "tag"),
  YAML_TOO_DEEP(Family.YAML, "too-deep"),
  YAML_TOO_LARGE(Family.YAML, "too-large"),
  FILE_NO_SPECS(Family.FILE, "no-specs"),
  FILE_NOT_FOUND(Family.FILE, "not-found"),
  FILE_UNREADABLE(Family.FILE, "unreadable"),
  SCHEMA_ADDITIONAL_PROPERTIES(Family.SCHEMA, "additionalProperties"),
  SCHEMA_CONST(Family.SCHEMA, "const"),
  SCHEMA_ENUM(Family.SCHEMA, "enum"),
  SCHEMA_LIMIT(Family.SCHEMA, "limit"),
  SCHEMA_MAX_ITEMS(Family.SCHEMA, "maxItems"),
  SCHEMA_MAX_LENGTH(Family.SCHEMA, "maxLength"),
  SCHEMA_MAXIMUM(Family.SCHEMA, "maximum"),
  SCHEMA_MIN_ITEMS(Family.SCHEMA, "minItems"),
  SCHEMA_MIN_LENGTH(Family.SCHEMA, "minLength"),
  SCHEMA_MINIMUM(Family.SCHEMA, "minimum"),
  SCHEMA_NOT(Family.SCHEMA, "not"),
  SCHEMA_PATTERN(Family.SCHEMA, "pattern"),
  SCHEMA_PROPERTY_NAMES(Family.SCHEMA, "propertyNames"),
  SCHEMA_REQUIRED(Family.SCHEMA, "required"),
  SCHEMA_TYPE(Family.SCHEMA, "type"),
  SCHEMA_UNIQUE_ITEMS(Family.SCHEMA, "uniqueItems"),
  EXTENDS_CYCLE(Family.EXTENDS, "cycle"),
  EXTENDS_NOT_A_SPEC(Family.EXTENDS, "not-a-spec"),
  EXTENDS_NOT_FOUND(Family.EXTENDS, "not-found"),
  EXTENDS_WRONG_KIND(Family.EXTENDS, "wrong-kind"),
  PATH_OUTSIDE_ROOT(Family.PATH, "outside-root"),
  OVERRIDE_PATH(Family.OVERRIDE, "path"),
  OVERRIDE_SYNTAX(Family.OVERRIDE, "syntax"),
  OVERRIDE_TARGET(Family.OVERRIDE, "target"),
  OVERRIDE_TYPE(Family.OVERRIDE, "type"),
  OVERRIDE_UNKNOWN_KEY(Family.OVERRIDE, "unknown-key"),
  INTERPOLATION_SYNTAX(Family.INTERPOLATION, "syntax"),
  INTERPOLATION_UNKNOWN_NAME(Family.INTERPOLATION, "unknown-name"),
  SPEC_API_VERSION(Family.SPEC, "api-version", "The apiVersion is not one this dtk understands."),
  SPEC_BUILD_ARG(Family.SPEC, "build-arg"),
  SPEC_DUPLICATE_NAME(
      Family.SPEC,
      "duplicate-name",
      "Two specs have the same metadata.name; target names must be unique."),
  SPEC_DUPLICATE_VARIANT(
      Family.SPEC, "duplicate-variant", "Two kernel variants of a spec have the same name."),
  SPEC_IMAGE_REF(Family.SPEC, "image-ref", "An image reference is not valid."),
  SPEC_KERNEL(Family.SPEC, "kernel", "The kernel section is incomplete or inconsistent."),
  SPEC_LABEL(Family.SPEC, "label"),
  SPEC_LABEL_CONFLICT(
      Family.SPEC,
      "label-conflict",
      "A label is both set in 'labels' and removed in 'unsetLabels'."),
  SPEC_MODULE(Family.SPEC, "module"),
  SPEC_MODULE_GIT(Family.SPEC, "module-git"),
  SPEC_MODULE_NOT_FOUND(Family.SPEC, "module-not-found"),
  SPEC_PACKAGE(Family.SPEC, "package"),
  SPEC_POLICY_NOT_FOUND(Family.SPEC, "policy-not-found"),
  SPEC_REPOSITORY(Family.SPEC, "repository"),
  SPEC_REPOSITORY_FILE(Family.SPEC, "repository-file", "A repository file cannot be used."),
  SPEC_REPOSITORY_NOT_FOUND(
      Family.SPEC,
      "repository-not-found",
      "A repository file named in 'repositories' does not exist."),
  SPEC_SECRET(Family.SPEC, "secret", "A build secret is not well defined."),
  SPEC_TAG(Family.SPEC, "tag", "An image tag is not valid."),
  SPEC_USER(Family.SPEC, "user"),
  SPEC_VARIANT(Family.SPEC, "variant"),
  SPEC_VARIANT_PLATFORM(
      Family.SPEC,
      "variant-platform",
      "A kernel variant names a platform the spec does not build."),
  RENDER_BASE_IMAGE(Family.RENDER, "base-image"),
  RENDER_BUILD_ARG(Family.RENDER, "build-arg"),
  RENDER_INTERPOLATION(Family.RENDER, "interpolation"),
  RENDER_LABEL(Family.RENDER, "label"),
  RENDER_PACKAGE(Family.RENDER, "package"),
  RENDER_REPOSITORY(Family.RENDER, "repository"),
  RENDER_SECRET(Family.RENDER, "secret"),
  RENDER_TEMPLATE(Family.RENDER, "template"),
  RENDER_UNRESOLVED(Family.RENDER, "unresolved"),
  RENDER_USER(Family.RENDER, "user"),
  RENDER_VALUE(Family.RENDER, "value"),
  PLAN_BASE_DIGEST(Family.PLAN, "base-digest"),
  PLAN_FACT_VALUE(Family.PLAN, "fact-value"),
  PLAN_IMAGE(Family.PLAN, "image"),
  PLAN_KERNEL_VERSION(Family.PLAN, "kernel-version"),
  PLAN_PLATFORM(Family.PLAN, "platform"),
  PLAN_TAG(Family.PLAN, "tag"),
  PLAN_UNPINNED_FACT(Family.PLAN, "unpinned-fact"),
  PLAN_UNPINNED_KERNEL(Family.PLAN, "unpinned-kernel");

  private static final String SCHEMA = "schemas/dtk-spec.schema.json";
  private static final String READ_RESULT =
      "Read the message and hint of the result; README.md describes the spec language.";
  private static final Map<String, DiagnosticCode> BY_ID =
      Stream.of(values())
          .collect(Collectors.toUnmodifiableMap(DiagnosticCode::id, Function.identity()));

  /** What a code's family is about; it decides the descriptions of the family's codes. */
  public enum Family {
    YAML("yaml"),
    FILE("file"),
    SCHEMA("schema"),
    EXTENDS("extends"),
    PATH("path"),
    OVERRIDE("override"),
    INTERPOLATION("interpolation"),
    SPEC("spec"),
    RENDER("render"),
    PLAN("plan");

    private final String id;

    Family(String id) {
      this.id = id;
    }

    /** The part of a code before the slash. */
    public String id() {
      return id;
    }
  }

  /** How a code is described: one sentence, a paragraph and what to try. */
  public record Description(String shortDescription, String fullDescription, String help) {}

  private final Family family;
  private final String detail;
  private final String summary;

  DiagnosticCode(Family family, String detail) {
    this(family, detail, null);
  }

  DiagnosticCode(Family family, String detail, String summary) {
    this.family = family;
    this.detail = detail;
    this.summary = summary;
  }

  /** The stable identifier, {@code family/name}, as printed and used as the SARIF rule id. */
  public String id() {
    return family.id + "/" + detail;
  }

  public Family family() {
    return family;
  }

  /** This code's description, as {@link #describe(String)} gives it for {@link #id()}. */
  public Description description() {
    return describe(id());
  }

  @Override
  public String toString() {
    return id();
  }

  /** The catalog entry with this id. */
  public static Optional<DiagnosticCode> of(String id) {
    return Optional.ofNullable(BY_ID.get(id));
  }

  /**
   * The id for a violated schema keyword: {@code schema/<keyword>}. Every keyword the shipped
   * schema uses has an entry; a keyword a newer validator adds still gets a code of the schema
   * family.
   */
  public static String schema(String keyword) {
    return Family.SCHEMA.id + "/" + keyword;
  }

  /** The description of any code, catalogued or not (an unknown code gets its family's wording). */
  public static Description describe(String code) {
    int slash = code.indexOf('/');
    String family = slash < 0 ? code : code.substring(0, slash);
    String detail = slash < 0 ? "" : code.substring(slash + 1);
    return switch (family) {
      case "yaml" ->
          new Description(
              "The file is not a well-formed YAML spec (" + words(detail) + ").",
              "dtk reads each spec as exactly one YAML document of at most 1 MiB of UTF-8 text, "
                  + "without duplicate keys, recursive aliases, alias bombs or deep nesting. "
                  + "This file breaks that rule: "
                  + words(detail)
                  + ".",
              "Fix the YAML at the reported line and column; an editor with the YAML language "
                  + "server shows the same problem as you type.");
      case "schema" ->
          new Description(
              "The spec violates the schema keyword '" + detail + "'.",
              "The spec does not satisfy the '"
                  + detail
                  + "' constraint of "
                  + SCHEMA
                  + ", the single source of truth for the spec language.",
              "See the description of the property in "
                  + SCHEMA
                  + " (editors show it through the '# yaml-language-server: $schema=' modeline).");
      case "extends" ->
          new Description(
              "The spec's 'extends' cannot be applied (" + words(detail) + ").",
              "'extends' names a DriverToolkitDefaults file relative to the spec; it must exist, be "
                  + "a DriverToolkitDefaults spec and not lead back to itself.",
              "Check the 'extends' path, relative to the spec that names it.");
      case "path" ->
          new Description(
              "A path the spec names is refused (" + words(detail) + ").",
              "Every path a spec names ('extends', 'repositories', files of a spec directory) is "
                  + "resolved against the file that names it, symbolic links followed, and must stay "
                  + "inside the spec root: the directory given on the command line, or the folder of a "
                  + "spec file given alone. A refused path is never opened.",
              "Move the file into the spec repository, or pass --allow-path DIR to use a directory "
                  + "outside it on purpose.");
      case "interpolation" ->
          new Description(
              "A ${...} reference cannot be resolved (" + words(detail) + ").",
              "Spec strings may refer to ${kernel.version}, ${arch}, ${facts.NAME}, "
                  + "${metadata.name} and ${vcs.ref}; '$${' writes a literal '${'.",
              "Use one of the documented names, declare the fact under 'facts', or escape with '$${'.");
      case "override" ->
          new Description(
              "A --set override cannot be applied (" + words(detail) + ").",
              "--set PATH=VALUE overrides a value of every spec (TARGET:PATH=VALUE: of one spec) and "
                  + "is validated like the file.",
              "Use a dotted path of the spec language, e.g. --set kernel.version=5.14.0-503.el9.");
      case "file" ->
          new Description(
              "A spec file or directory cannot be read (" + words(detail) + ").",
              "dtk validate reads the files it is given and the *.yaml and *.yml files of the "
                  + "directories it is given (not recursively).",
              "Check the path and its permissions.");
      case "spec" -> {
        String rule = of(code).map(c -> c.summary).orElse(null);
        String sentence = rule != null ? rule : "A spec breaks the rule '" + words(detail) + "'.";
        yield new Description(
            sentence,
            sentence + " This is checked after the schema, across the whole spec and spec set.",
            READ_RESULT);
      }
      default ->
          new Description(
              "dtk check '" + code + "' failed.",
              "The spec set breaks dtk's rule '"
                  + code
                  + "' ("
                  + words(family)
                  + " check"
                  + (detail.isEmpty() ? "" : ": " + words(detail))
                  + ").",
              READ_RESULT);
    };
  }

  /** {@code duplicate-key} or {@code duplicateKey} -> {@code duplicate key}. */
  public static String words(String s) {
    if (s.isEmpty()) {
      return "general";
    }
    return s.replaceAll("([a-z0-9])([A-Z])", "$1 $2")
        .replace('-', ' ')
        .replace('_', ' ')
        .toLowerCase(Locale.ROOT);
  }
}

package dtk.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a value must look like to be written safely into a Containerfile: the one source of these
 * rules. Validation applies them to the spec's own text (a value without references, or the literal
 * parts around them); rendering applies them again to the interpolated value, since a fact or
 * {@code --set} can still bring a bad one. Each check returns why the value is refused, or {@code
 * null} when it is fine.
 *
 * <pre>
 * ValueRules.packageName("--nogpgcheck")  // "starts with '-' and would be read as an option"
 * </pre>
 */
public final class ValueRules {
  private static final Pattern ARG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern SECRET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern USER_NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
  private static final Pattern VARIANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_]*");
  private static final Pattern KERNEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]*");
  private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:*-]*");

  /** The build argument dtk sets itself from the target's kernel. */
  public static final String KERNEL_VERSION_ARG = "KERNEL_VERSION";

  private ValueRules() {}

  /**
   * A control character (other than tab) ends or corrupts a Containerfile instruction: {@code
   * "contains a newline (U+000A), which cannot be written safely in a Containerfile"}.
   */
  public static String controlCharacter(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        String name =
            c == '\n' ? "a newline" : c == '\r' ? "a carriage return" : "control character";
        return "contains "
            + name
            + " (U+"
            + String.format("%04X", (int) c)
            + "), which cannot be written safely in a Containerfile";
      }
    }
    return null;
  }

  /**
   * A kernel release as a target is planned with (pinned, given with {@code --kernel-version} or
   * read from an image label), such as {@code 5.14.0-498.el9}.
   */
  public static String kernelRelease(String s) {
    return KERNEL.matcher(s).matches()
        ? null
        : "is not a kernel release: it holds letters, digits and . _ + ~ - only, such as 5.14.0-498.el9";
  }

  /** A package name: one word that the package manager cannot take for an option. */
  public static String packageName(String s) {
    if (s.isEmpty()) {
      return "is empty";
    }
    if (s.startsWith("-")) {
      return "starts with '-' and would be read as an option";
    }
    String control = controlCharacter(s);
    if (control != null) {
      return control;
    }
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      if (NOT_IN_PACKAGE_NAMES.indexOf(c) >= 0 || invisible(c)) {
        return "has "
            + (invisible(c)
                ? "an invisible formatting character"
                : "'" + Character.toString(c) + "'")
            + " (U+"
            + String.format("%04X", c)
            + "), which no package name has";
      }
      i += Character.charCount(c);
    }
    return null;
  }

  /**
   * Characters no dnf or apt package name (nor a provide such as {@code perl(Foo)}) holds, that a
   * shell or Containerfile would read specially: quotes, escapes and substitutions.
   */
  private static final String NOT_IN_PACKAGE_NAMES = "'\"\\`$;|&<>";

  /** Bidi controls, zero-width and other format characters, line and paragraph separators. */
  static boolean invisible(int c) {
    int type = Character.getType(c);
    return type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  /** A build argument's name (its value follows {@link #controlCharacter}). */
  public static String buildArgName(String s) {
    if (s.equals(KERNEL_VERSION_ARG)) {
      return "is not allowed: dtk sets KERNEL_VERSION from the target's kernel";
    }
    return ARG_NAME.matcher(s).matches()
        ? null
        : "is not allowed: use letters, digits and '_', not starting with a digit";
  }

  public static String secretId(String s) {
    return SECRET_ID.matcher(s).matches()
        ? null
        : "is not allowed: use letters, digits, '.', '_' and '-', starting with a letter or digit";
  }

  public static String userName(String s) {
    return USER_NAME.matcher(s).matches()
        ? null
        : "is not a valid user name: use lower-case letters, digits, "
            + "'_' and '-', starting with a letter or '_', at most 32 characters";
  }

  /** The file name a repository file is copied under. */
  public static String repositoryFileName(String s) {
    return FILE_NAME.matcher(s).matches()
        ? null
        : "cannot be copied safely: name it with letters, digits, '.', '_' and '-'";
  }

  /** A kernel variant name becomes a kernel flavour ({@code +rt}) and a build argument name. */
  public static String variantName(String s) {
    return VARIANT.matcher(s).matches()
        ? null
        : "cannot name a kernel flavour: use letters, digits and '_', such as rt or 64k";
  }

  public static String repositoryId(String s) {
    return REPO_ID.matcher(s).matches()
        ? null
        : "is not a repository id: use letters, digits and . _ : * -";
  }

  /**
   * The repositories a variant enables, for its package manager: apt installs from one target
   * release at a time ({@code -t}), dnf enables any number.
   */
  public static String variantRepositories(String packageManager, int count) {
    return "apt".equals(packageManager) && count > 1
        ? "lists "
            + count
            + " repositories, but apt installs from one target release at a time (-t): list a single release"
        : null;
  }

  /**
   * Repository files are copied into the build context by file name: whether the {@code i}-th name
   * repeats an earlier one.
   */
  public static boolean repeatsEarlierFileName(List<String> fileNames, int i) {
    return fileNames.subList(0, i).contains(fileNames.get(i));
  }

  /**
   * The text a value has whatever its references resolve to: each {@code ${...}} replaced by {@code
   * x}, so a rule about the value's start or its characters can be decided before interpolation. A
   * value that does not parse is returned as is (the interpolation check reports it).
   */
  public static String literalParts(String s) {
    try {
      List<Interpolation.Reference> refs = new ArrayList<>(Interpolation.references(s));
      if (refs.isEmpty()) {
        return s;
      }
      StringBuilder b = new StringBuilder();
      int last = 0;
      for (Interpolation.Reference r : refs) {
        b.append(s, last, r.offset()).append('x');
        last = s.indexOf('}', r.offset()) + 1;
      }
      return b.append(s.substring(last)).toString();
    } catch (Interpolation.SyntaxException e) {
      return s;
    }
  }

  /**
   * {@code s} with control characters shown escaped, for messages: the one rule of {@link
   * Printable#escape}.
   */
  public static String printable(String s) {
    return Printable.escape(s);
  }
}

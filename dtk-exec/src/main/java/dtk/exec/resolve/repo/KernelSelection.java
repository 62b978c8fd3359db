package dtk.exec.resolve.repo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which of the kernels a repository offers to keep: the newest {@code newest} whose version {@code
 * match} finds (a regex, searched with {@link java.util.regex.Matcher#find()}).
 */
public record KernelSelection(int newest, Optional<Pattern> match) {
  /** A bad {@code newest} or {@code match}: a spec problem, with what to write instead. */
  public static final class InvalidException extends IllegalArgumentException {
    private final String hint;

    InvalidException(String message, String hint) {
      super(message);
      this.hint = hint;
    }

    public String hint() {
      return hint;
    }
  }

  public KernelSelection {
    if (newest < 1) {
      throw new InvalidException(
          "newest must be 1 or more, got " + newest,
          "newest: 1 keeps only the newest kernel (the default); newest: 3 the newest three");
    }
    match = match == null ? Optional.empty() : match;
  }

  /**
   * @param newest {@code null} for the default, 1
   * @param match {@code null} for every version
   * @throws InvalidException for {@code newest < 1} or a regex that does not compile
   */
  public static KernelSelection of(Integer newest, String match) {
    Optional<Pattern> p = Optional.empty();
    if (match != null) {
      try {
        p = Optional.of(Pattern.compile(match));
      } catch (PatternSyntaxException e) {
        throw new InvalidException(
            "match '"
                + match
                + "' is not a valid regular expression: "
                + e.getDescription()
                + " near index "
                + e.getIndex(),
            "write a Java regular expression, e.g. '^5\\.14\\.0-' (quote it in YAML)");
      }
    }
    return new KernelSelection(newest == null ? 1 : newest, p);
  }

  public static KernelSelection newest(int n) {
    return new KernelSelection(n, Optional.empty());
  }

  /** Whether {@code kernel} passes {@code match}. */
  public boolean accepts(String kernel) {
    return match.map(p -> p.matcher(kernel).find()).orElse(true);
  }

  /**
   * The first {@link #newest()} of {@code newestFirst} that {@link #accepts} finds, in that order.
   */
  public List<TrackedKernel> apply(List<TrackedKernel> newestFirst) {
    List<TrackedKernel> out = new ArrayList<>();
    for (TrackedKernel k : newestFirst) {
      if (out.size() == newest) {
        break;
      }
      if (accepts(k.version())) {
        out.add(k);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "newest " + newest + match.map(p -> " matching '" + p.pattern() + "'").orElse("");
  }
}

package dtk.exec.build;

import java.util.Locale;
import java.util.Objects;

/**
 * How one driver source of {@code verify.modules} built against a toolkit image.
 *
 * @param name the module as the spec names it (its path or git URL)
 * @param commit the git commit built, or {@code null} for a directory
 * @param koCount the {@code .ko} files built and checked
 * @param vermagic the vermagic of the built modules, or {@code null}
 * @param seconds how long PRE_BUILD and MAKE took
 * @param error the first compiler error line of the build, or {@code null}
 * @param detail why it failed or was skipped, or {@code null}
 */
public record ModuleResult(
    String name,
    String commit,
    boolean required,
    Status status,
    int koCount,
    String vermagic,
    long seconds,
    String error,
    String detail) {

  public ModuleResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
  }

  public enum Status {
    OK,
    FAILED,
    SKIPPED;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A failure of a required module: the target is not pushed. */
  public boolean blocks() {
    return required && status == Status.FAILED;
  }

  /**
   * One line: {@code drivers/x: failed (required), 0 .ko, 12 s: MAKE failed: ...; first error:
   * x.c:3: error: ...}.
   */
  public String describe() {
    StringBuilder s = new StringBuilder(name).append(": ").append(status.word());
    if (!required) {
      s.append(" (optional)");
    }
    s.append(", ").append(koCount).append(" .ko, ").append(seconds).append(" s");
    if (status == Status.OK && vermagic != null) {
      s.append(", vermagic ").append(vermagic);
    }
    if (detail != null) {
      s.append(": ").append(detail);
    }
    if (error != null && status == Status.FAILED) {
      s.append("; first error: ").append(error);
    }
    return s.toString();
  }
}

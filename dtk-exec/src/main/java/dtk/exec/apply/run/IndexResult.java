package dtk.exec.apply.run;

import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one multi-arch index ended. An index is only written when every platform succeeded; otherwise
 * it is {@code SKIPPED} and the registry's index is untouched.
 *
 * @param platforms the member platforms ({@code x86_64}, ...)
 * @param digest the index digest now in the registry, or {@code null} when unknown
 * @param detail why skipped or failed, or the plan's reason when pushed
 */
public record IndexResult(
    ImageRef index,
    List<String> platforms,
    Outcome outcome,
    Digest digest,
    String detail,
    Duration time) {
  public IndexResult {
    Objects.requireNonNull(index, "index");
    platforms = List.copyOf(platforms);
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(time, "time");
  }

  public enum Outcome {
    PUSHED(true),
    UP_TO_DATE(true),
    SKIPPED(false),
    FAILED(false);

    private final boolean ok;

    Outcome(boolean ok) {
      this.ok = ok;
    }

    public boolean ok() {
      return ok;
    }

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }
}

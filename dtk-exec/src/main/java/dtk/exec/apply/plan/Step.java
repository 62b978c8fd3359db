package dtk.exec.apply.plan;

import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.util.List;
import java.util.Objects;

/**
 * One decision of a {@link Plan}. {@code dtk apply} executes exactly these, in this order of kinds:
 * targets, then indexes.
 */
public sealed interface Step
    permits Step.Build, Step.UpToDate, Step.Blocked, Step.PublishIndex, Step.IndexUpToDate {

  /** Render, build, verify and push one target. */
  record Build(ApplyTarget target, Reason reason) implements Step {
    public Build {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The remote image carries the planned inputs digest; costs nothing more. */
  record UpToDate(ApplyTarget target, Digest digest) implements Step {
    public UpToDate {
      Objects.requireNonNull(target, "target");
    }
  }

  /** The registry did not answer for this target: neither built nor pushed; counts as failed. */
  record Blocked(ApplyTarget target, String message) implements Step {
    public Blocked {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Create and push the multi-arch index at {@code index} from its per-platform images, once every
   * member is up to date or pushed in this run.
   */
  record PublishIndex(ImageRef index, List<ApplyTarget> members, Reason reason) implements Step {
    public PublishIndex {
      Objects.requireNonNull(index, "index");
      members = List.copyOf(members);
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The index already lists exactly the current per-platform images. */
  record IndexUpToDate(ImageRef index, Digest digest, List<ApplyTarget> members) implements Step {
    public IndexUpToDate {
      Objects.requireNonNull(index, "index");
      members = List.copyOf(members);
    }
  }
}

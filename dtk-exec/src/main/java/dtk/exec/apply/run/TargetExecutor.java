package dtk.exec.apply.run;

import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.build.ModuleResult;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.util.List;
import java.util.Objects;

/**
 * Where targets are built: the seam between deciding ({@link Planner}, {@link Applier}) and doing.
 * {@link LocalExecutor} renders, builds, verifies and pushes with the local container engine; an
 * executor that submits each target as a cluster job can sit beside it.
 *
 * <p>Implementations are called from several threads at once (one per running target) and must stop
 * promptly, killing what they started, when the calling thread is interrupted.
 */
public interface TargetExecutor {

  /**
   * Renders, builds, verifies and pushes {@code target}; returns the pushed manifest digest.
   *
   * @throws TargetFailedException the target failed at some stage; nothing was pushed unless the
   *     stage is after {@code push}
   */
  Digest execute(ApplyTarget target, Progress progress)
      throws TargetFailedException, InterruptedException;

  /**
   * Creates the multi-arch index at {@code index} from the given per-platform images (by digest)
   * and pushes it; returns the index digest. The registry's index changes in one write or not at
   * all.
   */
  Digest publishIndex(ImageRef index, List<IndexMember> members, Progress progress)
      throws TargetFailedException, InterruptedException;

  /**
   * How the driver sources of {@code verify.modules} built for a target (empty: none were built).
   */
  default List<ModuleResult> moduleResults(ApplyTarget target) {
    return List.of();
  }

  /** The log file kept for a target, if the executor keeps one. */
  default java.util.Optional<java.nio.file.Path> logFile(ApplyTarget target) {
    return java.util.Optional.empty();
  }

  /**
   * Reports the stage a target is in ({@code render}, {@code build}, {@code verify}, {@code push}).
   */
  @FunctionalInterface
  interface Progress {
    void stage(String stage);
  }

  /**
   * One platform image of an index: {@code image} is the per-platform reference, {@code digest} its
   * manifest digest.
   */
  record IndexMember(String arch, ImageRef image, Digest digest) {
    public IndexMember {
      Objects.requireNonNull(arch, "arch");
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(digest, "digest");
    }
  }
}

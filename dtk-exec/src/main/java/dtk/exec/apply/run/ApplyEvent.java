package dtk.exec.apply.run;

import dtk.exec.Event;
import dtk.exec.apply.plan.ApplyTarget;
import dtk.spec.ImageRef;
import java.nio.file.Path;
import java.time.Duration;

/** What {@link Applier} reports while it runs; dtk-exec never prints, the CLI renders these. */
public sealed interface ApplyEvent extends Event {

  /** A target started; {@code running} targets are now in progress. */
  record TargetStarted(ApplyTarget target, Path log) implements ApplyEvent {}

  /** A running target entered {@code stage} (render, build, verify, push). */
  record TargetStage(ApplyTarget target, String stage, Duration elapsed) implements ApplyEvent {}

  /** Another process holds the lock for {@code resource}; this run waits for it. */
  record WaitingForLock(ImageRef resource, Path lockFile, String holder) implements ApplyEvent {
    public String message() {
      return ApplyLocks.waitMessage(resource, lockFile, holder);
    }
  }

  record TargetFinished(TargetResult result) implements ApplyEvent {}

  record IndexStarted(ImageRef index) implements ApplyEvent {}

  record IndexFinished(IndexResult result) implements ApplyEvent {}
}

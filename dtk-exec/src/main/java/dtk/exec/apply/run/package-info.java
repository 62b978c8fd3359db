/**
 * Carrying a plan out: the {@link dtk.exec.apply.run.Applier} runs the plan's steps through a
 * {@link dtk.exec.apply.run.TargetExecutor} (the {@link dtk.exec.apply.run.LocalExecutor} here, or
 * a cluster's, found by {@link dtk.exec.apply.run.ClusterExecutors}), under per-reference locks,
 * with one log per target, and reports {@link dtk.exec.apply.run.ApplyEvent}s and an {@link
 * dtk.exec.apply.run.ApplyReport}.
 */
package dtk.exec.apply.run;

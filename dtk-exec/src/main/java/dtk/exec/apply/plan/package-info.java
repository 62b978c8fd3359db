/**
 * Deciding what {@code dtk apply} will do: rendered targets ({@link
 * dtk.exec.apply.plan.ApplyTarget}) are compared with the registry in one parallel round ({@link
 * dtk.exec.apply.plan.RegistryView}) by the {@link dtk.exec.apply.plan.Planner}, which gives a
 * {@link dtk.exec.apply.plan.Plan} of {@link dtk.exec.apply.plan.Step}s, each with its {@link
 * dtk.exec.apply.plan.Reason}. Pure data and decisions: nothing here builds or pushes.
 */
package dtk.exec.apply.plan;

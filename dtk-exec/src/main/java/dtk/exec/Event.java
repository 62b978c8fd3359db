package dtk.exec;

/**
 * Something dtk-exec reports while it works, to one {@link EventListener}: {@link ExecEvent} for
 * the steps of {@code dtk build} and {@code dtk push}, {@code ApplyEvent} for what {@code dtk
 * apply} runs (targets, their stages, waits for locks, indexes).
 */
public interface Event {}

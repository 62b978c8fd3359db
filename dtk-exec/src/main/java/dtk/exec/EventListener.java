package dtk.exec;

/**
 * The one listener of dtk-exec: receives every {@link Event} (the build and push steps of {@link
 * ExecEvent}, the targets, stages, locks and indexes of an apply); called from the working threads,
 * so implementations must be thread-safe. dtk-exec never prints; the CLI's listener decides how
 * each event looks.
 */
@FunctionalInterface
public interface EventListener {
  EventListener NONE = e -> {};

  void on(Event event);
}

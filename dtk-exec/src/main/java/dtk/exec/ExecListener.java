package dtk.exec;

/** Receives {@link ExecEvent}s; called from the working threads, so implementations must be thread-safe. */
@FunctionalInterface
public interface ExecListener {
  ExecListener NONE = e -> {};

  void on(ExecEvent event);
}

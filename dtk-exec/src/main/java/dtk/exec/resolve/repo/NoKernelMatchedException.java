package dtk.exec.resolve.repo;

import dtk.exec.ExecException;
import java.util.List;

/** No kernel of a platform's repositories passed the selection: says which versions were seen. */
public class NoKernelMatchedException extends ExecException {
  private final List<String> seen;

  public NoKernelMatchedException(String message, String hint, List<String> seen) {
    super(message, hint);
    this.seen = List.copyOf(seen);
  }

  /** The kernel versions seen, newest first. */
  public List<String> seen() {
    return seen;
  }
}

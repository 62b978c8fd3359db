package dtk.render;

import dtk.spec.Diagnostic;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A spec (or a user template) that cannot be planned or rendered: every problem found, each
 * pointing at the spec text (or template line) to fix. The CLI maps it to exit code 3.
 */
public class RenderException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<Diagnostic> diagnostics;

  public RenderException(List<Diagnostic> diagnostics) {
    super(diagnostics.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
    this.diagnostics = List.copyOf(diagnostics);
  }

  public RenderException(Diagnostic diagnostic) {
    this(List.of(diagnostic));
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }
}

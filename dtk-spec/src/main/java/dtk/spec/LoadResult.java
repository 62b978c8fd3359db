package dtk.spec;

import dtk.spec.model.Spec;
import java.util.List;

/**
 * What {@link SpecLoader#load} found.
 *
 * @param specs the buildable specs ({@code kind: DriverToolkit}) that loaded without errors, merged
 *     with their {@code extends} chain and the overrides, in path order
 * @param diagnostics every problem, sorted by file, line and column
 * @param filesChecked how many distinct files were read (including {@code extends} targets)
 */
public record LoadResult(List<Spec> specs, List<Diagnostic> diagnostics, int filesChecked) {
  public LoadResult {
    specs = List.copyOf(specs);
    diagnostics = List.copyOf(diagnostics);
  }

  /** True when there is no error (warnings allowed). */
  public boolean ok() {
    return diagnostics.stream().noneMatch(d -> d.severity() == Severity.ERROR);
  }
}

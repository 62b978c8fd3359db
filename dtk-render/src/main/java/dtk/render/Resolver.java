package dtk.render;

import dtk.spec.model.Spec;
import java.util.List;

/**
 * Supplies what a spec does not write itself (kernel versions, fact values, base image digests, the
 * commit) for some of its platforms. {@link OfflineResolver#of(Pins)} answers from pins; dtk-exec
 * answers from registries and git.
 */
@FunctionalInterface
public interface Resolver {
  /**
   * The resolution of {@code spec} for {@code archs} (a subset of its platforms, in its order).
   *
   * @throws RenderException when a value cannot be had, with a diagnostic saying how to pin it
   */
  Resolution resolve(Spec spec, List<String> archs);
}

package dtk.spec.model;

import java.util.List;
import java.util.Objects;

/**
 * {@code verify: { canary: true, modules: [...] }}: checks run on a built image before it is
 * pushed; with {@code canary} a minimal out-of-tree module is compiled against it, and each of
 * {@code modules} (a driver source) is compiled the way dkms builds it.
 */
public record VerifySpec(boolean enabled, boolean canary, List<ModuleSource> modules) {
  public VerifySpec {
    modules = List.copyOf(Objects.requireNonNull(modules, "modules"));
  }

  public VerifySpec(boolean enabled, boolean canary) {
    this(enabled, canary, List.of());
  }
}

package dtk.spec.model;

import java.util.List;
import java.util.Objects;

/**
 * {@code verify: { canary: true, modules: [...], signature: { policy: policy.json } }}: checks run
 * on a built image before it is pushed; with {@code canary} a minimal out-of-tree module is
 * compiled against it, and each of {@code modules} (a driver source) is compiled the way dkms
 * builds it. {@code signature} (or {@code null}) checks the pushed image against a containers
 * policy before its tag is written.
 */
public record VerifySpec(
    boolean enabled, boolean canary, List<ModuleSource> modules, SignatureCheck signature) {
  public VerifySpec {
    modules = List.copyOf(Objects.requireNonNull(modules, "modules"));
  }

  public VerifySpec(boolean enabled, boolean canary, List<ModuleSource> modules) {
    this(enabled, canary, modules, null);
  }

  public VerifySpec(boolean enabled, boolean canary) {
    this(enabled, canary, List.of(), null);
  }
}

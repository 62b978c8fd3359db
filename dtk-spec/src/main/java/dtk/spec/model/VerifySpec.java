package dtk.spec.model;

/**
 * {@code verify: { canary: true }}: checks run on a built image before it is pushed; with
 * {@code canary} a minimal out-of-tree module is compiled against it.
 */
public record VerifySpec(boolean enabled, boolean canary) {}

package dtk.spec.model;

/**
 * {@code compiler: { matchKernel: true }}: install gcc/g++ of the version recorded in {@code
 * /lib/modules/<kver>/config}, falling back to the distro gcc when that version is gone.
 */
public record CompilerSpec(boolean matchKernel) {}

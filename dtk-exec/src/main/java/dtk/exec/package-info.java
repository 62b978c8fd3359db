/**
 * dtk-exec: running engines and reading registries, one package per concern, read in pipeline
 * order:
 *
 * <ul>
 *   <li>{@link dtk.exec.resolve}: online resolution (labels, digests, git facts) and the kernel
 *       sources of kernel tracking;
 *   <li>{@link dtk.exec.build}: local build, verification (canary, driver modules), push and the
 *       build records;
 *   <li>{@link dtk.exec.engine}: podman, buildah and docker behind one interface; every engine
 *       command line is written there;
 *   <li>{@link dtk.exec.registry}: the registry's HTTP API (manifests, indexes, configs, auth);
 *   <li>{@link dtk.exec.process}: the one port for external programs;
 *   <li>{@link dtk.exec.apply}: the apply pipeline (plan against the registry, run the targets);
 *   <li>{@link dtk.exec.supply}: SBOM, provenance and signing checks.
 * </ul>
 *
 * This package holds what they all share: {@link dtk.exec.Platform}, the {@link
 * dtk.exec.ExecEvent}s dtk-exec reports instead of printing, and {@link dtk.exec.ExecException}
 * (exit code 4), which says what failed, where, and what to try.
 */
package dtk.exec;

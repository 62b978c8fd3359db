/**
 * dtk-exec: running engines and reading registries.
 *
 * <ul>
 *   <li>{@link dtk.exec.ProcessRunner}: the one port for external programs ({@link dtk.exec.Invocation}
 *       in, {@link dtk.exec.ProcessResult} out); {@link dtk.exec.LocalProcessRunner} is the only class
 *       that touches {@code ProcessBuilder}.
 *   <li>{@link dtk.exec.ContainerEngine} (podman, buildah, docker, from {@link dtk.exec.ContainerEngines}):
 *       version-gated build ({@link dtk.exec.BuildRequest}), push and multi-arch index.
 *   <li>{@link dtk.exec.ImageInspector}: digests, labels and platforms from a registry's HTTP API,
 *       each image fetched once per run.
 *   <li>{@link dtk.exec.resolve.OnlineResolver}: fills dtk-render's {@code Resolution} from labels, digests and git.
 *   <li>{@link dtk.exec.ImageBuilder}, {@link dtk.exec.ImagePusher}, {@link dtk.exec.StateStore}: what
 *       {@code dtk build} and {@code dtk push} run; they report through {@link dtk.exec.ExecEvent}s and
 *       never print.
 * </ul>
 *
 * Failures are {@link dtk.exec.ExecException}s (exit code 4) that say what failed, where, and what to try.
 */
package dtk.exec;

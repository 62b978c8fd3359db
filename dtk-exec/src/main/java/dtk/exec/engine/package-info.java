/**
 * Container engines: {@link dtk.exec.engine.ContainerEngine} (chosen by {@link
 * dtk.exec.engine.ContainerEngines}) builds ({@link dtk.exec.engine.BuildRequest}), pushes, signs
 * and assembles multi-arch indexes, gated by what the installed version can do ({@link
 * dtk.exec.engine.EngineInfo}). The podman family, buildah and docker live in {@code internal}.
 */
package dtk.exec.engine;

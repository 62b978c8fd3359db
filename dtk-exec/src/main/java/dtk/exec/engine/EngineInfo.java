package dtk.exec.engine;

import dtk.exec.process.ToolVersion;

/**
 * What an installed engine can do, derived from its version.
 *
 * @param labelRemoval how inherited labels are removed (see {@link LabelRemoval})
 * @param secretEnv whether {@code --secret id=..,env=VAR} works; otherwise dtk writes the value to
 *     a private temporary file for the build and removes it afterwards
 * @param timestampFlag whether {@code --timestamp N} exists (docker: {@code SOURCE_DATE_EPOCH}
 *     build arg)
 */
public record EngineInfo(
    String engine,
    ToolVersion version,
    LabelRemoval labelRemoval,
    boolean secretEnv,
    boolean timestampFlag) {
  /** How an engine drops labels inherited from the base image. */
  public enum LabelRemoval {
    /** {@code build --unsetlabel KEY} (podman ≥ 4.8, buildah ≥ 1.33). */
    UNSETLABEL_FLAG,
    /** After the build: {@code buildah from} + {@code config --label KEY-} + {@code commit}. */
    BUILDAH_COMMIT,
    /** Impossible (docker): the build fails unless inherited labels are explicitly allowed. */
    NONE
  }

  @Override
  public String toString() {
    return engine + " " + version;
  }
}

package dtk.render;

import dtk.spec.Digest;
import dtk.spec.model.SecretSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything an engine needs to build one {@link Target}, rendered byte-stable.
 *
 * <ul>
 *   <li>{@link #containerfile()} and {@link #files()}: the context directory's contents ({@code
 *       Containerfile}, {@code repos/<name>}); write them with {@link ContextWriter}.
 *   <li>{@link #buildArgs()}: {@code --build-arg K=V}, {@code KERNEL_VERSION} first.
 *   <li>{@link #labels()}: set by the Containerfile's LABEL already; {@link #engineLabels()}: to
 *       pass with {@code --label} (provenance such as {@code vcs.ref}, and the inputs digest);
 *       {@link #unsetLabels()}: to remove from what the base image brings.
 *   <li>{@link #secrets()}: {@code --secret id=...,env=...|src=...}.
 *   <li>{@link #inputsDigest()}: see {@link InputsDigest}; recorded in the {@value
 *       #INPUTS_DIGEST_LABEL} label to tell whether a pushed image is up to date.
 * </ul>
 *
 * @param files context files other than the Containerfile, by path relative to the context
 *     directory, sorted by path
 * @param provenanceLabels labels that record where the image came from (commit) but do not change
 *     what is built; not in the Containerfile and not in the inputs digest, so a new commit that
 *     changes nothing else does not make every image stale
 */
public record BuildContext(
    Target target,
    String containerfile,
    Map<String, String> files,
    Map<String, String> buildArgs,
    Map<String, String> labels,
    Map<String, String> provenanceLabels,
    List<String> unsetLabels,
    List<SecretSpec> secrets,
    Digest inputsDigest) {
  /** The label that carries {@link #inputsDigest()} on built images. */
  public static final String INPUTS_DIGEST_LABEL = "dev.dtk.inputs.digest";

  /** The Containerfile's name in the context directory. */
  public static final String CONTAINERFILE = "Containerfile";

  public BuildContext {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(containerfile, "containerfile");
    Objects.requireNonNull(inputsDigest, "inputsDigest");
    files = ordered(files);
    buildArgs = ordered(buildArgs);
    labels = ordered(labels);
    provenanceLabels = ordered(provenanceLabels);
    unsetLabels = List.copyOf(unsetLabels);
    secrets = List.copyOf(secrets);
  }

  private static <V> Map<String, V> ordered(Map<String, V> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m == null ? Map.of() : m));
  }

  /** Labels the engine must add with {@code --label}: provenance, then the inputs digest. */
  public Map<String, String> engineLabels() {
    Map<String, String> m = new LinkedHashMap<>(provenanceLabels);
    m.put(INPUTS_DIGEST_LABEL, inputsDigest.toString());
    return Collections.unmodifiableMap(m);
  }

  /**
   * Every label the built image carries from dtk: {@link #labels()} then {@link #engineLabels()}.
   */
  public Map<String, String> allLabels() {
    Map<String, String> m = new LinkedHashMap<>(labels);
    m.putAll(engineLabels());
    return Collections.unmodifiableMap(m);
  }

  /** Every file of the context directory, the Containerfile first. */
  public Map<String, String> allFiles() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(CONTAINERFILE, containerfile);
    m.putAll(files);
    return Collections.unmodifiableMap(m);
  }
}

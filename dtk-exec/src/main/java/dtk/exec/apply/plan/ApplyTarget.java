package dtk.exec.apply.plan;

import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code dtk apply} needs to know of one target (a spec x platform x kernel version) to decide
 * whether it is up to date and where it goes. The rendered build context stays with the executor:
 * planning only compares digests and labels.
 *
 * @param id stable key, unique in a plan: {@code centos/x86_64/5.14.0-498.el9}
 * @param spec the spec's {@code metadata.name}
 * @param arch the platform, as written in specs ({@code x86_64}, {@code aarch64})
 * @param kernelVersion the kernel release without the arch suffix
 * @param image the per-platform reference ({@code registry/org/name:<tag>.<arch>})
 * @param index the multi-arch index reference ({@code registry/org/name:<tag>})
 * @param inputsDigest sha256 over everything that defines the build; stored as {@link
 *     #INPUTS_DIGEST_LABEL}
 * @param labels the labels the build sets, in order; used to say what changed when stale
 */
public record ApplyTarget(
    String id,
    String spec,
    String arch,
    String kernelVersion,
    ImageRef image,
    ImageRef index,
    Digest inputsDigest,
    Map<String, String> labels) {

  /** The label every built image carries with its {@link #inputsDigest}. */
  public static final String INPUTS_DIGEST_LABEL = dtk.render.BuildContext.INPUTS_DIGEST_LABEL;

  public ApplyTarget {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(kernelVersion, "kernelVersion");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(inputsDigest, "inputsDigest");
    labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }
}

package dtk.render;

import dtk.spec.Digest;
import dtk.spec.model.Spec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One image to build: a spec on one platform for one kernel, with every value resolved.
 *
 * @param spec the spec the target comes from (its strings still hold {@code ${...}} references)
 * @param arch the platform as specs write it: {@code x86_64}, {@code aarch64}
 * @param kernelVersion the kernel version, as the package manager names it ({@code 5.14.0-498.el9})
 * @param facts resolved fact values by name, in the spec's order
 * @param vcsRef the commit the spec was taken from, or {@code null} when unknown
 * @param images the per-platform and index image references
 * @param baseImage the base image as the spec names it (interpolated)
 * @param baseDigest the base image's digest for this platform ({@code sha256:...}), or {@code null}
 *     when not resolved (offline)
 * @param sourceDateEpoch seconds since the epoch for reproducible timestamps, or {@code null}
 */
public record Target(
    Spec spec,
    String arch,
    String kernelVersion,
    Map<String, String> facts,
    String vcsRef,
    ImageRefs images,
    String baseImage,
    Digest baseDigest,
    Long sourceDateEpoch) {
  public Target {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(kernelVersion, "kernelVersion");
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(baseImage, "baseImage");
    facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts == null ? Map.of() : facts));
  }

  /** The spec's name ({@code metadata.name}). */
  public String name() {
    return spec.name();
  }

  /** The OCI platform, {@code linux/amd64}. */
  public String platform() {
    return Platforms.oci(arch);
  }

  /** What {@code FROM} names: the base pinned by digest when the digest is known. */
  public String fromImage() {
    if (baseDigest == null) {
      return baseImage;
    }
    int at = baseImage.indexOf('@');
    return (at < 0 ? baseImage : baseImage.substring(0, at)) + "@" + baseDigest;
  }

  /**
   * A short, stable identifier for messages and log files: {@code centos/x86_64/5.14.0-498.el9}.
   */
  public String id() {
    return name() + "/" + arch + "/" + kernelVersion;
  }
}

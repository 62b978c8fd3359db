package dtk.exec.build;

import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@code dtk build} made for one target, recorded so {@code dtk push} pushes exactly that
 * image (by id), never something re-resolved.
 *
 * @param target the target id, {@code centos/x86_64/5.14.0-498.el9}
 * @param image the per-platform reference the image is tagged with and pushed to
 * @param index the multi-arch index reference that groups the platforms of one kernel
 * @param pushedDigest the registry digest after {@code dtk push}, or {@code null} before
 */
public record BuildRecord(
    String target,
    String spec,
    String name,
    String arch,
    String kernelVersion,
    String engine,
    String imageId,
    ImageRef image,
    ImageRef index,
    Digest inputsDigest,
    Instant builtAt,
    Digest pushedDigest) {
  public BuildRecord {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(imageId, "imageId");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(index, "index");
  }

  public BuildRecord withPushedDigest(Digest digest) {
    return new BuildRecord(
        target,
        spec,
        name,
        arch,
        kernelVersion,
        engine,
        imageId,
        image,
        index,
        inputsDigest,
        builtAt,
        digest);
  }
}

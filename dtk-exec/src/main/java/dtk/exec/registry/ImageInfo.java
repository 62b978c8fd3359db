package dtk.exec.registry;

import dtk.exec.Platform;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a registry holds for a reference: the digest the reference resolves to (of the index for a
 * multi-arch image) and one {@link PlatformImage} per platform.
 *
 * @param index whether the reference names a multi-arch index (manifest list)
 */
public record ImageInfo(ImageRef ref, Digest digest, boolean index, List<PlatformImage> platforms) {
  public ImageInfo {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(digest, "digest");
    platforms = List.copyOf(platforms);
  }

  /** The image for {@code platform}; a single-platform image answers only for its own platform. */
  public PlatformImage forPlatform(Platform platform) {
    for (PlatformImage p : platforms) {
      if (p.platform().equals(platform)) {
        return p;
      }
    }
    throw new RegistryException(
        "image "
            + ref
            + " has no "
            + platform.oci()
            + " image (it has "
            + platforms.stream().map(p -> p.platform().oci()).collect(Collectors.joining(", "))
            + ")",
        ref.registry(),
        "build only the platforms the image has (platforms: in the spec, or --platform), or use another image");
  }
}

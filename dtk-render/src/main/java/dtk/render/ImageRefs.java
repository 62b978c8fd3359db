package dtk.render;

import dtk.spec.ImageRef;
import java.util.Objects;

/**
 * Where one target's image goes: {@code quay.io/centos/driver-toolkit:5.14.0-498.el9.x86_64} for
 * the platform, and the multi-arch index {@code quay.io/centos/driver-toolkit:5.14.0-498.el9} that
 * groups the platforms of one kernel. Both name the same repository.
 *
 * @param platform the per-platform image, the one a build is tagged with
 * @param index the multi-arch index
 */
public record ImageRefs(ImageRef platform, ImageRef index) {
  public ImageRefs {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(index, "index");
    if (!platform.name().equals(index.name())) {
      throw new IllegalArgumentException(
          "platform image " + platform + " and index " + index + " name different repositories");
    }
  }

  /**
   * Parses {@code repository:tag} and {@code repository:platformTag}.
   *
   * @param repository registry/organization/name, without tag
   * @param tag the index tag, {@code +} already turned into {@code _}
   * @param platformTag the per-platform tag (by default {@code <tag>.<arch>})
   * @throws ImageRef.InvalidException when they make no valid reference
   */
  public static ImageRefs of(String repository, String tag, String platformTag) {
    return new ImageRefs(
        ImageRef.parse(repository + ":" + platformTag), ImageRef.parse(repository + ":" + tag));
  }

  /** registry/organization/name, without tag. */
  public String repository() {
    return index.name();
  }

  /** The index tag. */
  public String tag() {
    return index.tag();
  }

  /** The per-platform tag. */
  public String platformTag() {
    return platform.tag();
  }
}

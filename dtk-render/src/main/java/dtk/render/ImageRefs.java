package dtk.render;

import java.util.Objects;

/**
 * Where one target's image goes: {@code quay.io/centos/driver-toolkit:5.14.0-498.el9.x86_64} for
 * the platform, and the multi-arch index {@code quay.io/centos/driver-toolkit:5.14.0-498.el9} that
 * groups the platforms of one kernel.
 *
 * @param repository registry/organization/name, without tag
 * @param tag the index tag, {@code +} already turned into {@code _}
 * @param platformTag the per-platform tag (default {@code <tag>.<arch>})
 */
public record ImageRefs(String repository, String tag, String platformTag) {
  public ImageRefs {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(platformTag, "platformTag");
  }

  /** The per-platform image reference, the one a build is tagged with. */
  public String platformRef() {
    return repository + ":" + platformTag;
  }

  /** The multi-arch index reference. */
  public String indexRef() {
    return repository + ":" + tag;
  }
}

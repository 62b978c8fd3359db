package dtk.spec.model;

import java.util.Objects;

/**
 * {@code image:}: where the toolkit is pushed. Values may hold {@code ${...}} references.
 *
 * <pre>{ registry: quay.io, organization: centos, name: driver-toolkit, tag: "${kernel.version}" }
 * </pre>
 *
 * @param platformTag the per-platform tag, or {@code null} for the default {@code <tag>.<arch>}
 */
public record ImageSpec(
    String registry, String organization, String name, String tag, String platformTag) {
  public ImageSpec {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tag, "tag");
    organization = organization == null ? "" : organization;
  }
}

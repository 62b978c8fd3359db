package dtk.spec.model;

import java.util.List;

/**
 * {@code kernel:}: which kernel(s) to build for and how to install them.
 *
 * @param versions pinned versions ({@code version:} or {@code versions:}); empty means "read
 *     {@code source} at plan time"
 * @param source where to read the kernel version when none is pinned, or {@code null}
 */
public record KernelSpec(List<String> versions, LabelSource source, List<String> packages, List<Variant> variants) {
  public KernelSpec {
    versions = Copies.list(versions);
    packages = Copies.list(packages);
    variants = Copies.list(variants);
  }

  public boolean pinned() {
    return !versions.isEmpty();
  }
}

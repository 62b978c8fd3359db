package dtk.spec.model;

import java.util.List;

/**
 * {@code kernel:}: which kernel(s) to build for and how to install them.
 *
 * @param versions pinned versions ({@code version:} or {@code versions:}); empty means "read {@code
 *     source} at plan time"
 * @param source the image label to read the kernel version from when none is pinned, or {@code
 *     null}
 * @param repository the package repository to read the kernel versions from when none is pinned, or
 *     {@code null} (at most one of {@code source} and {@code repository} is set)
 * @param match {@code kernel.match}: the regular expression that picks node kernels ({@code
 *     --kernels-from}), or {@code null} for none
 */
public record KernelSpec(
    List<String> versions,
    LabelSource source,
    RepositorySource repository,
    String match,
    List<String> packages,
    List<Variant> variants) {
  public KernelSpec {
    versions = Copies.list(versions);
    packages = Copies.list(packages);
    variants = Copies.list(variants);
  }

  /** A kernel read from an image label or pinned, taking no node kernels. */
  public KernelSpec(
      List<String> versions, LabelSource source, List<String> packages, List<Variant> variants) {
    this(versions, source, null, null, packages, variants);
  }

  public boolean pinned() {
    return !versions.isEmpty();
  }
}

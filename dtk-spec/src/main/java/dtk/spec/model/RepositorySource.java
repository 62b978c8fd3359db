package dtk.spec.model;

import java.util.Objects;

/**
 * {@code kernel.source} that reads a package repository: the kernels it offers become the spec's
 * kernels, newest first.
 *
 * <pre>
 * kernel:
 *   source:
 *     repository: { type: apt, fromBaseImage: true, package: linux-headers-*-amd64 }
 *     newest: 2
 * </pre>
 *
 * @param type {@code dnf} or {@code apt}
 * @param urls dnf baseurls or apt {@code "URI SUITE COMPONENT..."} lines; empty with {@code
 *     fromBaseImage}
 * @param fromBaseImage read the repositories configured in the base image instead of {@code urls}
 * @param packageName dnf: the package whose version-release is the kernel; apt: a name with one
 *     {@code *}
 * @param newest how many kernels to keep per platform, newest first
 * @param match a regular expression the kernel version must contain a match of, or {@code null}
 */
public record RepositorySource(
    String type,
    java.util.List<String> urls,
    boolean fromBaseImage,
    String packageName,
    int newest,
    String match) {
  public RepositorySource {
    Objects.requireNonNull(type, "type");
    urls = Copies.list(urls);
    Objects.requireNonNull(packageName, "packageName");
  }

  /** How the source reads its repositories, for messages: the urls, or "the base image's". */
  public String where() {
    return fromBaseImage
        ? "the repositories configured in the base image"
        : String.join(", ", urls);
  }
}

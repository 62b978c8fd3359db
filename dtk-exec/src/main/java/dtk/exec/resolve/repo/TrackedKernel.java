package dtk.exec.resolve.repo;

import java.net.URI;
import java.util.Objects;

/**
 * A kernel a repository offers for one platform.
 *
 * @param version the kernel version ({@code 5.14.0-503.el9}, {@code 6.1.0-32-amd64}), what {@code
 *     kernel.version} would say
 * @param packageName the package it was found as ({@code kernel-devel}, {@code
 *     linux-headers-6.1.0-32-amd64})
 * @param packageVersion the package's version, the sort key ({@code 5.14.0-503.el9}, {@code
 *     6.1.129-1})
 * @param index the index it was read from (primary.xml.*, Packages.*)
 */
public record TrackedKernel(String version, String packageName, String packageVersion, URI index) {
  public TrackedKernel {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(packageVersion, "packageVersion");
    Objects.requireNonNull(index, "index");
  }
}

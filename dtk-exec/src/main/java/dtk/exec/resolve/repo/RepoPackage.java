package dtk.exec.resolve.repo;

import java.net.URI;
import java.util.Objects;

/**
 * One package a repository index lists, as a kernel candidate.
 *
 * @param kernel the kernel version it stands for: dnf {@code version-release}, apt the kernel
 *     release: the name after the pattern's prefix ({@code 6.1.0-32-amd64} of {@code
 *     linux-headers-6.1.0-32-amd64})
 * @param name the package name
 * @param version the package version as the index gives it (rpm {@code [epoch:]version-release},
 *     the Debian {@code Version:} field)
 * @param arch the package's arch as the index gives it ({@code x86_64}, {@code noarch}, {@code
 *     amd64}, {@code all})
 * @param index the index file it was read from
 */
public record RepoPackage(String kernel, String name, String version, String arch, URI index) {
  public RepoPackage {
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(index, "index");
  }
}

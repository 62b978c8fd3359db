package dtk.spec.model;

import java.util.List;
import java.util.Objects;

/**
 * One tool package: {@code binutils} or {@code { name: mokutil, platforms: [x86_64, aarch64] }}.
 */
public record PackageEntry(String name, List<String> platforms) {
  public PackageEntry {
    Objects.requireNonNull(name, "name");
    platforms = Copies.list(platforms);
  }

  /** Empty {@code platforms} means every platform. */
  public boolean appliesTo(String arch) {
    return platforms.isEmpty() || platforms.contains(arch);
  }
}

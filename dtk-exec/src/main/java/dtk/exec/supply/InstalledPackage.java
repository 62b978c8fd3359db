package dtk.exec.supply;

import java.util.List;
import java.util.Objects;

/**
 * One package as the image's package database records it.
 *
 * @param type {@code deb} or {@code rpm}
 * @param name the binary package name
 * @param version the full version: Debian {@code [epoch:]upstream-revision}, rpm {@code
 *     [epoch:]version-release}
 * @param arch {@code amd64}, {@code all}, {@code x86_64}, {@code noarch}
 * @param sourceName the source package ({@code linux}, {@code gcc-12}; rpm: the source rpm's name),
 *     or {@code null}
 * @param sourceVersion the source package's version when it differs, or {@code null}
 * @param license the license the database records (rpm {@code LICENSE}), or {@code null} (dpkg
 *     records none)
 * @param depends names of the packages this one depends on (alternatives: each of them), in order
 */
public record InstalledPackage(
    String type,
    String name,
    String version,
    String arch,
    String sourceName,
    String sourceVersion,
    String license,
    List<String> depends) {
  public InstalledPackage {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    depends = depends == null ? List.of() : List.copyOf(depends);
  }

  /**
   * Whether this is a kernel package: the kernel itself, its modules, headers or devel files
   * ({@code linux-image-*}, {@code linux-headers-*}, {@code linux-kbuild-*}, {@code kernel}, {@code
   * kernel-core}, {@code kernel-devel}, {@code kernel-headers}, {@code kernel-modules*}, and the
   * rt/64k flavours).
   */
  public boolean isKernel() {
    if (type.equals("deb")) {
      return name.startsWith("linux-image-")
          || name.startsWith("linux-headers-")
          || name.startsWith("linux-kbuild-")
          || name.startsWith("linux-modules-");
    }
    return name.equals("kernel")
        || name.matches(
            "kernel-(rt-|64k-)?(core|devel|devel-matched|headers|modules|modules-core|modules-extra)")
        || name.equals("kernel-rt")
        || name.equals("kernel-64k");
  }
}

package dtk.exec;

import dtk.render.Platforms;
import java.util.Locale;
import java.util.Objects;

/**
 * A build platform. {@code arch} uses the kernel's names as specs do ({@code x86_64}, {@code
 * aarch64}); {@link #ociArch()} gives the OCI names engines and registries use. The names come from
 * the one table in {@link Platforms}.
 */
public record Platform(String os, String arch) {
  public static final Platform X86_64 = new Platform("linux", "x86_64");
  public static final Platform AARCH64 = new Platform("linux", "aarch64");

  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(arch, "arch");
  }

  /** From a spec arch ({@code x86_64}) or an OCI one ({@code amd64}, {@code linux/arm64}). */
  public static Platform of(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    String os = "linux";
    int slash = v.indexOf('/');
    if (slash >= 0) {
      os = v.substring(0, slash);
      v = v.substring(slash + 1);
      int variant = v.indexOf('/');
      if (variant >= 0) {
        v = v.substring(0, variant);
      }
    }
    return new Platform(os, kernelArch(v));
  }

  /**
   * {@code amd64} → {@code x86_64}, {@code arm64} → {@code aarch64}; others unchanged ({@link
   * Platforms}).
   */
  public static String kernelArch(String arch) {
    return Platforms.kernelArch(arch);
  }

  /**
   * {@code x86_64} → {@code amd64}, {@code aarch64} → {@code arm64}; others unchanged ({@link
   * Platforms}).
   */
  public static String ociArch(String arch) {
    return Platforms.ociArch(arch);
  }

  /** Whether two names, kernel or OCI, with or without {@code os/}, are the same architecture. */
  public static boolean sameArch(String a, String b) {
    return of(a).arch().equals(of(b).arch());
  }

  public String ociArch() {
    return ociArch(arch);
  }

  /** {@code linux/amd64}, as {@code --platform} takes it. */
  public String oci() {
    return os + "/" + ociArch();
  }

  /** The platform of the JVM's machine. */
  public static Platform host() {
    String a = System.getProperty("os.arch", "amd64");
    return new Platform("linux", kernelArch(a));
  }

  @Override
  public String toString() {
    return oci();
  }
}

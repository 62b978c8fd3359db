package dtk.render;

import java.util.Map;

/**
 * The one table of architecture names: the kernel's as specs write them ({@code x86_64}) and the
 * OCI ones engines, registries and Kubernetes nodes use ({@code amd64}). {@code dtk.exec.Platform}
 * and the node-list reader read it.
 */
public final class Platforms {
  private static final Map<String, String> OCI_ARCH =
      Map.of(
          "x86_64", "amd64",
          "aarch64", "arm64",
          "ppc64le", "ppc64le",
          "s390x", "s390x");

  private Platforms() {}

  /** {@code x86_64} -> {@code amd64}; a name the table does not hold is returned unchanged. */
  public static String ociArch(String kernelArch) {
    return OCI_ARCH.getOrDefault(kernelArch, kernelArch);
  }

  /** {@code amd64} -> {@code x86_64}; a name the table does not hold is returned unchanged. */
  public static String kernelArch(String ociArch) {
    for (Map.Entry<String, String> e : OCI_ARCH.entrySet()) {
      if (e.getValue().equals(ociArch)) {
        return e.getKey();
      }
    }
    return ociArch;
  }

  /** Whether {@code arch} is one dtk can build for. */
  public static boolean known(String arch) {
    return OCI_ARCH.containsKey(arch);
  }

  /** {@code x86_64} -> {@code linux/amd64}, as {@code --platform} of the engines takes it. */
  public static String oci(String arch) {
    String a = OCI_ARCH.get(arch);
    if (a == null) {
      throw new IllegalArgumentException(
          "unknown platform '" + arch + "': use one of x86_64, aarch64, ppc64le, s390x");
    }
    return "linux/" + a;
  }
}

package dtk.render;

import java.util.Map;

/** Kernel architecture names as specs write them ({@code x86_64}) and OCI platforms ({@code linux/amd64}). */
public final class Platforms {
  private static final Map<String, String> OCI_ARCH = Map.of(
      "x86_64", "amd64",
      "aarch64", "arm64",
      "ppc64le", "ppc64le",
      "s390x", "s390x");

  private Platforms() {}

  /** Whether {@code arch} is one dtk can build for. */
  public static boolean known(String arch) {
    return OCI_ARCH.containsKey(arch);
  }

  /** {@code x86_64} -> {@code linux/amd64}, as {@code --platform} of the engines takes it. */
  public static String oci(String arch) {
    String a = OCI_ARCH.get(arch);
    if (a == null) {
      throw new IllegalArgumentException("unknown platform '" + arch + "': use one of x86_64, aarch64, ppc64le, s390x");
    }
    return "linux/" + a;
  }
}

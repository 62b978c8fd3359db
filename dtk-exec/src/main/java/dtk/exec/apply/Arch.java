package dtk.exec.apply;

import java.util.Map;

/** Spec platform names ({@code x86_64}) against OCI architectures ({@code amd64}). */
public final class Arch {
  private static final Map<String, String> TO_OCI = Map.of(
      "x86_64", "amd64", "aarch64", "arm64", "ppc64le", "ppc64le", "s390x", "s390x");

  private Arch() {}

  /** The OCI architecture for a spec platform name; unknown names pass through. */
  public static String toOci(String arch) {
    return TO_OCI.getOrDefault(arch, arch);
  }

  /** The spec platform name for an OCI architecture; unknown names pass through. */
  public static String fromOci(String oci) {
    for (Map.Entry<String, String> e : TO_OCI.entrySet()) {
      if (e.getValue().equals(oci)) {
        return e.getKey();
      }
    }
    return oci;
  }

  /** Whether two names, in either spelling, mean the same architecture. */
  public static boolean sameArch(String a, String b) {
    return toOci(a).equals(toOci(b));
  }
}

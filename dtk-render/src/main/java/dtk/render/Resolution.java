package dtk.render;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of one spec that are not written in it, per platform: what the planner needs besides
 * the spec to expand it into {@link Target}s. {@link OfflineResolver} fills it from pins ({@code
 * kernel.version}, {@code --kernel-version}, fact pins); dtk-exec fills it online from registries
 * (the {@code kernel.source} label, fact labels, base image digests) and git.
 *
 * <pre>
 * new Resolution(
 *     Map.of("x86_64", List.of("5.14.0-498.el9")),                       // kernels per arch
 *     Map.of("x86_64", Map.of("compose", "CentOS-Stream-9-20240708.0")), // facts per arch
 *     Map.of("x86_64", "sha256:..."),                                    // base digest per arch
 *     "4f2c1a9", 1720000000L);
 * </pre>
 *
 * @param kernelVersions kernel versions per arch, in build order; every planned arch needs one
 * @param facts fact values per arch, by fact name
 * @param baseDigests base image digest per arch; an arch without one builds {@code FROM} the tag
 * @param vcsRef the commit, or {@code null} when unknown
 * @param sourceDateEpoch reproducible timestamp, or {@code null}
 * @param kernelOrigins per arch, where each kernel version came from ({@code pinned by
 *     kernel.version}, {@code repository http://.../Packages.xz (linux-headers-6.1.0-57-amd64
 *     6.1.158-1)}, {@code nodes n1, n2})
 * @param notes what a plan should say about the kernels (a kernel only some platforms have)
 */
public record Resolution(
    Map<String, List<String>> kernelVersions,
    Map<String, Map<String, String>> facts,
    Map<String, String> baseDigests,
    String vcsRef,
    Long sourceDateEpoch,
    Map<String, Map<String, String>> kernelOrigins,
    List<String> notes) {
  /** A resolution without kernel origins or notes. */
  public Resolution(
      Map<String, List<String>> kernelVersions,
      Map<String, Map<String, String>> facts,
      Map<String, String> baseDigests,
      String vcsRef,
      Long sourceDateEpoch) {
    this(kernelVersions, facts, baseDigests, vcsRef, sourceDateEpoch, Map.of(), List.of());
  }

  public Resolution {
    Map<String, Map<String, String>> o = new LinkedHashMap<>();
    if (kernelOrigins != null) {
      kernelOrigins.forEach(
          (k, v) -> o.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    }
    kernelOrigins = Collections.unmodifiableMap(o);
    notes = notes == null ? List.of() : List.copyOf(notes);
    Map<String, List<String>> kv = new LinkedHashMap<>();
    if (kernelVersions != null) {
      kernelVersions.forEach((k, v) -> kv.put(k, List.copyOf(v)));
    }
    kernelVersions = Collections.unmodifiableMap(kv);
    Map<String, Map<String, String>> f = new LinkedHashMap<>();
    if (facts != null) {
      facts.forEach((k, v) -> f.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    }
    facts = Collections.unmodifiableMap(f);
    baseDigests =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(baseDigests == null ? Map.of() : baseDigests));
  }

  /** The kernel versions of {@code arch}, empty when none was resolved. */
  public List<String> kernelVersions(String arch) {
    return kernelVersions.getOrDefault(arch, List.of());
  }

  /** Where {@code kernel} of {@code arch} came from, or {@code null} when not recorded. */
  public String kernelOrigin(String arch, String kernel) {
    return kernelOrigins.getOrDefault(arch, Map.of()).get(kernel);
  }

  /** The fact values of {@code arch}, empty when none was resolved. */
  public Map<String, String> facts(String arch) {
    return facts.getOrDefault(arch, Map.of());
  }

  /** The archs that have a kernel version, in order. */
  public List<String> archs() {
    return new ArrayList<>(kernelVersions.keySet());
  }
}

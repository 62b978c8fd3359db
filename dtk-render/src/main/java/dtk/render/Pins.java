package dtk.render;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the command line pins for an offline plan, on top of what the spec pins itself.
 *
 * @param kernelVersions {@code --kernel-version} values; empty = take the spec's {@code kernel.version(s)}
 * @param facts fact values by name ({@code --fact NAME=VALUE}), for facts the spec reads from image labels
 * @param baseDigests base image digest per arch, when known
 * @param vcsRef the commit, or {@code null}
 * @param sourceDateEpoch reproducible timestamp, or {@code null}
 */
public record Pins(
    List<String> kernelVersions,
    Map<String, String> facts,
    Map<String, String> baseDigests,
    String vcsRef,
    Long sourceDateEpoch) {
  public static final Pins NONE = new Pins(List.of(), Map.of(), Map.of(), null, null);

  public Pins {
    kernelVersions = kernelVersions == null ? List.of() : List.copyOf(kernelVersions);
    facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts == null ? Map.of() : facts));
    baseDigests = Collections.unmodifiableMap(new LinkedHashMap<>(baseDigests == null ? Map.of() : baseDigests));
  }

  /**
   * How to pin the kernel of the spec named {@code name}: {@code --set NAME:kernel.version=...}
   * pins that spec whatever else is planned; {@code --kernel-version} only when it is the only one.
   */
  public static String unpinnedKernelHint(String name) {
    return "pin it with --set " + name + ":kernel.version=VERSION (or --kernel-version VERSION when it is the only spec given)";
  }

  public Pins withKernelVersions(List<String> versions) {
    return new Pins(versions, facts, baseDigests, vcsRef, sourceDateEpoch);
  }
}

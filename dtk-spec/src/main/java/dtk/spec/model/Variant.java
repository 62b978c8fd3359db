package dtk.spec.model;

import java.util.List;
import java.util.Objects;

/**
 * An extra kernel flavour installed in the same image, off unless {@code enabled}.
 *
 * <pre>
 * - name: rt                     # kernel release gets "+rt"
 *   enabled: false
 *   platforms: [x86_64]          # empty = every platform of the spec
 *   enableRepos: [rt]
 *   packages: [kernel-rt-devel-${kernel.version}]
 * </pre>
 */
public record Variant(
    String name,
    boolean enabled,
    List<String> platforms,
    List<String> enableRepos,
    List<String> packages) {
  public Variant {
    Objects.requireNonNull(name, "name");
    platforms = Copies.list(platforms);
    enableRepos = Copies.list(enableRepos);
    packages = Copies.list(packages);
  }

  /** Whether this variant is installed for {@code arch}. */
  public boolean appliesTo(String arch) {
    return enabled && (platforms.isEmpty() || platforms.contains(arch));
  }

  /** The kernel release of this flavour: {@code 5.14.0-498.el9+rt}. */
  public String release(String kernelVersion) {
    return kernelVersion + "+" + name;
  }
}

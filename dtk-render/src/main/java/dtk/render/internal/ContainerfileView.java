package dtk.render.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Containerfile template sees: the resolved values of one target, already filtered for its
 * platform. Names ending in {@code Words} are finished shell words (quoted, with the kernel version
 * as {@code "${KERNEL_VERSION}"}); every other string is raw and the template escapes it.
 *
 * @param name the target name
 * @param arch the platform ({@code x86_64})
 * @param from what FROM names (pinned by digest when known)
 * @param args user build argument names, declared as ARG
 * @param repositories repo files to install before any package
 * @param packages tool packages for this platform (kernel-independent layer)
 * @param kernelPackageWords kernel packages (kernel layer)
 * @param variants kernel flavours enabled on this platform
 * @param compilerMatchesKernel install gcc of the kernel's version
 * @param secrets ids of secrets mounted into package-manager steps
 * @param subscription whether the rhsm-org + rhsm-activationkey secrets register the build with
 *     subscription-manager around each package-manager step
 * @param releaseFile write /etc/driver-toolkit-release.json and .sh
 * @param kernelReleaseSuffix appended to KERNEL_VERSION to name /lib/modules/ (dnf: {@code
 *     .x86_64})
 * @param user the non-root user, or {@code null}
 * @param labels labels to set, in order
 */
public record ContainerfileView(
    String name,
    String arch,
    String from,
    List<String> args,
    List<RepoView> repositories,
    List<String> packages,
    List<String> kernelPackageWords,
    List<VariantView> variants,
    boolean compilerMatchesKernel,
    List<String> secrets,
    boolean subscription,
    boolean releaseFile,
    String kernelReleaseSuffix,
    UserView user,
    Map<String, String> labels) {
  public ContainerfileView {
    args = List.copyOf(args);
    repositories = List.copyOf(repositories);
    packages = List.copyOf(packages);
    kernelPackageWords = List.copyOf(kernelPackageWords);
    variants = List.copyOf(variants);
    secrets = List.copyOf(secrets);
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }

  /** A repo file: {@code source} in the build context, {@code name} under the repo directory. */
  public record RepoView(String source, String name) {}

  /**
   * A kernel flavour: {@code releaseKey} is its key in the release files ({@code
   * RT_KERNEL_VERSION}), {@code releaseSuffix} what its kernel release adds ({@code +rt}).
   */
  public record VariantView(
      String name,
      List<String> enableRepos,
      List<String> packageWords,
      String releaseKey,
      String releaseSuffix) {
    public VariantView {
      enableRepos = List.copyOf(enableRepos);
      packageWords = List.copyOf(packageWords);
    }
  }

  /** The non-root user. */
  public record UserView(String name, int uid) {}
}

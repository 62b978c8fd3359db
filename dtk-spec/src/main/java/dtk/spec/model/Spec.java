package dtk.spec.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One loaded spec file, after {@code extends} and {@code --set} are applied. String values keep
 * their {@code ${...}} references; they are resolved per target when planning.
 *
 * <pre>
 * apiVersion: dtk/v1
 * kind: DriverToolkit
 * metadata: { name: centos }
 * baseImage: quay.io/centos/centos:stream9
 * packageManager: dnf
 * platforms: [x86_64, aarch64]
 * kernel: { source: { image: quay.io/centos-bootc/centos-bootc:stream9, label: ostree.linux } }
 * image: { registry: quay.io, organization: centos, name: driver-toolkit, tag: "${kernel.version}" }
 * </pre>
 *
 * @param file the spec file as given (relative paths stay relative, for messages)
 * @param facts named values read from image labels when planning, in declaration order
 * @param repositories repo files, resolved against the file that names them
 */
public record Spec(
    Path file,
    SourceMap source,
    String apiVersion,
    Kind kind,
    Metadata metadata,
    String baseImage,
    PackageManager packageManager,
    List<String> platforms,
    KernelSpec kernel,
    Map<String, LabelSource> facts,
    List<Path> repositories,
    CompilerSpec compiler,
    List<PackageEntry> packages,
    Map<String, String> labels,
    List<String> unsetLabels,
    ImageSpec image,
    BuildSpec build,
    VerifySpec verify) {
  public Spec {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(metadata, "metadata");
    platforms = Copies.list(platforms);
    facts = Copies.map(facts);
    repositories = Copies.list(repositories);
    packages = Copies.list(packages);
    labels = Copies.map(labels);
    unsetLabels = Copies.list(unsetLabels);
  }

  public String name() {
    return metadata.name();
  }
}

package dtk.exec.resolve.repo;

import dtk.exec.Platform;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The kernels package repositories offer, per platform: reads every URL of a {@link Query} (dnf
 * baseurls or apt source lines), merges what they list, orders it newest first (rpm or dpkg order
 * of the package versions) and applies the {@link KernelSelection}.
 */
public final class RepositoryKernelSource {
  /** The repository kind. */
  public enum Type {
    DNF,
    APT;

    /** From the spec's {@code dnf} or {@code apt}. */
    public static Type of(String s) {
      switch (s.toLowerCase(Locale.ROOT)) {
        case "dnf":
        case "yum":
          return DNF;
        case "apt":
          return APT;
        default:
          throw new IllegalArgumentException("repository type '" + s + "' is not dnf or apt");
      }
    }
  }

  /**
   * What to read.
   *
   * @param urls dnf: baseurls ({@code ${arch}} and {@code $basearch} become the platform's rpm
   *     arch); apt: {@code "URI SUITE COMPONENT..."} lines
   * @param packageName dnf: the package whose {@code version-release} is the kernel ({@code
   *     kernel-devel}); apt: a name with one {@code *} for the kernel ({@code
   *     linux-headers-*-amd64})
   */
  public record Query(Type type, List<String> urls, String packageName, KernelSelection selection) {
    public Query {
      Objects.requireNonNull(type, "type");
      urls = List.copyOf(urls);
      Objects.requireNonNull(packageName, "packageName");
      Objects.requireNonNull(selection, "selection");
      if (urls.isEmpty()) {
        throw new IllegalArgumentException("no repository URL");
      }
      if (type == Type.APT) {
        PackagePattern.parse(packageName);
        urls.forEach(AptSource::parse);
      }
    }
  }

  /**
   * The kernels of one platform, newest first.
   *
   * @param kernels the selection's result (never empty)
   * @param seen every kernel version the repositories list for the platform, newest first
   * @param indexes the index files read
   */
  public record PlatformKernels(
      Platform platform, List<TrackedKernel> kernels, List<String> seen, List<URI> indexes) {
    public PlatformKernels {
      kernels = List.copyOf(kernels);
      seen = List.copyOf(seen);
      indexes = List.copyOf(indexes);
    }
  }

  private final DnfRepository dnf;
  private final AptRepository apt;

  public RepositoryKernelSource(Fetcher fetcher) {
    this.dnf = new DnfRepository(fetcher);
    this.apt = new AptRepository(fetcher);
  }

  /** Each platform's kernels, in the platforms' order; fails for the first platform with none. */
  public Map<Platform, PlatformKernels> resolve(Query q, List<Platform> platforms)
      throws IOException {
    Map<Platform, PlatformKernels> out = new LinkedHashMap<>();
    for (Platform p : platforms) {
      out.put(p, resolve(q, p));
    }
    return out;
  }

  /**
   * One platform's kernels, newest first.
   *
   * @throws NoKernelMatchedException when none passes the selection (the message lists those seen)
   * @throws RepositoryException when a repository cannot be read
   */
  public PlatformKernels resolve(Query q, Platform platform) throws IOException {
    List<RepoPackage> all = new ArrayList<>();
    List<URI> indexes = new ArrayList<>();
    List<String> where = new ArrayList<>();
    int scanned = 0;
    Comparator<RepoPackage> newestFirst;
    String archName;
    if (q.type() == Type.DNF) {
      archName = platform.arch();
      newestFirst =
          Comparator.comparing((RepoPackage p) -> RpmVersion.parse(p.version())).reversed();
      for (String u : q.urls()) {
        URI base = URI.create(expandArch(u, archName));
        DnfRepository.Listing l = dnf.list(base, q.packageName(), archName);
        all.addAll(l.packages());
        indexes.add(l.primary().url());
        where.add(base.toString());
        scanned += l.scanned();
      }
    } else {
      archName = AptRepository.debianArch(platform.arch());
      newestFirst =
          Comparator.comparing((RepoPackage p) -> DebVersion.parse(p.version())).reversed();
      PackagePattern pattern = PackagePattern.parse(q.packageName());
      for (String line : q.urls()) {
        AptSource s = AptSource.parse(line);
        AptRepository.Listing l = apt.list(s, archName, pattern);
        all.addAll(l.packages());
        indexes.addAll(l.indexes());
        where.add(s.toString());
        scanned += l.scanned();
      }
    }
    all.sort(newestFirst);
    // one entry per kernel version: the newest package that carries it
    Set<String> versions = new LinkedHashSet<>();
    List<TrackedKernel> ordered = new ArrayList<>();
    for (RepoPackage p : all) {
      if (versions.add(p.kernel())) {
        ordered.add(new TrackedKernel(p.kernel(), p.name(), p.version(), p.index()));
      }
    }
    List<String> seen = List.copyOf(versions);
    List<TrackedKernel> chosen = q.selection().apply(ordered);
    if (chosen.isEmpty()) {
      String in = String.join(", ", where);
      if (seen.isEmpty()) {
        throw new NoKernelMatchedException(
            "no package "
                + q.packageName()
                + " for "
                + archName
                + " in "
                + in
                + " ("
                + scanned
                + " packages listed)",
            "check kernel.source.repository.package and the urls (the arch is " + archName + ")",
            seen);
      }
      throw new NoKernelMatchedException(
          "no version of "
              + q.packageName()
              + " for "
              + archName
              + " in "
              + in
              + " matches '"
              + q.selection().match().map(java.util.regex.Pattern::pattern).orElse("")
              + "'; seen: "
              + abbreviate(seen),
          "loosen or remove kernel.source.match",
          seen);
    }
    return new PlatformKernels(platform, chosen, seen, indexes);
  }

  private static String abbreviate(List<String> seen) {
    int max = 20;
    String head = String.join(", ", seen.subList(0, Math.min(max, seen.size())));
    return seen.size() > max ? head + " and " + (seen.size() - max) + " more" : head;
  }

  /**
   * {@code ${arch}}, {@code $arch}, {@code ${basearch}} and {@code $basearch} become {@code arch}.
   */
  static String expandArch(String url, String arch) {
    return url.replace("${basearch}", arch)
        .replace("$basearch", arch)
        .replace("${arch}", arch)
        .replace("$arch", arch);
  }
}

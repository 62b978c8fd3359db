package dtk.exec.resolve.image;

import dtk.exec.ExecException;
import dtk.exec.Platform;
import dtk.exec.registry.RegistryOptions;
import dtk.exec.resolve.repo.AptRepository;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The package repositories a base image is configured with, read from its layers (never by running
 * it): apt's {@code /etc/apt/sources.list} and {@code /etc/apt/sources.list.d/*.list} / {@code
 * *.sources} (in apt's order: sources.list first, then the directory by name), and dnf's {@code
 * /etc/yum.repos.d/*.repo} with {@code $releasever} from os-release ({@link OsRelease#releasever}),
 * {@code $basearch}/{@code $arch} from the platform and further variables from {@code
 * /etc/dnf/vars/NAME} and {@code /etc/yum/vars/NAME} (the latter wins, as dnf reads them in that
 * order). The lines and baseurls are what {@link
 * dtk.exec.resolve.repo.RepositoryKernelSource.Query} takes; each carries the file it came from, so
 * a plan can say where a repository came from.
 *
 * <pre>
 * BaseImageRepositories r = BaseImageRepositories.read(LayerSource.registry(options), image, Platform.X86_64);
 * List&lt;String&gt; urls = r.requireDnf();          // or r.requireApt()
 * </pre>
 *
 * @param digest the manifest digest of the platform's image that was read
 * @param osRelease {@code /etc/os-release}, else {@code /usr/lib/os-release} (empty when neither
 *     exists)
 * @param releasever dnf's {@code $releasever} as used, or {@code null}
 * @param apt {@code "URI SUITE COMPONENT..."} lines with their file and line
 * @param dnf expanded baseurls with their file, the line of their section and the repository id
 * @param skipped entries left out, each with the reason (mirrorlist-only repositories, flat apt
 *     repositories, other transports, symlinks to files not read)
 */
public record BaseImageRepositories(
    ImageRef image,
    Digest digest,
    Platform platform,
    Map<String, String> osRelease,
    String releasever,
    List<Entry> apt,
    List<Entry> dnf,
    List<Skipped> skipped) {

  /**
   * One repository entry.
   *
   * @param value an apt line or a dnf baseurl
   * @param file the file in the image ({@code /etc/apt/sources.list.d/debian.sources})
   * @param line 1-based: the entry's line (one-line apt), its paragraph's first line (deb822) or
   *     its section's line (dnf)
   * @param repo the dnf repository id, {@code null} for apt
   */
  public record Entry(String value, String file, int line, String repo) {
    public Entry {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(file, "file");
    }
  }

  /**
   * An entry that was left out and why: {@code what} is a repository id ({@code [fedora]}) or an
   * apt line.
   */
  public record Skipped(String file, int line, String what, String reason) {}

  public BaseImageRepositories {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(platform, "platform");
    osRelease = Collections.unmodifiableMap(new LinkedHashMap<>(osRelease));
    apt = List.copyOf(apt);
    dnf = List.copyOf(dnf);
    skipped = List.copyOf(skipped);
  }

  /** The apt lines, in apt's order. */
  public List<String> aptLines() {
    return apt.stream().map(Entry::value).toList();
  }

  /** The dnf baseurls, by file name and then in file order. */
  public List<String> dnfBaseUrls() {
    return dnf.stream().map(Entry::value).toList();
  }

  /**
   * The apt lines; an {@link ExecException} naming the image and the skipped entries when there are
   * none.
   */
  public List<String> requireApt() {
    return require(
        aptLines(),
        "apt sources",
        "/etc/apt/sources.list, /etc/apt/sources.list.d/*.list or *.sources");
  }

  /**
   * The dnf baseurls; an {@link ExecException} naming the image and the skipped entries when there
   * are none.
   */
  public List<String> requireDnf() {
    return require(dnfBaseUrls(), "dnf repositories with a baseurl", "/etc/yum.repos.d/*.repo");
  }

  private List<String> require(List<String> values, String what, String files) {
    if (!values.isEmpty()) {
      return values;
    }
    StringBuilder m =
        new StringBuilder(
            "image " + image + " (" + platform.oci() + ") has no " + what + " in " + files);
    for (Skipped s : skipped) {
      m.append("\n  skipped ")
          .append(s.what())
          .append(" (")
          .append(s.file())
          .append(':')
          .append(s.line())
          .append("): ")
          .append(s.reason());
    }
    throw new ExecException(
        m.toString(),
        "give kernel.source.repository.urls instead of reading the base image's repositories");
  }

  /**
   * Reads the repositories of {@code image}'s {@code platform} image from a registry.
   *
   * @throws dtk.exec.registry.RegistryException the registry failed, the image or platform is
   *     missing, a layer does not match its digest
   * @throws ExecException a layer cannot be decoded, a file is malformed or too large, a dnf
   *     variable is unknown, or the image has none of the package manager files
   */
  public static BaseImageRepositories read(
      RegistryOptions options, ImageRef image, Platform platform) {
    return read(LayerSource.registry(options), image, platform);
  }

  /**
   * As {@link #read(RegistryOptions, ImageRef, Platform)}, from any layer source (keep one per run:
   * it reuses connections and tokens).
   */
  public static BaseImageRepositories read(LayerSource source, ImageRef image, Platform platform) {
    return of(BaseImageFiles.read(source, image, platform, BaseImageFiles.PACKAGE_MANAGER_FILES));
  }

  /** Parses files already read. */
  public static BaseImageRepositories of(BaseImageFiles.Files f) {
    String where = "image " + f.image() + " (" + f.platform().oci() + ")";
    Map<String, String> os = Map.of();
    for (String p : List.of("/etc/os-release", "/usr/lib/os-release")) {
      if (f.text(p) != null) {
        os = OsRelease.parse(f.text(p));
        break;
      }
    }
    List<Entry> apt = new ArrayList<>();
    List<Entry> dnf = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    boolean any = false;

    String debArch = AptRepository.debianArch(f.platform().arch());
    if (f.text("/etc/apt/sources.list") != null) {
      any = true;
      AptSources.oneLine(
          where, "/etc/apt/sources.list", f.text("/etc/apt/sources.list"), debArch, apt, skipped);
    }
    for (String p : f.in("/etc/apt/sources.list.d")) {
      any = true;
      if (p.endsWith(".list")) {
        AptSources.oneLine(where, p, f.text(p), debArch, apt, skipped);
      } else {
        AptSources.deb822(where, p, f.text(p), debArch, apt, skipped);
      }
    }

    Map<String, String> vars = new LinkedHashMap<>();
    String releasever = OsRelease.releasever(os);
    if (releasever != null) {
      vars.put("releasever", releasever);
    }
    vars.put("basearch", basearch(f.platform().arch()));
    vars.put("arch", f.platform().arch());
    for (String dir : List.of("/etc/dnf/vars", "/etc/yum/vars")) {
      for (String p : f.in(dir)) {
        String name = p.substring(p.lastIndexOf('/') + 1);
        if (name.matches("[A-Za-z0-9_]+")) {
          String value = f.text(p).split("\r?\n", 2)[0].strip();
          vars.put(name, value);
        }
      }
    }
    releasever = vars.get("releasever");
    if (releasever != null) {
      int dot = releasever.indexOf('.');
      vars.putIfAbsent("releasever_major", dot > 0 ? releasever.substring(0, dot) : releasever);
      vars.putIfAbsent("releasever_minor", dot > 0 ? releasever.substring(dot + 1) : "");
    }
    String varsOrigin =
        "dnf variables come from os-release, the platform, /etc/dnf/vars and /etc/yum/vars";
    for (String p : f.in("/etc/yum.repos.d")) {
      any = true;
      DnfRepoFiles.parse(where, p, f.text(p), vars, varsOrigin, dnf, skipped);
    }

    for (Map.Entry<String, String> l : f.unresolvedLinks().entrySet()) {
      String p = l.getKey();
      if (p.startsWith("/etc/apt/") || p.startsWith("/etc/yum.repos.d/")) {
        any = true;
        skipped.add(
            new Skipped(
                p,
                0,
                p,
                "a symlink to "
                    + l.getValue()
                    + ", which is not among the files dtk reads from the image"));
      }
    }
    if (!any) {
      throw new ExecException(
          where
              + " has no package manager configuration: none of /etc/apt/sources.list, "
              + "/etc/apt/sources.list.d/*.list, /etc/apt/sources.list.d/*.sources or /etc/yum.repos.d/*.repo is in its "
              + f.layers()
              + " layer(s)",
          "give kernel.source.repository.urls instead of reading the base image's repositories");
    }
    return new BaseImageRepositories(
        f.image(), f.digest(), f.platform(), os, releasever, apt, dnf, skipped);
  }

  /** dnf's {@code $basearch} for a kernel arch. */
  static String basearch(String arch) {
    switch (arch) {
      case "i486":
      case "i586":
      case "i686":
        return "i386";
      case "armv7l":
        return "armhfp";
      default:
        return arch;
    }
  }
}

package dtk.exec.resolve.repo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads an apt repository as apt does: {@code dists/SUITE/InRelease} (or {@code Release}), then
 * {@code COMPONENT/binary-ARCH/Packages.xz} (or {@code .gz}, or plain) verified against the Release
 * file's SHA256 entry, parsed stanza by stanza as a stream. Signatures are not checked.
 */
public final class AptRepository {
  private final Fetcher fetcher;

  public AptRepository(Fetcher fetcher) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
  }

  /** One index a Release file lists: its path under {@code dists/SUITE/}, sha256 and size. */
  public record IndexEntry(String path, String sha256, long size) {}

  /** The result of reading one source line for one arch. */
  public record Listing(
      AptSource source, List<URI> indexes, List<RepoPackage> packages, int scanned) {
    public Listing {
      indexes = List.copyOf(indexes);
      packages = List.copyOf(packages);
    }
  }

  /**
   * The packages of every component of {@code source} for Debian arch {@code debArch} ({@code
   * amd64}, {@code arm64}) whose name matches {@code pattern} (arch {@code all} counts for every
   * arch). In index order.
   */
  public Listing list(AptSource source, String debArch, PackagePattern pattern) throws IOException {
    Map<String, IndexEntry> release = release(source);
    List<URI> indexes = new ArrayList<>();
    List<RepoPackage> found = new ArrayList<>();
    int[] scanned = {0};
    for (String component : source.components()) {
      String dir = component + "/binary-" + debArch + "/";
      IndexEntry e = null;
      for (String name : new String[] {"Packages.xz", "Packages.gz", "Packages"}) {
        e = release.get(dir + name);
        if (e != null) {
          break;
        }
      }
      if (e == null) {
        throw new RepositoryException(
            source.dists(),
            source.dists() + "Release lists no " + dir + "Packages(.xz|.gz) with a SHA256",
            "check the component '"
                + component
                + "' and the arch '"
                + debArch
                + "' (the suite may not carry it)");
      }
      URI url = source.dists().resolve(e.path());
      indexes.add(url);
      Parsing.verified(
          fetcher,
          url,
          "sha256",
          e.sha256(),
          e.size(),
          in -> {
            scanPackages(in, url, debArch, pattern, found, scanned);
            return null;
          });
    }
    return new Listing(source, indexes, found, scanned[0]);
  }

  /** The SHA256 section of {@code InRelease} (or {@code Release} when there is none), by path. */
  public Map<String, IndexEntry> release(AptSource source) throws IOException {
    URI inRelease = source.dists().resolve("InRelease");
    URI release = source.dists().resolve("Release");
    InputStream in;
    URI url;
    try {
      in = fetcher.open(inRelease);
      url = inRelease;
    } catch (RepositoryException.NotFound e) {
      try {
        in = fetcher.open(release);
      } catch (RepositoryException.NotFound e2) {
        throw new RepositoryException.NotFound(
            release,
            "no InRelease or Release file for suite '" + source.suite() + "' at " + source.dists(),
            "check the repository URI and the suite name");
      }
      url = release;
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return parseRelease(r, url);
    }
  }

  static Map<String, IndexEntry> parseRelease(BufferedReader r, URI url) throws IOException {
    Map<String, IndexEntry> out = new LinkedHashMap<>();
    boolean signed = false;
    boolean inSha256 = false;
    int lineNo = 0;
    String line;
    while ((line = r.readLine()) != null) {
      lineNo++;
      if (lineNo == 1 && line.equals("-----BEGIN PGP SIGNED MESSAGE-----")) {
        signed = true;
        // armor headers ("Hash: SHA512") up to the first blank line
        while ((line = r.readLine()) != null && !line.isEmpty()) {
          lineNo++;
        }
        lineNo++;
        continue;
      }
      if (signed && line.equals("-----BEGIN PGP SIGNATURE-----")) {
        break;
      }
      if (signed && line.startsWith("- ")) {
        line = line.substring(2);
      }
      if (line.isEmpty()) {
        continue;
      }
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        if (inSha256) {
          String[] f = line.strip().split("\\s+");
          if (f.length != 3) {
            throw new RepositoryException(
                url,
                url
                    + ":"
                    + lineNo
                    + ": a SHA256 line must be \"HASH SIZE PATH\": '"
                    + line.strip()
                    + "'",
                "the Release file is broken; use another mirror");
          }
          long size;
          try {
            size = Long.parseLong(f[1]);
          } catch (NumberFormatException e) {
            throw new RepositoryException(
                url,
                url + ":" + lineNo + ": size '" + f[1] + "' is not a number",
                "the Release file is broken; use another mirror");
          }
          out.put(f[2], new IndexEntry(f[2], f[0].toLowerCase(Locale.ROOT), size));
        }
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new RepositoryException(
            url,
            url + ":" + lineNo + ": not a \"Field: value\" line: '" + line + "'",
            "the Release file is broken; check the URL or use another mirror");
      }
      inSha256 = line.substring(0, colon).equals("SHA256");
    }
    if (out.isEmpty()) {
      throw new RepositoryException(
          url,
          url + " has no SHA256 entries",
          "dtk only reads indexes it can verify; use a repository whose Release file has a SHA256 section");
    }
    return out;
  }

  /**
   * The stanza reader: fields {@code Package}, {@code Version}, {@code Architecture}; other fields
   * and continuation lines are skipped without being kept.
   */
  static void scanPackages(
      InputStream in,
      URI url,
      String debArch,
      PackagePattern pattern,
      List<RepoPackage> out,
      int[] scanned)
      throws IOException {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    String pkg = null;
    String version = null;
    String arch = null;
    int start = 0;
    int lineNo = 0;
    boolean inStanza = false;
    String line;
    while (true) {
      line = r.readLine();
      if (line != null) {
        lineNo++;
      }
      if (line == null || line.isEmpty() || line.equals("\r")) {
        if (inStanza) {
          scanned[0]++;
          if (pkg == null) {
            throw stanzaError(url, start, "has no Package field");
          }
          String kernel = pattern.kernel(pkg);
          if (kernel != null && (arch == null || arch.equals(debArch) || arch.equals("all"))) {
            if (version == null) {
              throw stanzaError(url, start, "(" + pkg + ") has no Version field");
            }
            try {
              DebVersion.parse(version);
            } catch (IllegalArgumentException e) {
              throw stanzaError(url, start, "(" + pkg + "): " + e.getMessage());
            }
            // the kernel release (uname -r, what kernel.version holds): the name after the prefix
            out.add(
                new RepoPackage(
                    kernel + pattern.suffix(), pkg, version, arch == null ? debArch : arch, url));
          }
          inStanza = false;
          pkg = version = arch = null;
        }
        if (line == null) {
          break;
        }
        continue;
      }
      char c0 = line.charAt(0);
      if (c0 == ' ' || c0 == '\t') {
        if (!inStanza) {
          throw stanzaError(url, lineNo, "a continuation line outside a stanza");
        }
        continue;
      }
      if (!inStanza) {
        inStanza = true;
        start = lineNo;
      }
      if (c0 == 'P' && line.startsWith("Package:")) {
        pkg = line.substring(8).strip();
      } else if (c0 == 'V' && line.startsWith("Version:")) {
        version = line.substring(8).strip();
      } else if (c0 == 'A' && line.startsWith("Architecture:")) {
        arch = line.substring(13).strip();
      } else if (line.indexOf(':') <= 0) {
        throw stanzaError(url, lineNo, "not a \"Field: value\" line: '" + abbreviate(line) + "'");
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  private static RepositoryException stanzaError(URI url, int line, String what) {
    String msg =
        what.startsWith("not a") || what.startsWith("a continuation")
            ? url + ":" + line + ": " + what
            : url + ":" + line + ": the stanza starting here " + what;
    return new RepositoryException(
        url, msg, "the Packages index is broken; check the URL or use another mirror");
  }

  /**
   * Debian's name for a dtk platform arch: {@code x86_64} → {@code amd64}, {@code aarch64} → {@code
   * arm64}.
   */
  public static String debianArch(String kernelArch) {
    switch (kernelArch) {
      case "x86_64":
        return "amd64";
      case "aarch64":
        return "arm64";
      case "ppc64le":
        return "ppc64el";
      case "i686":
      case "i386":
        return "i386";
      case "armv7l":
        return "armhf";
      default:
        return kernelArch;
    }
  }
}

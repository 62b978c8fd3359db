package dtk.exec.resolve.repo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a dnf/yum repository as dnf does: {@code repodata/repomd.xml}, then the {@code primary}
 * index it names (gz, xz or zst by its href), verified against repomd's checksum and size and
 * parsed as a stream (StAX: one package at a time, never the whole document).
 */
public final class DnfRepository {
  private final Fetcher fetcher;

  public DnfRepository(Fetcher fetcher) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
  }

  /** What repomd.xml says about the primary index. */
  public record Primary(URI url, String checksumType, String checksum, long size) {}

  /** The result of reading one repository: the matching packages and how many were scanned. */
  public record Listing(URI baseurl, Primary primary, List<RepoPackage> packages, int scanned) {
    public Listing {
      packages = List.copyOf(packages);
    }
  }

  /**
   * All versions of package {@code name} for rpm arch {@code arch} ({@code x86_64}, {@code
   * aarch64}) in the repository at {@code baseurl}; {@code noarch} packages count for every arch,
   * source packages for none. In index order.
   */
  public Listing list(URI baseurl, String name, String arch) throws IOException {
    URI base = withSlash(baseurl);
    Primary primary = primary(base);
    List<RepoPackage> found = new ArrayList<>();
    int[] scanned = {0};
    Parsing.verified(
        fetcher,
        primary.url(),
        primary.checksumType(),
        primary.checksum(),
        primary.size(),
        in -> {
          scanPrimary(in, primary.url(), name, arch, found, scanned);
          return null;
        });
    return new Listing(base, primary, found, scanned[0]);
  }

  /** Reads {@code repodata/repomd.xml} and finds the primary index. */
  public Primary primary(URI baseurl) throws IOException {
    URI base = withSlash(baseurl);
    URI repomd = base.resolve("repodata/repomd.xml");
    String href = null;
    String type = null;
    String sum = null;
    long size = -1;
    try (InputStream in = fetcher.open(repomd)) {
      XMLStreamReader r = factory().createXMLStreamReader(in);
      boolean inPrimary = false;
      while (r.hasNext()) {
        int ev = r.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          String local = r.getLocalName();
          if (local.equals("data")) {
            inPrimary = "primary".equals(r.getAttributeValue(null, "type"));
          } else if (inPrimary && local.equals("checksum")) {
            type = r.getAttributeValue(null, "type");
            sum = r.getElementText().strip();
          } else if (inPrimary && local.equals("location")) {
            href = r.getAttributeValue(null, "href");
          } else if (inPrimary && local.equals("size")) {
            size = parseSize(r.getElementText(), repomd);
          }
        } else if (ev == XMLStreamConstants.END_ELEMENT && r.getLocalName().equals("data")) {
          if (inPrimary) {
            break;
          }
        }
      }
    } catch (XMLStreamException e) {
      throw Parsing.malformedXml(repomd, e);
    }
    if (href == null) {
      throw new RepositoryException(
          repomd,
          repomd + " names no primary index (<data type=\"primary\"> with a <location href>)",
          "check that the URL is a dnf repository's baseurl (the directory that holds repodata/)");
    }
    if (type == null || sum == null || sum.isEmpty()) {
      throw new RepositoryException(
          repomd,
          repomd + " gives no checksum for the primary index " + href,
          "dtk only reads metadata it can verify; use a repository whose repomd.xml has checksums");
    }
    Verified.digestFor(type.toLowerCase(java.util.Locale.ROOT), repomd);
    return new Primary(base.resolve(href), type, sum, size);
  }

  private static long parseSize(String text, URI where) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new RepositoryException(
          where,
          where + ": <size> is not a number: '" + text.strip() + "'",
          "the repository metadata is broken; use another mirror");
    }
  }

  private static void scanPrimary(
      InputStream in, URI url, String name, String arch, List<RepoPackage> out, int[] scanned)
      throws XMLStreamException {
    XMLStreamReader r = factory().createXMLStreamReader(in);
    String pName = null;
    String pArch = null;
    String epoch = null;
    String ver = null;
    String rel = null;
    int depth = 0; // depth below <package>
    boolean inPackage = false;
    while (r.hasNext()) {
      int ev = r.next();
      if (ev == XMLStreamConstants.START_ELEMENT) {
        if (!inPackage) {
          if (r.getLocalName().equals("package")) {
            inPackage = true;
            depth = 0;
            pName = pArch = epoch = ver = rel = null;
          }
          continue;
        }
        depth++;
        if (depth == 1) {
          String local = r.getLocalName();
          if (local.equals("name")) {
            pName = r.getElementText().strip();
            depth--;
          } else if (local.equals("arch")) {
            pArch = r.getElementText().strip();
            depth--;
          } else if (local.equals("version")) {
            epoch = r.getAttributeValue(null, "epoch");
            ver = r.getAttributeValue(null, "ver");
            rel = r.getAttributeValue(null, "rel");
          } else if (local.equals("format")
              || local.equals("description")
              || local.equals("summary")) {
            skipElement(r);
            depth--;
          }
        }
      } else if (ev == XMLStreamConstants.END_ELEMENT && inPackage) {
        if (depth == 0) {
          inPackage = false;
          scanned[0]++;
          if (name.equals(pName) && archFits(pArch, arch)) {
            if (ver == null) {
              throw new RepositoryException(
                  url,
                  url
                      + ":"
                      + r.getLocation().getLineNumber()
                      + ": package "
                      + pName
                      + " has no <version ver=...>",
                  "the repository metadata is broken; use another mirror");
            }
            RpmVersion v;
            try {
              v = RpmVersion.of(epoch, ver, rel);
            } catch (IllegalArgumentException e) {
              throw new RepositoryException(
                  url,
                  url
                      + ":"
                      + r.getLocation().getLineNumber()
                      + ": package "
                      + pName
                      + ": "
                      + e.getMessage(),
                  "the repository metadata is broken; use another mirror");
            }
            out.add(new RepoPackage(v.versionRelease(), pName, v.toString(), pArch, url));
          }
        } else {
          depth--;
        }
      }
    }
  }

  /** Skips the current element and everything in it (the reader is on its start tag). */
  private static void skipElement(XMLStreamReader r) throws XMLStreamException {
    int d = 1;
    while (d > 0) {
      int ev = r.next();
      if (ev == XMLStreamConstants.START_ELEMENT) {
        d++;
      } else if (ev == XMLStreamConstants.END_ELEMENT) {
        d--;
      }
    }
  }

  /** {@code noarch} fits every arch; source packages none; otherwise the arch must be the same. */
  static boolean archFits(String pkgArch, String arch) {
    if (pkgArch == null) {
      return false;
    }
    return pkgArch.equals(arch) || pkgArch.equals("noarch");
  }

  static XMLInputFactory factory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, false);
    return f;
  }

  static URI withSlash(URI u) {
    String s = u.toString();
    return s.endsWith("/") ? u : URI.create(s + "/");
  }
}

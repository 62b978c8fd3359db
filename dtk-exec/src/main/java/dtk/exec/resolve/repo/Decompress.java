package dtk.exec.resolve.repo;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Picks the decoder by the file name's suffix, as package managers do (never by sniffing): {@code
 * .gz} (JDK), {@code .xz} (the {@code xz} program when there is one, see {@link NativeXz}, else
 * xz-java), {@code .zst} (aircompressor, pure Java), anything else as it is.
 */
final class Decompress {
  /** xz dictionaries above this are refused (Debian and createrepo use 8 MiB or less). */
  private static final int XZ_MEMORY_LIMIT_KIB = 256 * 1024;

  private Decompress() {}

  /**
   * The compression a path's suffix names: {@code gz}, {@code xz}, {@code zst}, {@code bz2} or
   * {@code ""}.
   */
  static String kind(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    int q = p.indexOf('?');
    if (q >= 0) {
      p = p.substring(0, q);
    }
    for (String k : new String[] {"gz", "xz", "zst", "bz2"}) {
      if (p.endsWith("." + k)) {
        return k;
      }
    }
    if (p.endsWith(".zstd")) {
      return "zst";
    }
    return "";
  }

  static InputStream open(URI url, InputStream raw) throws IOException {
    InputStream in = new BufferedInputStream(raw, 1 << 16);
    String kind = kind(url.getPath() == null ? url.toString() : url.getPath());
    try {
      switch (kind) {
        case "gz":
          return new GZIPInputStream(in, 1 << 16);
        case "xz":
          return NativeXz.program().isPresent()
              ? NativeXz.open(NativeXz.program().get(), url, raw, XZ_MEMORY_LIMIT_KIB)
              : new XZInputStream(in, XZ_MEMORY_LIMIT_KIB);
        case "zst":
          return new ZstdInputStream(in);
        case "bz2":
          throw new RepositoryException(
              url,
              "bzip2-compressed metadata is not supported: " + url,
              "use a mirror that offers gz, xz or zst metadata");
        default:
          return in;
      }
    } catch (IOException e) {
      throw new RepositoryException(
          url,
          "cannot decompress " + url + " (" + kind + "): " + e.getMessage(),
          Verified.SYNC_HINT,
          e);
    }
  }
}

package dtk.exec.resolve.image;

import dtk.exec.ExecException;
import dtk.exec.Platform;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * The final contents of a few small files of an image, read from its layers without running it:
 * each layer (tar, tar+gzip or tar+zstd) is streamed in order, lowest first, through {@link
 * TarReader}; only the wanted files' bodies are kept (each at most {@link #MAX_FILE_BYTES}),
 * everything else passes by. OCI whiteouts apply as the runtime would: {@code .wh.NAME} deletes
 * NAME (and what is under it) of the lower layers, {@code .wh..wh..opq} empties a directory of the
 * lower layers' entries, and a file that replaces a directory (or a directory that replaces a file)
 * hides what was there. Symlinks among the wanted files are resolved at the end ({@code
 * /etc/os-release -> ../usr/lib/os-release}); one that leads outside them is reported in {@link
 * Files#unresolvedLinks()}, never silently dropped. Every layer is read to its end, so its digest
 * is verified.
 */
public final class BaseImageFiles {
  /**
   * The most of one wanted file that is read; a larger one is an error (package manager files are
   * small).
   */
  public static final long MAX_FILE_BYTES = 1024L * 1024;

  /** How many symlinks a path may pass through. */
  static final int MAX_LINK_HOPS = 16;

  /** The package manager configuration {@link BaseImageRepositories} reads, as messages name it. */
  public static final List<String> PACKAGE_MANAGER_PATTERNS =
      List.of(
          "/etc/os-release",
          "/usr/lib/os-release",
          "/etc/apt/sources.list",
          "/etc/apt/sources.list.d/*.list",
          "/etc/apt/sources.list.d/*.sources",
          "/etc/yum.repos.d/*.repo",
          "/etc/dnf/vars/*",
          "/etc/yum/vars/*");

  /** Whether {@code path} (normalised, absolute) is one of {@link #PACKAGE_MANAGER_PATTERNS}. */
  public static final Predicate<String> PACKAGE_MANAGER_FILES =
      path -> {
        switch (path) {
          case "/etc/os-release":
          case "/usr/lib/os-release":
          case "/etc/apt/sources.list":
            return true;
          default:
        }
        int slash = path.lastIndexOf('/');
        String dir = path.substring(0, slash);
        String name = path.substring(slash + 1);
        if (name.isEmpty() || name.startsWith(".wh.")) {
          return false;
        }
        switch (dir) {
          case "/etc/apt/sources.list.d":
            return name.endsWith(".list") || name.endsWith(".sources");
          case "/etc/yum.repos.d":
            return name.endsWith(".repo");
          case "/etc/dnf/vars":
          case "/etc/yum/vars":
            return true;
          default:
            return false;
        }
      };

  /**
   * The wanted files of one platform's image.
   *
   * @param files path to content, for regular files (and symlinks resolved to them), in path order
   * @param unresolvedLinks wanted paths that are symlinks to something not read (or dangling), with
   *     their target
   * @param layers how many layers were read
   */
  public record Files(
      ImageRef image,
      Digest digest,
      Platform platform,
      SortedMap<String, byte[]> files,
      SortedMap<String, String> unresolvedLinks,
      int layers) {
    public Files {
      Objects.requireNonNull(image, "image");
      files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
      unresolvedLinks = Collections.unmodifiableSortedMap(new TreeMap<>(unresolvedLinks));
    }

    /** A file's content as UTF-8 text, or {@code null} when the image does not have it. */
    public String text(String path) {
      byte[] b = files.get(path);
      return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** The files directly in {@code dir} ({@code /etc/yum.repos.d}), in name order. */
    public List<String> in(String dir) {
      List<String> out = new ArrayList<>();
      for (String p : files.keySet()) {
        if (p.startsWith(dir + "/") && p.indexOf('/', dir.length() + 1) < 0) {
          out.add(p);
        }
      }
      return out;
    }
  }

  private BaseImageFiles() {}

  /**
   * Reads the {@code wanted} files of {@code ref}'s image for {@code platform}.
   *
   * @throws dtk.exec.registry.RegistryException the registry failed (or a layer does not match its
   *     digest)
   * @throws ExecException a layer cannot be decoded, or a wanted file is larger than {@link
   *     #MAX_FILE_BYTES}
   */
  public static Files read(
      LayerSource source, ImageRef ref, Platform platform, Predicate<String> wanted) {
    LayerSource.ImageLayers image = source.layers(ref, platform);
    Merger m = new Merger(ref, wanted);
    int n = 0;
    for (LayerSource.Layer layer : image.layers()) {
      n++;
      String where =
          "layer "
              + n
              + " of "
              + image.layers().size()
              + " ("
              + layer.digest()
              + ") of image "
              + ref;
      try (InputStream raw = source.open(ref, layer)) {
        InputStream tar = decode(layer.mediaType(), raw, where);
        m.layer(tar, where);
        tar.transferTo(
            OutputDiscard
                .INSTANCE); // what follows the archive's end (padding): read, so the digest is
        // checked
        raw.transferTo(OutputDiscard.INSTANCE);
      } catch (IOException e) {
        throw new ExecException(
            "cannot read " + where + ": " + e.getMessage(),
            "check that the image is intact (skopeo inspect docker://"
                + ref
                + "); or give kernel.source.repository.urls instead",
            e);
      }
    }
    return m.finish(image, n);
  }

  /** A discarding sink for draining streams. */
  private static final class OutputDiscard extends java.io.OutputStream {
    static final OutputDiscard INSTANCE = new OutputDiscard();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }

  /**
   * The decoder a layer's media type names; an unknown or missing media type is sniffed from the
   * magic bytes.
   */
  static InputStream decode(String mediaType, InputStream raw, String where) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    String mt = mediaType == null ? "" : mediaType;
    String kind;
    if (mt.endsWith("+gzip") || mt.endsWith(".tar.gzip")) {
      kind = "gzip";
    } else if (mt.endsWith("+zstd")) {
      kind = "zstd";
    } else if (mt.endsWith(".tar") || mt.endsWith(".v1.tar")) {
      kind = "tar";
    } else if (mt.isEmpty()) {
      in.mark(4);
      byte[] magic = in.readNBytes(4);
      in.reset();
      kind =
          magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b
              ? "gzip"
              : magic.length == 4
                      && (magic[0] & 0xff) == 0x28
                      && (magic[1] & 0xff) == 0xb5
                      && (magic[2] & 0xff) == 0x2f
                      && (magic[3] & 0xff) == 0xfd
                  ? "zstd"
                  : "tar";
    } else {
      throw new ExecException(
          where
              + " has media type "
              + mt
              + ", which dtk cannot read (it reads tar, tar+gzip and tar+zstd layers)",
          "give kernel.source.repository.urls instead of reading the base image's repositories");
    }
    switch (kind) {
      case "gzip":
        return new GZIPInputStream(in, 1 << 16);
      case "zstd":
        return new ZstdInputStream(in);
      default:
        return in;
    }
  }

  /** A wanted path's state after some layers. */
  private record Node(byte[] content, String link, long tooLarge, String layer) {
    static Node file(byte[] content) {
      return new Node(content, null, -1, null);
    }

    static Node link(String target) {
      return new Node(null, target, -1, null);
    }

    static Node large(long size, String layer) {
      return new Node(null, null, size, layer);
    }
  }

  /** Applies layers one after the other to the wanted paths. */
  static final class Merger {
    private final ImageRef ref;
    private final Predicate<String> wanted;
    private final TreeMap<String, Node> state = new TreeMap<>();

    Merger(ImageRef ref, Predicate<String> wanted) {
      this.ref = ref;
      this.wanted = wanted;
    }

    /** Reads one layer's tar stream to the archive's end and applies it. */
    void layer(InputStream tar, String where) throws IOException {
      TarReader r = new TarReader(tar);
      Map<String, Node> added = new LinkedHashMap<>();
      List<String> removeExact = new ArrayList<>();
      List<String> removeUnder = new ArrayList<>();
      for (TarReader.Entry e = r.next(); e != null; e = r.next()) {
        String path = e.path();
        if (path.equals("/")) {
          continue;
        }
        int slash = path.lastIndexOf('/');
        String parent = path.substring(0, slash);
        String name = path.substring(slash + 1);
        if (name.equals(".wh..wh..opq")) {
          if (hasUnder(parent)) {
            removeUnder.add(parent);
          }
          continue;
        }
        if (name.startsWith(".wh.")) {
          String gone = parent + "/" + name.substring(4);
          if (state.containsKey(gone)) {
            removeExact.add(gone);
          }
          if (hasUnder(gone)) {
            removeUnder.add(gone);
          }
          continue;
        }
        if (e.type() == TarReader.Type.DIRECTORY) {
          if (state.containsKey(path)) {
            removeExact.add(path); // a directory where a lower layer had a file
          }
          added.remove(path);
          continue;
        }
        if (hasUnder(path)) {
          removeUnder.add(path); // a file where a lower layer had a directory
        }
        if (!wanted.test(path)) {
          if (state.containsKey(path)) {
            removeExact.add(path); // cannot happen for a fixed predicate; kept for safety
          }
          continue;
        }
        switch (e.type()) {
          case FILE:
            added.put(
                path,
                e.size() > MAX_FILE_BYTES ? Node.large(e.size(), where) : Node.file(r.readBody()));
            break;
          case SYMLINK:
            added.put(path, Node.link(e.link()));
            break;
          case HARDLINK:
            Node target = added.get(e.link());
            // a hard link to a file that is not wanted: its content was not kept; point at it like
            // a symlink
            added.put(path, target != null && target.link() == null ? target : Node.link(e.link()));
            break;
          default:
            added.remove(path);
            if (state.containsKey(path)) {
              removeExact.add(path); // a device or fifo now: no longer a file
            }
        }
      }
      for (String p : removeExact) {
        state.remove(p);
      }
      for (String p : removeUnder) {
        state.subMap(p + "/", p + "0").clear(); // '0' follows '/': exactly the paths under p
      }
      state.putAll(added);
    }

    private boolean hasUnder(String dir) {
      String k = state.ceilingKey(dir + "/");
      return k != null && k.startsWith(dir + "/");
    }

    Files finish(LayerSource.ImageLayers image, int layers) {
      SortedMap<String, byte[]> files = new TreeMap<>();
      SortedMap<String, String> unresolved = new TreeMap<>();
      for (Map.Entry<String, Node> e : state.entrySet()) {
        String path = e.getKey();
        Node n = e.getValue();
        String at = path;
        int hops = 0;
        while (n != null && n.link() != null && hops++ < MAX_LINK_HOPS) {
          at = resolveLink(at, n.link());
          n = state.get(at);
        }
        if (n == null || n.link() != null) {
          unresolved.put(path, e.getValue().link() + (n == null ? "" : " (too many symlinks)"));
          continue;
        }
        if (n.tooLarge() >= 0) {
          throw new ExecException(
              "file "
                  + at
                  + " in "
                  + n.layer()
                  + " is "
                  + n.tooLarge()
                  + " bytes, more than the "
                  + dtk.exec.http.BoundedHttp.size(MAX_FILE_BYTES)
                  + " dtk reads of a package manager file",
              "give kernel.source.repository.urls instead of reading the base image's repositories");
        }
        files.put(path, n.content());
      }
      return new Files(ref, image.digest(), image.platform(), files, unresolved, layers);
    }
  }

  /** Where symlink {@code path -> target} leads, inside the image's root. */
  static String resolveLink(String path, String target) {
    if (target.startsWith("/")) {
      return TarReader.normalize(target);
    }
    return TarReader.normalize(path.substring(0, path.lastIndexOf('/')) + "/" + target);
  }
}

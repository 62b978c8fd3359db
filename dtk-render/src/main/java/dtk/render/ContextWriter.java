package dtk.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link BuildContext} to a directory, never half-written: the files go to a temporary
 * directory next to the destination, which is then renamed into place. An existing destination is
 * replaced only when it is empty or a previous dtk render output (it holds {@value #MARKER});
 * anything else is refused, so user files are never overwritten.
 */
public final class ContextWriter {
  /** The marker file that makes a directory dtk's own. */
  public static final String MARKER = ".dtk-render";

  /** The machine-readable summary of the context: args, labels, digest. */
  public static final String CONTEXT_JSON = "context.json";

  private ContextWriter() {}

  /** The destination exists and is not dtk's to replace. */
  public static final class RefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    public RefusedException(String message) {
      super(message);
    }
  }

  /** The files {@link #write} creates, by relative path, in order (without the marker). */
  public static Map<String, String> files(BuildContext ctx) {
    Map<String, String> m = new LinkedHashMap<>(ctx.allFiles());
    m.put(CONTEXT_JSON, JsonText.write(describe(ctx)));
    return m;
  }

  /** The content of {@value #CONTEXT_JSON}: what an engine needs besides the files. */
  public static Map<String, Object> describe(BuildContext ctx) {
    Target t = ctx.target();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", t.name());
    m.put("arch", t.arch());
    m.put("platform", t.platform());
    m.put("kernelVersion", t.kernelVersion());
    m.put("image", t.images().platform().toString());
    m.put("index", t.images().index().toString());
    m.put("from", t.fromImage());
    m.put("inputsDigest", ctx.inputsDigest().toString());
    m.put("buildArgs", ctx.buildArgs());
    m.put("labels", ctx.labels());
    m.put("engineLabels", ctx.engineLabels());
    m.put("unsetLabels", ctx.unsetLabels());
    m.put("secrets", ctx.secrets().stream().map(s -> s.id()).toList());
    return m;
  }

  /**
   * Writes {@code ctx} to {@code dir}, replacing a previous render output there.
   *
   * @throws RefusedException when {@code dir} exists and is neither empty nor dtk's
   */
  public static void write(BuildContext ctx, Path dir) throws IOException {
    Path target = dir.toAbsolutePath().normalize();
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new RefusedException(
            dir + " exists and is not a directory; choose another output directory");
      }
      if (!isEmpty(target)
          && !Files.isRegularFile(target.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
        throw new RefusedException(
            dir
                + " is not empty and was not written by dtk render (no "
                + MARKER
                + " file); choose an empty or new directory");
      }
      if (!isEmpty(target)) {
        List<String> extra = foreignFiles(target, ctx);
        if (!extra.isEmpty()) {
          throw new RefusedException(
              dir
                  + " holds "
                  + (extra.size() == 1 ? "a file" : extra.size() + " files")
                  + " dtk render did not write, which replacing it would delete: "
                  + String.join(", ", extra)
                  + "; move "
                  + (extra.size() == 1 ? "it" : "them")
                  + " out of "
                  + dir
                  + ", or render to another directory");
        }
      }
    }
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
    try {
      // a temporary directory is private (0700); the context is an ordinary directory
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException notPosix) {
      // the platform's default permissions stay
    }
    Path old = null;
    try {
      for (var e : files(ctx).entrySet()) {
        Path f = tmp.resolve(e.getKey());
        Files.createDirectories(f.getParent());
        Files.write(f, e.getValue().getBytes(StandardCharsets.UTF_8));
      }
      StringBuilder marker = new StringBuilder(MARKER_TEXT).append(FILES_HEADER).append('\n');
      files(ctx).keySet().forEach(f -> marker.append(f).append('\n'));
      Files.write(tmp.resolve(MARKER), marker.toString().getBytes(StandardCharsets.UTF_8));
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        old =
            parent.resolve(
                "." + target.getFileName() + ".old-" + Long.toHexString(System.nanoTime()));
        move(target, old);
      }
      move(tmp, target);
      tmp = null;
    } catch (IOException | RuntimeException e) {
      if (old != null && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        try {
          move(old, target);
          old = null;
        } catch (IOException restore) {
          e.addSuppressed(restore);
        }
      }
      throw e;
    } finally {
      if (tmp != null) {
        FileTrees.deleteQuietly(tmp);
      }
      if (old != null) {
        FileTrees.deleteQuietly(old);
      }
    }
  }

  private static final String MARKER_TEXT =
      "Written by dtk render; dtk render -o replaces this directory.\n";
  private static final String FILES_HEADER =
      "# files written (a re-render refuses to delete any other file):";

  /**
   * The files under {@code dir} (relative, sorted) that the marker does not list as dtk's: a
   * re-render would delete them. A marker from before the list existed stands for the files {@code
   * ctx} writes.
   */
  static List<String> foreignFiles(Path dir, BuildContext ctx) throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve(MARKER), StandardCharsets.UTF_8);
    int header = lines.indexOf(FILES_HEADER);
    java.util.Set<String> ours =
        new java.util.HashSet<>(
            header < 0 ? files(ctx).keySet() : lines.subList(header + 1, lines.size()));
    ours.add(MARKER);
    List<String> extra = new ArrayList<>();
    try (var walk = Files.walk(dir)) {
      walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .filter(f -> !ours.contains(f))
          .sorted()
          .forEach(extra::add);
    }
    return extra;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      return !s.iterator().hasNext();
    }
  }
}

package dtk.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A driver source directory ({@code verify.modules[].path}) as one canonical text for the inputs
 * digest: one line per entry, sorted by relative path, {@code f <sha256> <x|-> <path>} for a file,
 * {@code l <target> <path>} for a symbolic link (never followed), {@code d <path>} for a directory,
 * {@code o <path>} for anything else. A changed, added, removed or renamed file, or a changed
 * executable bit, changes the text.
 */
public final class SourceTree {
  /** More entries than this and the directory is refused: a module source is not a whole disk. */
  public static final int MAX_ENTRIES = 100_000;

  private SourceTree() {}

  /** The canonical listing of {@code dir}; links inside are listed, not followed. */
  public static String listing(Path dir) throws IOException {
    List<Path> entries;
    try (Stream<Path> walk = Files.walk(dir)) {
      entries =
          walk.limit(MAX_ENTRIES + 1L)
              .filter(p -> !p.equals(dir))
              .map(dir::relativize)
              .sorted((a, b) -> a.toString().compareTo(b.toString()))
              .toList();
    }
    if (entries.size() > MAX_ENTRIES) {
      throw new IOException(dir + " holds more than " + MAX_ENTRIES + " entries");
    }
    StringBuilder out = new StringBuilder();
    for (Path rel : entries) {
      Path p = dir.resolve(rel);
      String name = rel.toString().replace('\\', '/');
      if (Files.isSymbolicLink(p)) {
        out.append("l ").append(Files.readSymbolicLink(p)).append(' ').append(name).append('\n');
      } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        out.append("d ").append(name).append('\n');
      } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        out.append("f ")
            .append(sha256(p))
            .append(Files.isExecutable(p) ? " x " : " - ")
            .append(name)
            .append('\n');
      } else {
        out.append("o ").append(name).append('\n');
      }
    }
    return out.toString();
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }
}

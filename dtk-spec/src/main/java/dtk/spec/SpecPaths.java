package dtk.spec;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one rule for every path a spec names ({@code extends}, {@code repositories}, and any later
 * file or directory a spec points at): the path, resolved against the file that wrote it, must stay
 * inside the spec set's root (the directory given on the command line, or the folder of a spec file
 * given alone) or inside a directory the user allowed with {@code --allow-path}. Symbolic links are
 * followed: a link inside the root that points outside it is refused too.
 *
 * <p>A refused path is refused before anything reads it: the check looks at names and, for a path
 * that exists, at its real path only. A pull request that edits a spec is untrusted input; this is
 * what keeps it from reading host files into diagnostics, logs and images.
 */
public final class SpecPaths {
  private final List<Path> roots;
  private final String rootName;

  private SpecPaths(List<Path> roots, String rootName) {
    this.roots = List.copyOf(roots);
    this.rootName = rootName;
  }

  /** Paths must stay inside {@code root} or one of {@code allowed}. */
  public static SpecPaths within(Path root, List<Path> allowed) {
    List<Path> all = new ArrayList<>();
    all.add(absolute(Objects.requireNonNull(root, "root")));
    allowed.forEach(a -> all.add(absolute(a)));
    return new SpecPaths(all, "spec root");
  }

  /**
   * Paths must stay inside {@code dir}, called {@code name} in refusals: the same rule for a
   * directory that is not a spec root, such as the {@code --templates} override directory.
   */
  public static SpecPaths inside(Path dir, String name) {
    return new SpecPaths(
        List.of(absolute(Objects.requireNonNull(dir, "dir"))),
        Objects.requireNonNull(name, "name"));
  }

  /** The spec root (the first root), as an absolute path. */
  public Path root() {
    return roots.get(0);
  }

  /**
   * Why {@code path} (already resolved against the file that names it) may not be used, or empty
   * when it may. Never reads the file.
   */
  public Optional<String> refusal(Path path) {
    Path abs = absolute(path);
    if (roots.stream().noneMatch(abs::startsWith)) {
      return Optional.of("leaves the " + rootName + " " + root());
    }
    if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty(); // nothing there: the caller says it is missing
    }
    Path real;
    try {
      real = abs.toRealPath();
    } catch (NoSuchFileException e) {
      return Optional.of("is a symbolic link to nothing");
    } catch (FileSystemException e) {
      String reason = e.getReason();
      return Optional.of(
          reason != null && reason.toLowerCase().contains("symbolic links")
              ? "is a symbolic link loop"
              : "cannot be resolved: " + (reason == null ? "unknown reason" : reason));
    } catch (IOException e) {
      return Optional.of("cannot be resolved: " + e.getMessage());
    }
    for (Path r : roots) {
      if (real.startsWith(realOrSelf(r))) {
        return Optional.empty();
      }
    }
    return Optional.of("is a symbolic link that leaves the " + rootName + " " + root());
  }

  /**
   * As {@link #refusal}, for a path that is to be read as a file: one that exists but is not a
   * regular file once links are followed (a FIFO, a device, a socket, a directory) is refused too,
   * so that nothing blocks opening it. Never opens the file.
   */
  public Optional<String> fileRefusal(Path path) {
    Optional<String> why = refusal(path);
    if (why.isPresent()) {
      return why;
    }
    Path abs = absolute(path);
    if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(abs)) {
      return Optional.of(
          Files.isDirectory(abs)
              ? "is a directory, not a file"
              : "is not a regular file (a FIFO, a device or a socket)");
    }
    return Optional.empty();
  }

  /** The hint that goes with every refusal. */
  public String hint() {
    return "paths in a spec are relative to the file that names them and must stay inside "
        + root()
        + "; to use a directory outside it on purpose, pass --allow-path DIR";
  }

  private static Path realOrSelf(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p;
    }
  }

  private static Path absolute(Path p) {
    return p.toAbsolutePath().normalize();
  }
}

package dtk.cli.output;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns diagnostic file paths into what each report format needs: as the user wrote them for
 * people; relative to the repository with forward slashes for GitHub (annotations, SARIF).
 *
 * <p>"The repository" is the nearest enclosing directory with a {@code .git} (so a run from a
 * subdirectory still yields {@code specs/centos.yaml}); without one, the working directory.
 */
public final class ReportPaths {
  private final Path workDir;
  private final Map<Path, Optional<Path>> gitRoots = new HashMap<>();

  /**
   * @param workDir the working directory: relative paths start there
   */
  public ReportPaths(Path workDir) {
    this.workDir = workDir.toAbsolutePath().normalize();
  }

  /**
   * Whether a diagnostic points into a command-line argument ({@code --set[2]:1:5}) rather than a
   * file; such places have no file in the repository.
   */
  public static boolean isCommandLine(Path file) {
    return file.getNameCount() == 1 && file.toString().startsWith("--");
  }

  /** The path as given, with forward slashes ({@code specs/centos.yaml}). */
  public static String display(Path file) {
    return file.toString().replace('\\', '/');
  }

  /**
   * The path relative to its repository (or the working directory) with forward slashes, or {@code
   * null} when the file lies outside both (then only an absolute URI can name it).
   */
  public String relative(Path file) {
    Path abs = absolute(file);
    Path base = abs.getParent() == null ? null : gitRoot(abs.getParent()).orElse(null);
    if (base == null || !abs.startsWith(base)) {
      base = workDir;
    }
    if (!abs.startsWith(base)) {
      return null;
    }
    return display(base.relativize(abs));
  }

  private Path absolute(Path file) {
    return workDir.resolve(file).toAbsolutePath().normalize();
  }

  private Optional<Path> gitRoot(Path dir) {
    Optional<Path> known = gitRoots.get(dir);
    if (known != null) {
      return known;
    }
    Optional<Path> root;
    if (Files.exists(dir.resolve(".git"))) { // a directory, or a file in a worktree
      root = Optional.of(dir);
    } else {
      root = dir.getParent() == null ? Optional.empty() : gitRoot(dir.getParent());
    }
    gitRoots.put(dir, root);
    return root;
  }

  /** A relative path as a URI reference ({@code my%20specs/a.yaml}), for SARIF. */
  static String uriReference(String relativePath) {
    // RFC 3986 4.2: a ':' in the first segment would read as a scheme; "./" keeps it a path
    int slash = relativePath.indexOf('/');
    String first = slash < 0 ? relativePath : relativePath.substring(0, slash);
    String path = first.contains(":") ? "./" + relativePath : relativePath;
    try {
      return new URI(null, null, path, null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot express as a URI: " + relativePath, e);
    }
  }

  /** An absolute {@code file:} URI, for files outside the base directory. */
  String absoluteUri(Path file) {
    return absolute(file).toUri().toASCIIString();
  }
}

package dtk.cli.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Turns diagnostic file paths into what each report format needs: as the user wrote them for
 * people, relative to the repository (the working directory) with forward slashes for GitHub.
 */
public final class ReportPaths {
  private final Path base;

  /** @param base the directory paths are made relative to, normally the working directory */
  public ReportPaths(Path base) {
    this.base = base.toAbsolutePath().normalize();
  }

  /**
   * Whether a diagnostic points into a command-line argument ({@code --set[2]:1:5}) rather than
   * a file; such places have no file in the repository.
   */
  public static boolean isCommandLine(Path file) {
    return file.getNameCount() == 1 && file.toString().startsWith("--");
  }

  /** The path as given, with forward slashes ({@code specs/centos.yaml}). */
  public static String display(Path file) {
    return file.toString().replace('\\', '/');
  }

  /**
   * The path relative to the base directory with forward slashes, or {@code null} when the file
   * lies outside it (then only an absolute URI can name it).
   */
  public String relative(Path file) {
    Path abs = base.resolve(file).toAbsolutePath().normalize();
    if (!abs.startsWith(base)) {
      return null;
    }
    return display(base.relativize(abs));
  }

  /** A relative path as a URI reference ({@code my%20specs/a.yaml}), for SARIF. */
  static String uriReference(String relativePath) {
    try {
      return new URI(null, null, relativePath, null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot express as a URI: " + relativePath, e);
    }
  }

  /** An absolute {@code file:} URI, for files outside the base directory. */
  String absoluteUri(Path file) {
    return base.resolve(file).toAbsolutePath().normalize().toUri().toASCIIString();
  }
}

package dtk.exec.resolve.repo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code file:} URLs: a local mirror or a repository a test made. */
final class FileFetcher {
  private FileFetcher() {}

  static InputStream open(java.net.URI url) throws IOException {
    Path p;
    try {
      p = Path.of(url);
    } catch (IllegalArgumentException e) {
      throw new RepositoryException(
          url,
          "cannot read " + url + ": " + e.getMessage(),
          "write file URLs as file:///absolute/path");
    }
    try {
      return Files.newInputStream(p);
    } catch (NoSuchFileException e) {
      throw new RepositoryException.NotFound(
          url, "no such file: " + url, "check the repository path");
    }
  }
}

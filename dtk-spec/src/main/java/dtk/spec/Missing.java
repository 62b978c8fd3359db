package dtk.spec;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Why a path that should name a file does not: {@code "is a directory"}, {@code "is a symbolic link
 * loop"}, {@code "is under nul.yaml, which is a file"}, or {@code "does not exist"}.
 */
public final class Missing {
  private Missing() {}

  /** Why {@code p} is not a regular file, or null when it is one. */
  public static String whyNotAFile(Path p) {
    if (Files.isRegularFile(p)) {
      return null;
    }
    if (Files.isDirectory(p)) {
      return "is a directory";
    }
    if (Files.exists(p)) {
      return "is not a regular file";
    }
    if (Files.isSymbolicLink(p)) {
      try {
        p.toRealPath();
      } catch (FileSystemException e) {
        if (e.getReason() != null && e.getReason().contains("levels of symbolic links")) {
          return "is a symbolic link loop";
        }
      } catch (IOException e) {
        // described below
      }
      return "is a symbolic link to a path that does not exist";
    }
    for (Path a = p.normalize().getParent(); a != null; a = a.getParent()) {
      if (Files.exists(a, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(a)) {
        return "is under " + a + ", which is not a directory";
      }
    }
    return "does not exist";
  }

  /** Why {@code p} cannot be read as a file or directory of specs, or null when it can. */
  public static String whyNotThere(Path p) {
    return Files.exists(p) ? null : whyNotAFile(p);
  }
}

package dtk.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one translation of {@code java.nio.file} failures into plain words naming the path, used by
 * the CLI's exception handler: {@code cannot write /tmp/ro/out: permission denied}.
 */
final class FileErrors {
  private FileErrors() {}

  /** What went wrong, without the path: {@code permission denied}. */
  static String reason(FileSystemException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "directory not empty";
    }
    if (e instanceof FileSystemLoopException) {
      return "too many levels of symbolic links";
    }
    String r = e.getReason();
    return r == null || r.isBlank()
        ? "cannot be used"
        : r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1);
  }

  /**
   * {@code cannot ACTION PATH: REASON}, where {@code userPath} is the path the user gave (or {@code
   * null}) and {@code e} may name another one: a parent directory, or a temporary file dtk made
   * next to it.
   */
  static String describe(String action, Path userPath, FileSystemException e) {
    String file = e.getFile();
    if (userPath == null) {
      return "cannot "
          + action
          + " "
          + (file == null ? "a file" : file)
          + ": "
          + reason(e)
          + other(e);
    }
    String message = "cannot " + action + " " + userPath + ": ";
    if (file == null) {
      return message + reason(e) + other(e);
    }
    Path failed = Path.of(file).toAbsolutePath().normalize();
    Path given = userPath.toAbsolutePath().normalize();
    if (failed.equals(given)) {
      return message + reason(e) + other(e);
    }
    if (given.startsWith(failed)) {
      // an ancestor of the path is the problem: /etc/hostname in /etc/hostname/sub
      String why =
          e instanceof FileAlreadyExistsException ? "exists and is not a directory" : reason(e);
      return message + file + " " + why;
    }
    // a file dtk made next to the path (a temporary directory): say where
    if (e instanceof NoSuchFileException
        && failed.getParent() != null
        && java.nio.file.Files.isDirectory(failed.getParent())) {
      return message + failed.getParent() + " does not allow creating files"; // /proc, /sys
    }
    return message
        + reason(e)
        + (failed.getParent() == null ? "" : " (in " + failed.getParent() + ")");
  }

  /** The hint for {@link #describe}. */
  static String hint(FileSystemException e, boolean output) {
    if (e instanceof AccessDeniedException) {
      return output
          ? "choose a directory you can write to, or change its permissions"
          : "check the file's permissions";
    }
    return output ? "choose another path" : "check the path";
  }

  /** The second path some failures name (a move's target), in words. */
  private static String other(FileSystemException e) {
    return e.getOtherFile() == null ? "" : " (" + e.getOtherFile() + ")";
  }

  /**
   * The file-system failure inside {@code t} (itself or an UncheckedIOException's cause), or {@code
   * null}.
   */
  static FileSystemException find(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof FileSystemException f) {
        return f;
      }
      if (!(c instanceof IOException) && !(c instanceof java.io.UncheckedIOException)) {
        return null;
      }
    }
    return null;
  }
}

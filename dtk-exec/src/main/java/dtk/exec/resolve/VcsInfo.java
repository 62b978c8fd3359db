package dtk.exec.resolve;

import dtk.exec.ExecException;
import dtk.exec.process.Invocation;
import dtk.exec.process.ProcessResult;
import dtk.exec.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The commit ({@code vcs.ref}) and reproducible timestamp ({@code SOURCE_DATE_EPOCH}) of the
 * directory specs come from: {@code git rev-parse HEAD} and {@code git log -1 --format=%ct}, with
 * {@code SOURCE_DATE_EPOCH} from the environment taking precedence (the reproducible-builds
 * convention). Outside a git checkout both are {@code null} (unknown), never invented.
 *
 * @param ref the full commit id, or {@code null}
 * @param sourceDateEpoch seconds since the epoch, or {@code null}
 */
public record VcsInfo(String ref, Long sourceDateEpoch) {
  public static final VcsInfo UNKNOWN = new VcsInfo(null, null);

  /** What to do about a {@code SOURCE_DATE_EPOCH} that {@link #sourceDateEpoch} refuses. */
  public static final String SOURCE_DATE_EPOCH_HINT =
      "unset it, or set it to an integer such as $(git log -1 --format=%ct)";

  /**
   * {@code SOURCE_DATE_EPOCH} from {@code env}, or {@code null} when unset or blank.
   *
   * @throws IllegalArgumentException when it is set but not a number of seconds
   */
  public static Long sourceDateEpoch(Map<String, String> env) {
    String fromEnv = env.get("SOURCE_DATE_EPOCH");
    if (fromEnv == null || fromEnv.isBlank()) {
      return null;
    }
    try {
      long epoch = Long.parseLong(fromEnv.trim());
      if (epoch < 0) {
        throw new NumberFormatException("negative");
      }
      return epoch;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "environment variable SOURCE_DATE_EPOCH='"
              + fromEnv
              + "' is not a number of seconds since 1970");
    }
  }

  /** Reads {@code dir}'s git state through {@code runner}. */
  public static VcsInfo read(ProcessRunner runner, Path dir, Map<String, String> env)
      throws InterruptedException {
    Long epoch;
    try {
      epoch = sourceDateEpoch(env);
    } catch (IllegalArgumentException e) {
      throw new ExecException(e.getMessage(), SOURCE_DATE_EPOCH_HINT);
    }
    Path d = dir == null ? Path.of(".") : dir;
    if (!Files.isDirectory(d)) {
      return new VcsInfo(null, epoch);
    }
    String ref = git(runner, d, "rev-parse", "HEAD");
    if (ref == null) {
      return new VcsInfo(null, epoch);
    }
    if (epoch == null) {
      String ct = git(runner, d, "log", "-1", "--format=%ct");
      epoch = ct == null || ct.isEmpty() ? null : Long.parseLong(ct);
    }
    return new VcsInfo(ref, epoch);
  }

  /**
   * The command's trimmed stdout, or {@code null} when git is missing or {@code dir} is no
   * checkout.
   */
  private static String git(ProcessRunner runner, Path dir, String... args)
      throws InterruptedException {
    String[] argv = new String[args.length + 3];
    argv[0] = "git";
    argv[1] = "-C";
    argv[2] = dir.toString();
    System.arraycopy(args, 0, argv, 3, args.length);
    try {
      ProcessResult r = runner.run(Invocation.of(argv));
      return r.ok() ? r.stdout().trim() : null;
    } catch (IOException e) {
      return null; // no git on this machine: the commit is unknown, as outside a checkout
    }
  }
}

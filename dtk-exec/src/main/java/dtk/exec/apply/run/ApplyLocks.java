package dtk.exec.apply.run;

import dtk.spec.ImageRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per registry reference (a per-platform image or an index), held while it is built and
 * pushed, so that two {@code dtk apply} runs on the same specs never write the same reference at
 * once. File locks ({@link FileChannel#lock}) coordinate processes; an in-process lock per file
 * coordinates threads (the JVM refuses overlapping file locks of its own).
 *
 * <p>Lock files live in {@code <stateDir>/locks/}; they are never deleted (deleting a lock file
 * another process is about to lock would let two holders in). Each records its holder's pid.
 */
public final class ApplyLocks {
  private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final Path dir;

  public ApplyLocks(Path stateDir) {
    this.dir = stateDir.resolve("locks");
  }

  /**
   * A held lock; {@link #close()} releases it. {@code waited} says whether another holder was
   * waited for.
   */
  public interface Held extends AutoCloseable {
    boolean waited();

    @Override
    void close();
  }

  /**
   * Takes the lock for {@code reference}, waiting while another run holds it; {@code onWait} is
   * told once, with the lock file and the holder, before waiting.
   */
  public Held acquire(ImageRef reference, WaitListener onWait) throws InterruptedException {
    Path file = fileFor(reference);
    ReentrantLock local = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
    boolean waited = false;
    if (!local.tryLock()) {
      onWait.waiting(file, "this process (another target)");
      waited = true;
      local.lockInterruptibly();
    }
    try {
      Files.createDirectories(dir);
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      try {
        FileLock lock = channel.tryLock();
        if (lock == null) {
          onWait.waiting(file, holder(file));
          waited = true;
          lock = channel.lock();
        }
        record(channel, reference);
        return held(local, channel, lock, waited);
      } catch (ClosedByInterruptException e) {
        Thread.interrupted();
        throw new InterruptedException("interrupted while waiting for " + file);
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      local.unlock();
      throw new UncheckedIOException(
          "cannot lock "
              + file
              + ": "
              + e.getMessage()
              + " (check that the state directory is writable, or pass another with --state-dir)",
          e);
    } catch (InterruptedException | RuntimeException e) {
      local.unlock();
      throw e;
    }
  }

  /** The message shown while waiting for another run's lock. */
  public static String waitMessage(ImageRef reference, Path lockFile, String holder) {
    return "another dtk apply holds "
        + lockFile
        + " ("
        + holder
        + ") for "
        + reference
        + "; waiting for it to finish";
  }

  /** Called before waiting for a lock. */
  @FunctionalInterface
  public interface WaitListener {
    void waiting(Path lockFile, String holder);
  }

  /**
   * The lock file for a reference: readable prefix plus a hash, so distinct references never share
   * one.
   */
  public Path fileFor(ImageRef ref) {
    String reference = ref.toString();
    String readable = reference.replaceAll("[^A-Za-z0-9._-]", "_");
    if (readable.length() > 80) {
      readable = readable.substring(readable.length() - 80);
    }
    return dir.resolve(readable + "-" + sha256(reference).substring(0, 12) + ".lock");
  }

  private static Held held(
      ReentrantLock local, FileChannel channel, FileLock lock, boolean waited) {
    return new Held() {
      private boolean closed;

      @Override
      public boolean waited() {
        return waited;
      }

      @Override
      public synchronized void close() {
        if (closed) {
          return;
        }
        closed = true;
        try {
          lock.release();
          channel.close();
        } catch (IOException ignored) {
          // closing the channel releases the lock in any case
        } finally {
          local.unlock();
        }
      }
    };
  }

  private static void record(FileChannel channel, ImageRef reference) throws IOException {
    byte[] text =
        ("pid " + ProcessHandle.current().pid() + " " + reference + "\n")
            .getBytes(StandardCharsets.UTF_8);
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(text), 0);
    channel.force(false);
  }

  private static String holder(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      return text.isEmpty()
          ? "holder unknown"
          : text.split(" ", 3)[0] + " " + text.split(" ", 3)[1];
    } catch (IOException | RuntimeException e) {
      return "holder unknown";
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

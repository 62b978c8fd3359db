package dtk.exec.resolve.repo;

import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Decodes xz with the {@code xz} program when one is on {@code PATH}: it is about 2.4 times faster
 * than xz-java on a Debian Packages.xz (0.55 s against 1.3 s of CPU for 50 MB, measured with
 * bench/kernel-metadata.sh's file), and a Packages index is the largest thing dtk reads. The
 * compressed bytes are fed to it from a thread, so the checksum and bounds of the stream it reads
 * still apply; an error there or a failing {@code xz} ends the decoded stream with that error.
 * {@code DTK_XZ=java} keeps xz-java, which is the fallback without the program.
 */
final class NativeXz {
  private static final Optional<Path> XZ = find(System.getenv());

  private NativeXz() {}

  /** The {@code xz} program to use, unless {@code DTK_XZ=java} or none is on {@code PATH}. */
  static Optional<Path> find(Map<String, String> env) {
    if ("java".equals(env.get("DTK_XZ"))) {
      return Optional.empty();
    }
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, "xz");
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  static Optional<Path> program() {
    return XZ;
  }

  /** The decoded bytes of {@code compressed} through {@code xz}; the caller closes the result. */
  static InputStream open(Path xz, URI url, InputStream compressed, int memoryLimitKib)
      throws IOException {
    Process p =
        new ProcessBuilder(
                xz.toString(), "-dc", "-q", "--memlimit-decompress=" + memoryLimitKib + "KiB")
            .redirectError(ProcessBuilder.Redirect.PIPE)
            .start();
    Throwable[] fed = new Throwable[1];
    Thread feeder =
        new Thread(
            () -> {
              try (OutputStream o = p.getOutputStream()) {
                compressed.transferTo(o);
              } catch (
                  Throwable e) { // the checksum, size and deadline checks of the input end up here
                fed[0] =
                    e; // closing xz's input (above) ends its output; the reader then throws this
              }
            },
            "dtk-xz-feed");
    feeder.setDaemon(true);
    feeder.start();
    return new FilterInputStream(p.getInputStream()) {
      private boolean done;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
          n = super.read(b, off, len);
        } catch (IOException e) {
          // xz's output broke off: the input's failure, when there is one, says why
          done = true;
          joinFeeder();
          rethrowFed();
          throw e;
        }
        if (n < 0 && !done) {
          done = true;
          finish();
        }
        return n;
      }

      private void joinFeeder() throws IOException {
        try {
          feeder.join();
        } catch (InterruptedException e) {
          p.destroyForcibly();
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while decoding " + url);
        }
      }

      private void rethrowFed() throws IOException {
        if (fed[0] instanceof IOException io) {
          throw io;
        }
        if (fed[0] instanceof RuntimeException re) {
          throw re;
        }
        if (fed[0] != null) {
          throw new IOException(fed[0]);
        }
      }

      private void finish() throws IOException {
        joinFeeder();
        try {
          if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new RepositoryException(
                url, "xz did not finish decoding " + url, Verified.SYNC_HINT);
          }
        } catch (InterruptedException e) {
          p.destroyForcibly();
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while decoding " + url);
        }
        rethrowFed();
        if (p.exitValue() != 0) {
          String why =
              new String(p.getErrorStream().readNBytes(4096), StandardCharsets.UTF_8).strip();
          throw new RepositoryException(
              url,
              "cannot decompress "
                  + url
                  + " (xz): "
                  + (why.isEmpty() ? "exit " + p.exitValue() : why),
              Verified.SYNC_HINT);
        }
      }

      @Override
      public void close() throws IOException {
        if (!done) {
          p.destroy(); // stopped early: a reader that found what it needs, or a failure
        }
        super.close();
      }
    };
  }
}

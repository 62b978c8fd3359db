package dtk.exec.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The canary kernel module: a minimal out-of-tree module that {@code verify.canary} compiles
 * against a built toolkit image, then checks that its vermagic names the image's kernel.
 *
 * <p>Two ways to use it: {@link #writeSources} gives the module source to a throwaway build that
 * compiles it ({@code make -C /lib/modules/<release>/build M=<dir> modules}) and reads the vermagic
 * back ({@link #vermagic}, {@link #matchesRelease}); {@link #writeContext} gives a whole build
 * context whose Containerfile builds {@code FROM} the toolkit ({@code --build-arg DTK_IMAGE=...
 * --build-arg KERNEL_VERSION=...}) and runs {@code check.sh}, which fails the build on a compiler
 * warning, a vermagic of another release or a missing kernel build directory.
 *
 * <pre>{@code
 * Canary.writeSources(context.resolve("canary"));    // COPY canary /tmp/dtk-canary, then make + modinfo
 * Canary.vermagic(modinfoOutput).filter(v -> Canary.matchesRelease(v, "6.1.0-56-amd64"))
 * }</pre>
 */
public final class Canary {
  /** Classpath folder of the canary. */
  public static final String RESOURCE_DIR = "canary";

  /** The module source: what {@link #writeSources} writes. */
  public static final List<String> FILES = List.of("Makefile", "dtk_canary.c");

  /** The whole build context: what {@link #writeContext} writes. */
  public static final List<String> CONTEXT_FILES =
      List.of("Containerfile", "Makefile", "check.sh", "dtk_canary.c");

  /**
   * Build argument of the context naming the toolkit image to verify (an image id or reference).
   */
  public static final String IMAGE_ARG = "DTK_IMAGE";

  /** Build argument of the context naming the target kernel version. */
  public static final String KERNEL_ARG = "KERNEL_VERSION";

  /**
   * Where the context's build leaves {@code <release>/dtk_canary.ko}, {@code modinfo.txt} and
   * {@code build.log}.
   */
  public static final String OUTPUT_DIR = "/tmp/dtk-canary";

  /** File name of the built module. */
  public static final String MODULE_FILE = "dtk_canary.ko";

  private Canary() {}

  /** Writes the module source into {@code dir} (created if missing); returns the written files. */
  public static List<Path> writeSources(Path dir) throws IOException {
    return write(dir, FILES);
  }

  /**
   * Writes the whole canary build context into {@code dir} (created if missing); returns the
   * written files.
   */
  public static List<Path> writeContext(Path dir) throws IOException {
    return write(dir, CONTEXT_FILES);
  }

  private static List<Path> write(Path dir, List<String> names) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (String name : names) {
      Path target = dir.resolve(name);
      try (InputStream in = open(name)) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      written.add(target);
    }
    return List.copyOf(written);
  }

  /** The source text of one canary file, e.g. {@code "Makefile"}. */
  public static String source(String name) {
    try (InputStream in = open(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The {@code vermagic} field of {@code modinfo} output ({@code "vermagic: 6.1.0-56-amd64 SMP
   * preempt mod_unload modversions "}), trimmed; empty when the output has none.
   */
  public static Optional<String> vermagic(String modinfoOutput) {
    for (String line : modinfoOutput.split("\\R")) {
      if (line.startsWith("vermagic:")) {
        return Optional.of(line.substring("vermagic:".length()).strip());
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a vermagic names the kernel release (the directory under {@code /lib/modules}, as
   * {@code uname -r} prints it): the release is the whole first word, so {@code 6.1.0-5} does not
   * match a module built for {@code 6.1.0-56-amd64}.
   */
  public static boolean matchesRelease(String vermagic, String release) {
    if (release.isBlank()) {
      return false;
    }
    String v = vermagic.strip();
    return v.equals(release) || v.startsWith(release + " ");
  }

  private static InputStream open(String name) throws IOException {
    if (!CONTEXT_FILES.contains(name)) {
      throw new IllegalArgumentException(
          "not a canary file: " + name + " (one of " + CONTEXT_FILES + ")");
    }
    String path = RESOURCE_DIR + "/" + name;
    InputStream in = Canary.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IOException("canary source " + path + " is missing from the dtk-exec jar");
    }
    return in;
  }
}

package dtk.exec;

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
 * against a built toolkit image ({@code make -C /lib/modules/<release>/build M=<dir> modules}),
 * then checks that its vermagic names the image's kernel.
 *
 * <pre>{@code
 * List<Path> files = Canary.writeSources(context.resolve("canary"));
 * ... build a stage FROM the toolkit image that COPYs canary/ and runs make + modinfo ...
 * Canary.vermagic(modinfoOutput).filter(v -> Canary.matchesRelease(v, "6.1.0-56-amd64"))
 * }</pre>
 */
public final class Canary {
  /** Classpath folder of the module source. */
  public static final String RESOURCE_DIR = "canary";
  /** Source files, relative to {@link #RESOURCE_DIR} and to the directory they are written to. */
  public static final List<String> FILES = List.of("Makefile", "dtk_canary.c");
  /** File name of the built module. */
  public static final String MODULE_FILE = "dtk_canary.ko";

  private Canary() {}

  /** Writes the module source into {@code dir} (created if missing); returns the written files. */
  public static List<Path> writeSources(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (String name : FILES) {
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
   * The {@code vermagic} field of {@code modinfo} output ({@code "vermagic:  6.1.0-56-amd64 SMP
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
    if (!FILES.contains(name)) {
      throw new IllegalArgumentException("not a canary file: " + name + " (one of " + FILES + ")");
    }
    String path = RESOURCE_DIR + "/" + name;
    InputStream in = Canary.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IOException("canary source " + path + " is missing from the dtk-exec jar");
    }
    return in;
  }
}

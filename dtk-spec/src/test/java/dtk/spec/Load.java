package dtk.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Test helpers: load fixtures and show diagnostics as {@code FILE:LINE:COL: error CODE: message}.
 */
final class Load {
  static final Path FIXTURES = Path.of("src/test/resources/specs");
  static final Path SHIPPED = Path.of("../specs");

  private Load() {}

  static Path fixture(String relative) {
    return FIXTURES.resolve(relative);
  }

  static LoadResult load(Path... paths) {
    return SpecLoader.standard().load(Arrays.asList(paths));
  }

  static LoadResult load(List<String> sets, Path... paths) {
    return SpecLoader.standard().load(Arrays.asList(paths), Overrides.parse(sets));
  }

  static List<String> lines(LoadResult r) {
    return r.diagnostics().stream().map(Diagnostic::line).toList();
  }

  /** {@code file-name:line:col code} of each diagnostic: short, exact and easy to compare. */
  static List<String> where(LoadResult r) {
    return r.diagnostics().stream()
        .map(
            d ->
                (d.at().file().getFileName() == null ? d.at().file() : d.at().file().getFileName())
                    + ":"
                    + d.at().line()
                    + ":"
                    + d.at().column()
                    + " "
                    + d.code())
        .toList();
  }

  static Path write(Path dir, String name, String text) {
    return write(dir, name, text.getBytes(StandardCharsets.UTF_8));
  }

  static Path write(Path dir, String name, byte[] bytes) {
    try {
      Path p = dir.resolve(name);
      Files.createDirectories(p.getParent());
      Files.write(p, bytes);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid minimal spec with {@code extra} appended (top-level keys must not repeat). */
  static String minimal(String name, String extra) {
    return "apiVersion: dtk/v1\n"
        + "kind: DriverToolkit\n"
        + "metadata: { name: "
        + name
        + " }\n"
        + "baseImage: quay.io/centos/centos:stream9\n"
        + "packageManager: dnf\n"
        + "platforms: [x86_64]\n"
        + "kernel: { version: 5.14.0-498.el9 }\n"
        + "image: { registry: quay.io, name: driver-toolkit, tag: \"${kernel.version}\" }\n"
        + extra;
  }
}

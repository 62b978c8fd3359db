package dtk.spec;

import static dtk.spec.Load.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mangled versions of the shipped specs (seeded, so failures reproduce) always end in diagnostics
 * or specs, never in an exception.
 */
class MutationTest {
  @TempDir Path dir;

  private static final String[] SNIPPETS = {
    "[",
    "]",
    "{",
    "}",
    ":",
    "- ",
    "&a ",
    "*a",
    "${",
    "}",
    "\"",
    "'",
    "\n  ",
    "\t",
    "#",
    "!!str ",
    "? ",
    "---\n",
    "\\0",
    "~",
    "null",
    "true",
    "12",
    "${kernel.version}",
    "extends: common.yaml\n"
  };

  @Test
  void mangledSpecs_neverThrow() throws IOException {
    Files.copy(Path.of("../specs/common.yaml"), dir.resolve("common.yaml"));
    Files.createDirectories(dir.resolve("repos/centos"));
    List<String> sources = new ArrayList<>();
    for (String name : List.of("centos.yaml", "rhel.yaml", "fedora.yaml", "debian.yaml")) {
      sources.add(Files.readString(Path.of("../specs").resolve(name)));
    }
    Random random = new Random(20261125L);
    int withErrors = 0;
    for (int i = 0; i < 400; i++) {
      StringBuilder text = new StringBuilder(sources.get(i % sources.size()));
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(text.length());
        switch (random.nextInt(3)) {
          case 0 -> text.insert(at, SNIPPETS[random.nextInt(SNIPPETS.length)]);
          case 1 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(8)));
          default -> text.setCharAt(at, (char) (32 + random.nextInt(95)));
        }
      }
      Path p = write(dir, "m" + i + ".yaml", text.toString().getBytes(StandardCharsets.UTF_8));
      LoadResult r =
          SpecLoader.standard().load(List.of(p), Overrides.parse(List.of("image.tag=x-${arch}")));
      assertThat(r.specs().size() + r.diagnostics().size()).as("mutation %d", i).isPositive();
      if (!r.ok()) {
        withErrors++;
      }
      Files.delete(p);
    }
    assertThat(withErrors).isGreaterThan(50);
  }
}

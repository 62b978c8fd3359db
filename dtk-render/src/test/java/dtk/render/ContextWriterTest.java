package dtk.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextWriterTest {
  private static BuildContext ctx() {
    return Renderer.builtIn().render(TestSpecs.targets(TestSpecs.centosLike(true)).get(0));
  }

  private static String[] names(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void writesTheContext_withMarkerAndSummary(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    BuildContext c = ctx();
    ContextWriter.write(c, out);
    assertThat(names(out)).containsExactly(".dtk-render", "Containerfile", "context.json");
    assertThat(Files.readString(out.resolve("Containerfile"))).isEqualTo(c.containerfile());
    String json = Files.readString(out.resolve("context.json"));
    assertThat(json)
        .contains("\"inputsDigest\": \"" + c.inputsDigest() + "\"")
        .contains("\"KERNEL_VERSION\": \"5.14.0-498.el9\"")
        .contains("\"unsetLabels\": [\n    \"release\",");
    assertThat(names(tmp)).containsExactly("out");
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(out)))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void replacesAPreviousRender_andLeavesNoTemporaryFiles(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    ContextWriter.write(ctx(), out);
    // a file an older render wrote (its marker lists it) goes
    Files.writeString(out.resolve("stale"), "from an older render");
    Files.writeString(
        out.resolve(ContextWriter.MARKER), "stale\n", java.nio.file.StandardOpenOption.APPEND);
    ContextWriter.write(ctx(), out);
    assertThat(names(out)).containsExactly(".dtk-render", "Containerfile", "context.json");
    assertThat(names(tmp)).containsExactly("out");
  }

  @Test
  void refusesToDeleteAFileTheUserAddedToItsOutput(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    ContextWriter.write(ctx(), out);
    Files.writeString(out.resolve("NOTES.md"), "mine");
    assertThatThrownBy(() -> ContextWriter.write(ctx(), out))
        .isInstanceOf(ContextWriter.RefusedException.class)
        .hasMessageContaining("holds a file dtk render did not write")
        .hasMessageContaining(": NOTES.md;");
    assertThat(names(out))
        .containsExactly(".dtk-render", "Containerfile", "NOTES.md", "context.json");
  }

  @Test
  void refusesADirectoryThatIsNotItsOwn(@TempDir Path tmp) throws Exception {
    Path out = Files.createDirectories(tmp.resolve("mine"));
    Files.writeString(out.resolve("notes.txt"), "keep me");
    assertThatThrownBy(() -> ContextWriter.write(ctx(), out))
        .isInstanceOf(ContextWriter.RefusedException.class)
        .hasMessageContaining("not empty and was not written by dtk render");
    assertThat(names(out)).containsExactly("notes.txt");
    assertThat(names(tmp)).containsExactly("mine");
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertThatThrownBy(() -> ContextWriter.write(ctx(), file))
        .hasMessageContaining("not a directory");
  }

  @Test
  void usesAnEmptyExistingDirectory(@TempDir Path tmp) throws Exception {
    Path out = Files.createDirectories(tmp.resolve("empty"));
    ContextWriter.write(ctx(), out);
    assertThat(names(out)).contains("Containerfile");
  }
}

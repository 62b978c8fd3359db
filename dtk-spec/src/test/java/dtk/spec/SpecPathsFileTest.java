package dtk.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SpecPaths#inside} and {@link SpecPaths#fileRefusal}: the rule for a directory of files to
 * read, such as --templates.
 */
class SpecPathsFileTest {
  @TempDir Path tmp;

  @Test
  void aRegularFileInside_isAllowed_andAMissingOneIsLeftToTheCaller() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("t"));
    Files.writeString(dir.resolve("a.ftl"), "x");
    SpecPaths rule = SpecPaths.inside(dir, "template directory");
    assertThat(rule.fileRefusal(dir.resolve("a.ftl"))).isEmpty();
    assertThat(rule.fileRefusal(dir.resolve("missing.ftl"))).isEmpty();
  }

  @Test
  @Timeout(20)
  void aFifoOrADirectory_isRefusedWithoutBeingOpened() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("t"));
    Path fifo = dir.resolve("fifo.ftl");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Files.createDirectories(dir.resolve("sub.ftl"));
    SpecPaths rule = SpecPaths.inside(dir, "template directory");
    assertThat(rule.fileRefusal(fifo))
        .contains("is not a regular file (a FIFO, a device or a socket)");
    assertThat(rule.fileRefusal(dir.resolve("sub.ftl"))).contains("is a directory, not a file");
    // a link to a FIFO inside is still a FIFO
    Files.createSymbolicLink(dir.resolve("link.ftl"), fifo);
    assertThat(rule.fileRefusal(dir.resolve("link.ftl")))
        .contains("is not a regular file (a FIFO, a device or a socket)");
  }

  @Test
  void linksOutLoopsAndDanglingLinks_areRefusedInTheDirectorysName() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("t"));
    Path outside = Files.writeString(tmp.resolve("outside.ftl"), "x");
    Files.createSymbolicLink(dir.resolve("out.ftl"), outside);
    Files.createSymbolicLink(dir.resolve("l1"), Path.of("l2"));
    Files.createSymbolicLink(dir.resolve("l2"), Path.of("l1"));
    Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nothing"));
    SpecPaths rule = SpecPaths.inside(dir, "template directory");
    assertThat(rule.fileRefusal(dir.resolve("out.ftl")))
        .contains("is a symbolic link that leaves the template directory " + dir);
    assertThat(rule.fileRefusal(dir.resolve("l1"))).contains("is a symbolic link loop");
    assertThat(rule.fileRefusal(dir.resolve("dangling"))).contains("is a symbolic link to nothing");
    assertThat(rule.fileRefusal(dir.resolve("../outside.ftl")))
        .contains("leaves the template directory " + dir);
  }
}

package dtk.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
  @Test
  void delete_removesTheTree_butNotWhatALinkPointsTo(@TempDir Path tmp) throws IOException {
    Path keep = Files.writeString(Files.createDirectories(tmp.resolve("keep")).resolve("f"), "x");
    Path tree = Files.createDirectories(tmp.resolve("tree/a/b"));
    Files.writeString(tree.resolve("file"), "y");
    Files.createSymbolicLink(tmp.resolve("tree/link"), keep.getParent());
    FileTrees.delete(tmp.resolve("tree"));
    assertThat(tmp.resolve("tree")).doesNotExist();
    assertThat(keep).hasContent("x");
    FileTrees.delete(tmp.resolve("tree"));
    FileTrees.delete(null);
  }

  @Test
  void delete_throwsForWhatItCannotDelete_deleteQuietlyRemovesTheRest(@TempDir Path tmp)
      throws Exception {
    Path locked = Files.createDirectories(tmp.resolve("tree/locked"));
    Path pinned = Files.writeString(locked.resolve("f"), "x");
    Files.writeString(tmp.resolve("tree/other"), "y");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
    // root ignores permissions: there the file is made immutable instead (ext4, chattr from
    // e2fsprogs)
    boolean immutable = Files.isWritable(locked);
    if (immutable) {
      chattr("+i", pinned);
    }
    try {
      assertThatThrownBy(() -> FileTrees.delete(tmp.resolve("tree")))
          .isInstanceOf(IOException.class);
      Files.writeString(tmp.resolve("tree/other"), "y");
      FileTrees.deleteQuietly(tmp.resolve("tree"));
      assertThat(tmp.resolve("tree/other")).doesNotExist();
      assertThat(pinned).exists();
    } finally {
      if (immutable) {
        chattr("-i", pinned);
      }
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  private static void chattr(String flag, Path file) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("chattr %s %s: %s", flag, file, out).isZero();
  }
}

package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.build.ImageBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --state-dir DIR}: build contexts go inside DIR, never next to it. */
class StateDirTest {
  @picocli.CommandLine.Command(name = "t")
  static final class Holder {
    @CommandLine.Mixin EngineFlags engine;
    @CommandLine.Mixin BuildFlags build;
  }

  @Test
  void contextsAreWrittenInsideTheStateDir() {
    Holder h = new Holder();
    new CommandLine(h).parseArgs("--state-dir", "/tmp/somewhere/state");
    ImageBuilder.Options o = h.build.buildOptions(h.engine);
    assertThat(o.workDir()).isEqualTo(Path.of("/tmp/somewhere/state"));
    assertThat(o.workDir().resolve("contexts").startsWith(Path.of("/tmp/somewhere/state")))
        .isTrue();
  }
}

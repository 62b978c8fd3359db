package dtk.spec;

import static dtk.spec.Load.load;
import static dtk.spec.Load.where;
import static dtk.spec.Load.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML mistakes people make most get a hint in their words, not only the parser's state. */
class YamlSyntaxHintsTest {
  @TempDir Path dir;

  private Diagnostic only(String text) {
    LoadResult r = load(write(dir, "spec.yaml", text));
    assertThat(r.diagnostics()).hasSize(1);
    return r.diagnostics().get(0);
  }

  @Test
  void aTabIndent() {
    Diagnostic d = only("apiVersion: dtk/v1\nkind: DriverToolkit\nmetadata:\n\tname: x\n");
    assertThat(where(load(dir.resolve("spec.yaml")))).containsExactly("spec.yaml:4:1 yaml/syntax");
    assertThat(d.message()).startsWith("a tab character where YAML expects spaces");
    assertThat(d.hint()).contains("indent with spaces");
  }

  @Test
  void aKeyIndentedDeeperThanItsSiblings() {
    Diagnostic d =
        only("apiVersion: dtk/v1\nkind: DriverToolkit\nmetadata:\n  name: x\n    description: y\n");
    assertThat(d.hint()).contains("align the key with its siblings");
  }

  @Test
  void aKeyIndentedLessThanItsSiblings() {
    Diagnostic d =
        only("apiVersion: dtk/v1\nkind: DriverToolkit\nmetadata:\n  name: x\n description: y\n");
    assertThat(d.hint()).contains("start in the same column");
  }

  @Test
  void anUnclosedQuote() {
    Diagnostic d = only("apiVersion: dtk/v1\nkind: \"DriverToolkit\n");
    assertThat(d.hint()).contains("add the closing quote");
  }
}

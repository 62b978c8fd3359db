package dtk.spec;

import static dtk.spec.Load.fixture;
import static dtk.spec.Load.load;
import static dtk.spec.Load.where;
import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.model.PackageEntry;
import dtk.spec.model.Spec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code extends}: maps merge, lists replace, chains work, and problems point at {@code extends:}.
 */
class ExtendsTest {

  @Test
  void mapsMerge_listsReplace_childWins() {
    LoadResult r = load(fixture("extends/merge/child.yaml"));
    assertThat(Load.lines(r)).isEmpty();
    Spec s = r.specs().get(0);
    assertThat(s.labels())
        .containsExactly(
            Map.entry("name", "base"),
            Map.entry("vendor", "child-vendor"),
            Map.entry("extra", "${kernel.version}"));
    assertThat(s.packages()).extracting(PackageEntry::name).containsExactly("kmod");
    assertThat(s.platforms()).containsExactly("x86_64");
    assertThat(s.build().args()).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"));
    assertThat(s.image().registry()).isEqualTo("quay.io");
    assertThat(s.kind()).isEqualTo(dtk.spec.model.Kind.DriverToolkit);
    assertThat(r.filesChecked()).isEqualTo(2);
  }

  @Test
  void sourceMap_pointsEachValueAtTheFileThatWroteIt() {
    Spec s = load(fixture("extends/merge/child.yaml")).specs().get(0);
    Path base = fixture("extends/merge/base.yaml");
    Path child = fixture("extends/merge/child.yaml");
    assertThat(s.source().locate("/image/registry")).isEqualTo(new Location(base, 9, 13));
    assertThat(s.source().locate("/labels/name")).isEqualTo(new Location(base, 6, 9));
    assertThat(s.source().locate("/labels/vendor")).isEqualTo(new Location(child, 11, 11));
    assertThat(s.source().locateKey("/labels/vendor")).isEqualTo(new Location(child, 11, 3));
    assertThat(s.source().locate("/packages/0")).isEqualTo(new Location(child, 9, 12));
    assertThat(s.source().locate("/build/args/A")).isEqualTo(new Location(base, 13, 14));
    // a value nobody wrote (a default) falls back to its nearest written ancestor: here the
    // document
    assertThat(s.source().locate("/verify/canary")).isEqualTo(new Location(child, 1, 1));
    assertThat(s.source().locate("/labels/extra", 0)).isEqualTo(new Location(child, 12, 11));
  }

  @Test
  void chains_mergeInOrder() {
    LoadResult r = load(fixture("extends/chain/leaf.yaml"));
    assertThat(Load.lines(r)).isEmpty();
    Spec s = r.specs().get(0);
    assertThat(s.labels())
        .containsExactly(Map.entry("top", "1"), Map.entry("shared", "mid"), Map.entry("mid", "1"));
    assertThat(s.packageManager()).isEqualTo(dtk.spec.model.PackageManager.dnf);
    assertThat(s.platforms()).containsExactly("x86_64");
    assertThat(r.filesChecked()).isEqualTo(3);
  }

  @Test
  void aDefaultsFileInTheSameDirectory_isCheckedOnce() {
    LoadResult r = load(fixture("extends/merge"));
    assertThat(Load.lines(r)).isEmpty();
    assertThat(r.filesChecked()).isEqualTo(2);
    assertThat(r.specs()).extracting(Spec::name).containsExactly("child");
  }

  @Test
  void cycle_isReportedAtEachExtends() {
    LoadResult r = load(fixture("extends/cycle"));
    assertThat(where(r)).containsExactly("a.yaml:3:10 extends/cycle", "b.yaml:3:10 extends/cycle");
    assertThat(r.diagnostics().get(0).message()).contains("a.yaml -> ").contains("b.yaml -> ");
  }

  @Test
  void aSpecThatExtendsIntoACycle_reportsTheCycle_notTheKeysItWouldHaveInherited() {
    LoadResult r = load(fixture("extends/into-cycle/main.yaml"));
    // main.yaml is not in the cycle: the cycle is reported where each member's extends closes it
    assertThat(where(r)).containsExactly("a.yaml:3:10 extends/cycle", "b.yaml:3:10 extends/cycle");
    assertThat(r.diagnostics().get(0).message())
        .endsWith(
            "a.yaml -> "
                + fixture("extends/into-cycle/b.yaml")
                + " -> "
                + fixture("extends/into-cycle/a.yaml"));
    assertThat(r.specs()).isEmpty();
  }

  @Test
  void extendsOfTheWrongType_isOneError_withoutMissingKeysItWouldHaveInherited() {
    LoadResult r = load(fixture("extends/wrong-type/child.yaml"));
    assertThat(where(r)).containsExactly("child.yaml:4:10 schema/type");
    assertThat(r.specs()).isEmpty();
  }

  @Test
  void missingTarget_isReportedAtTheExtendsValue() {
    LoadResult r = load(fixture("extends/missing/child.yaml"));
    assertThat(where(r)).containsExactly("child.yaml:4:10 extends/not-found");
    assertThat(r.specs()).isEmpty();
  }

  @Test
  void targetMustBeDefaults() {
    LoadResult r = load(fixture("extends/wrong-kind/child.yaml"));
    assertThat(where(r)).containsExactly("child.yaml:4:12 extends/wrong-kind");
    assertThat(r.diagnostics().get(0).message())
        .contains("is kind DriverToolkit, not DriverToolkitDefaults");
  }

  @Test
  void eachFileIsValidatedOnItsOwn_andRequiredKeysOnTheMergedResult() {
    LoadResult r = load(fixture("extends/required/child.yaml"));
    // the parent's own error points into the parent; the merged spec lacks image.tag and platforms
    // is inherited (so not missing); image was last written by the child
    assertThat(where(r))
        .containsExactly("base.yaml:6:21 schema/enum", "child.yaml:8:1 schema/required");
    assertThat(r.diagnostics().get(1).message()).isEqualTo("missing required key 'tag' in image");
  }
}

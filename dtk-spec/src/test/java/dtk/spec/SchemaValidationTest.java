package dtk.spec;

import static dtk.spec.Load.load;
import static dtk.spec.Load.minimal;
import static dtk.spec.Load.where;
import static dtk.spec.Load.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema violations point at the offending key or value and read as advice. */
class SchemaValidationTest {
  @TempDir Path dir;

  private LoadResult spec(String text) {
    return load(write(dir, "spec.yaml", text));
  }

  @Test
  void minimalSpec_isValid() {
    LoadResult r = load(Load.fixture("ok/minimal.yaml"));
    assertThat(Load.lines(r)).isEmpty();
    assertThat(r.ok()).isTrue();
    assertThat(r.specs()).singleElement().satisfies(s -> assertThat(s.name()).isEqualTo("minimal"));
    assertThat(r.filesChecked()).isEqualTo(1);
  }

  @Test
  void unknownKey_pointsAtTheKey_withDidYouMean() {
    LoadResult r = spec(minimal("x", "image2: {}\nlabels:\n  a: b\nverify:\n  canery: true\n"));
    assertThat(where(r))
        .containsExactly(
            "spec.yaml:9:1 schema/additionalProperties",
            "spec.yaml:13:3 schema/additionalProperties");
    assertThat(r.diagnostics().get(0).message())
        .isEqualTo("unknown key 'image2' (did you mean 'image'?)");
    assertThat(r.diagnostics().get(1).message())
        .isEqualTo("unknown key 'canery' in verify (did you mean 'canary'?)");
    assertThat(r.diagnostics().get(1).hint())
        .isEqualTo("allowed keys: enabled, canary, modules, signature");
  }

  @Test
  void requiredKey_pointsAtTheParentKey() {
    LoadResult r =
        spec(
            "apiVersion: dtk/v1\nkind: DriverToolkit\nmetadata: { name: x }\n"
                + "baseImage: quay.io/a/b:1\npackageManager: dnf\nplatforms: [x86_64]\nkernel: { version: 1.0 }\n"
                + "image:\n  registry: quay.io\n  name: dtk\n");
    assertThat(where(r))
        .containsExactly("spec.yaml:7:20 schema/type", "spec.yaml:8:1 schema/required");
    assertThat(r.diagnostics().get(1).message()).isEqualTo("missing required key 'tag' in image");
    assertThat(r.diagnostics().get(1).hint()).contains("${kernel.version}");
  }

  @Test
  void requiredTopLevelKey_pointsAtTheDocumentStart() {
    LoadResult r = spec("apiVersion: dtk/v1\nkind: DriverToolkit\n");
    assertThat(where(r)).containsOnly("spec.yaml:1:1 schema/required");
    assertThat(r.diagnostics())
        .extracting(Diagnostic::message)
        .contains(
            "missing required key 'kernel'",
            "missing required key 'image'",
            "missing required key 'metadata'");
  }

  @Test
  void aDocumentThatIsNotAMapping_saysWhatItIs() {
    LoadResult r = spec("- apiVersion: dtk/v1\n");
    assertThat(Load.lines(r))
        .containsExactly(
            dir.resolve("spec.yaml")
                + ":1:1: error schema/type: a spec is a mapping of keys; this file holds a list");
  }

  @Test
  void defaultsFiles_needNoBuildKeys() {
    LoadResult r =
        spec("apiVersion: dtk/v1\nkind: DriverToolkitDefaults\nimage: { registry: quay.io }\n");
    assertThat(Load.lines(r)).isEmpty();
    assertThat(r.specs()).isEmpty();
  }

  @Test
  void enumValue_isReportedAtTheValue_withDidYouMean() {
    LoadResult r =
        spec(
            minimal("x", "")
                .replace("platforms: [x86_64]", "platforms: [x86_64, arm64]")
                .replace("packageManager: dnf", "packageManager: dnff"));
    assertThat(where(r))
        .containsExactly("spec.yaml:5:17 schema/enum", "spec.yaml:6:21 schema/enum");
    assertThat(r.diagnostics().get(0).message())
        .isEqualTo("packageManager: 'dnff' is not one of dnf, apt (did you mean 'dnf'?)");
    assertThat(r.diagnostics().get(1).message())
        .startsWith("platforms[1]: 'arm64' is not one of x86_64, aarch64");
  }

  @Test
  void patternAndType_areReportedAtTheValue() {
    LoadResult r = spec(minimal("Not_A_Name", "labels:\n  version: 1\n  \"bad key\": x\n"));
    assertThat(where(r))
        .containsExactly(
            "spec.yaml:3:19 schema/pattern",
            "spec.yaml:10:12 schema/type",
            "spec.yaml:11:3 schema/propertyNames");
    assertThat(r.diagnostics().get(0).hint()).contains("lower-case letters");
    assertThat(r.diagnostics().get(0).message())
        .isEqualTo(
            "metadata.name: 'Not_A_Name' is not allowed here: use lower-case"
                + " letters, digits and '-', starting and ending with a letter or digit, at most 63 characters");
    assertThat(r.diagnostics().get(1).message())
        .isEqualTo("labels.version: integer found, string expected");
    assertThat(r.diagnostics().get(2).message()).startsWith("labels: key 'bad key' is not valid");
  }

  @Test
  void yesIsAString_notABoolean() {
    LoadResult r = spec(minimal("x", "verify: { canary: yes }\n"));
    assertThat(where(r)).containsExactly("spec.yaml:9:19 schema/type");
    assertThat(r.diagnostics().get(0).message())
        .isEqualTo("verify.canary: string found, boolean expected");
  }

  @Test
  void versionAndVersions_excludeEachOther() {
    LoadResult r =
        spec(
            minimal("x", "")
                .replace(
                    "kernel: { version: 5.14.0-498.el9 }",
                    "kernel:\n  version: 5.14.0-498.el9\n  versions: [5.14.0-500.el9]"));
    assertThat(where(r)).containsExactly("spec.yaml:7:1 schema/not");
    assertThat(r.diagnostics().get(0).message()).contains("exclude each other");
  }

  @Test
  void eachFileIsReported_inPathOrder_andAllProblemsInOneRun() {
    Path a = write(dir, "a.yaml", minimal("a", "bogus: 1\n"));
    Path b = write(dir, "b.yaml", minimal("b", "other: 1\n"));
    LoadResult r = load(dir);
    assertThat(where(r))
        .containsExactly(
            "a.yaml:9:1 schema/additionalProperties", "b.yaml:9:1 schema/additionalProperties");
    assertThat(r.filesChecked()).isEqualTo(2);
    assertThat(a).exists();
    assertThat(b).exists();
  }

  @Test
  void directory_readsYamlAndYml_notOtherFiles_notSubdirectories() {
    write(dir, "b.yml", minimal("b", ""));
    write(dir, "a.yaml", minimal("a", ""));
    write(dir, "notes.txt", "not yaml");
    write(dir, "sub/c.yaml", "broken: [");
    LoadResult r = load(dir);
    assertThat(Load.lines(r)).isEmpty();
    assertThat(r.specs()).extracting(s -> s.name()).containsExactly("a", "b");
  }

  @Test
  void emptyDirectory_isADiagnostic() {
    assertThat(where(load(dir))).singleElement().asString().endsWith("file/no-specs");
  }
}

package dtk.spec;

import static dtk.spec.Load.load;
import static dtk.spec.Load.minimal;
import static dtk.spec.Load.where;
import static dtk.spec.Load.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code spec/...} rules, each at its exact line and column. */
class SemanticRulesTest {
  @TempDir Path dir;

  private LoadResult spec(String text) {
    return load(write(dir, "spec.yaml", text));
  }

  @Test
  void duplicateTargetNames_acrossTheSet_areReportedAtTheSecond() {
    write(dir, "a.yaml", minimal("same", ""));
    write(dir, "b.yaml", minimal("same", ""));
    LoadResult r = load(dir);
    assertThat(where(r)).containsExactly("b.yaml:3:19 spec/duplicate-name");
    assertThat(r.diagnostics().get(0).message()).contains("a.yaml:3:19");
    assertThat(r.specs()).hasSize(1);
  }

  @Test
  void duplicateTargetNames_fromASet_nameTheFiles() {
    write(dir, "a.yaml", minimal("a", ""));
    write(dir, "b.yaml", minimal("b", ""));
    LoadResult r = load(java.util.List.of("metadata.name=same"), dir);
    assertThat(where(r)).containsExactly("--set[1]:1:15 spec/duplicate-name");
    assertThat(r.diagnostics().get(0).message())
        .isEqualTo(
            "target name 'same' of "
                + dir.resolve("b.yaml")
                + " is already used by "
                + dir.resolve("a.yaml")
                + " (named by --set[1]:1:15)");
  }

  @Test
  void labelBothSetAndUnset() {
    LoadResult r = spec(minimal("x", "labels: { release: \"1\" }\nunsetLabels: [url, release]\n"));
    assertThat(where(r)).containsExactly("spec.yaml:10:20 spec/label-conflict");
  }

  @Test
  void variantPlatformTheSpecDoesNotBuild() {
    LoadResult r =
        spec(
            minimal("x", "")
                .replace(
                    "kernel: { version: 5.14.0-498.el9 }",
                    "kernel:\n  version: 5.14.0-498.el9\n  variants:\n    - name: 64k\n      platforms: [aarch64]\n      packages: [k]"));
    assertThat(where(r)).containsExactly("spec.yaml:11:19 spec/variant-platform");
  }

  @Test
  void invalidImageReferences_baseSourceAndFacts() {
    LoadResult r =
        spec(
            minimal("x", "facts:\n  c: { image: \"quay.io/x/y:-bad\", label: l }\n")
                .replace(
                    "baseImage: quay.io/centos/centos:stream9",
                    "baseImage: quay.io/CentOS/centos:stream9")
                .replace(
                    "kernel: { version: 5.14.0-498.el9 }",
                    "kernel: { source: { image: \"q.io:99999/a\", label: ostree.linux } }"));
    assertThat(where(r))
        .containsExactly(
            "spec.yaml:4:12 spec/image-ref",
            "spec.yaml:7:28 spec/image-ref",
            "spec.yaml:10:15 spec/image-ref");
    assertThat(r.diagnostics().get(0).message()).contains("'CentOS'");
  }

  @Test
  void tags_areCheckedOnTheirLiteralParts_afterPlusBecomesUnderscore() {
    assertThat(
            Load.lines(
                spec(
                    minimal("x", "")
                        .replace(
                            "tag: \"${kernel.version}\"",
                            "tag: \"${kernel.version}+rt.${arch}\""))))
        .isEmpty();
    LoadResult r =
        spec(minimal("x", "").replace("tag: \"${kernel.version}\"", "tag: \".${kernel.version}\""));
    assertThat(where(r)).containsExactly("spec.yaml:8:56 spec/tag");
  }

  @Test
  void apiVersion_mustBeDtkV1() {
    LoadResult r = spec(minimal("x", "").replace("apiVersion: dtk/v1", "apiVersion: dtk/v2"));
    assertThat(where(r)).containsExactly("spec.yaml:1:13 spec/api-version");
  }

  @Test
  void repositoryFile_mustExist_relativeToTheSpec() {
    write(dir, "repos/ok.repo", "[ok]\n");
    LoadResult r = spec(minimal("x", "repositories:\n  - repos/ok.repo\n  - repos/missing.repo\n"));
    assertThat(where(r)).containsExactly("spec.yaml:11:5 spec/repository-not-found");
  }

  @Test
  void repositoryFile_mustBeUtf8() {
    write(dir, "repos/bad.repo", new byte[] {'[', 'x', ']', '\n', (byte) 0xff});
    LoadResult r = spec(minimal("x", "repositories: [repos/bad.repo]\n"));
    assertThat(where(r)).containsExactly("bad.repo:0:0 spec/repository-file");
  }

  @Test
  void secrets_needExactlyOneOfEnvAndFile() {
    LoadResult r =
        spec(
            minimal(
                "x",
                "build:\n  secrets:\n    - { id: a, env: A, file: a.txt }\n    - { id: b }\n"
                    + "    - { id: c, env: C }\n"));
    assertThat(where(r))
        .containsExactly("spec.yaml:11:7 spec/secret", "spec.yaml:12:7 spec/secret");
  }

  @Test
  void kernel_needsAVersionOrASource() {
    LoadResult r =
        spec(
            minimal("x", "")
                .replace("kernel: { version: 5.14.0-498.el9 }", "kernel: { packages: [k] }"));
    assertThat(where(r)).containsExactly("spec.yaml:7:1 spec/kernel");
  }

  @Test
  void variantNames_areUnique() {
    LoadResult r =
        spec(
            minimal("x", "")
                .replace(
                    "kernel: { version: 5.14.0-498.el9 }",
                    "kernel:\n  version: 1.0.0\n  variants:\n    - { name: rt, packages: [a] }\n    - { name: rt, packages: [b] }"));
    assertThat(where(r)).containsExactly("spec.yaml:11:15 spec/duplicate-variant");
  }
}

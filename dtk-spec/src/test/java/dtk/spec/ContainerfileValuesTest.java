package dtk.spec;

import static dtk.spec.Load.load;
import static dtk.spec.Load.minimal;
import static dtk.spec.Load.where;
import static dtk.spec.Load.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values that rendering would refuse whatever the facts are reported by validation, at the value,
 * with the rule rendering uses ({@link ValueRules}).
 */
class ContainerfileValuesTest {
  @TempDir Path dir;

  private LoadResult spec(String extra) {
    return load(write(dir, "spec.yaml", minimal("x", extra)));
  }

  @Test
  void aPackageThatReadsAsAnOption() {
    LoadResult r = spec("packages: [kmod, --nogpgcheck]\n");
    assertThat(where(r)).containsExactly("spec.yaml:9:18 spec/package");
    assertThat(r.diagnostics().get(0).message())
        .isEqualTo("package name '--nogpgcheck' starts with '-' and would be read as an option");
  }

  @Test
  void aKernelOrVariantPackageThatReadsAsAnOption_evenAroundAReference() {
    LoadResult r =
        load(
            write(
                dir,
                "spec.yaml",
                minimal("x", "")
                    .replace(
                        "kernel: { version: 5.14.0-498.el9 }",
                        "kernel:\n  version: 5.14.0-498.el9\n  packages: [\"-k-${kernel.version}\"]\n"
                            + "  variants:\n    - { name: rt, packages: [-y] }\n")));
    assertThat(where(r))
        .containsExactly("spec.yaml:9:14 spec/package", "spec.yaml:11:30 spec/package");
  }

  @Test
  void aLabelValueWithANewline() {
    LoadResult r = spec("labels:\n  summary: \"one\\ntwo\"\n");
    assertThat(where(r)).containsExactly("spec.yaml:10:12 spec/label");
    assertThat(r.diagnostics().get(0).message()).contains("contains a newline");
  }

  @Test
  void kernelVersionAsABuildArgument_fromTheCommandLine_isReportedAtTheArgument() {
    LoadResult r =
        load(List.of("build.args.KERNEL_VERSION=evil"), write(dir, "spec.yaml", minimal("x", "")));
    assertThat(where(r)).containsExactly("--set[1]:1:12 spec/build-arg");
    assertThat(r.diagnostics().get(0).message()).contains("dtk sets KERNEL_VERSION");
  }

  @Test
  void variantNamesSecretIdsAndUserNames() {
    LoadResult r =
        load(
            write(
                dir,
                "spec.yaml",
                minimal("x", "build:\n  secrets: [{ id: .dot, env: E }]\n")
                    .replace(
                        "kernel: { version: 5.14.0-498.el9 }",
                        "kernel:\n  version: 5.14.0-498.el9\n  variants:\n    - { name: my-rt, packages: [k] }\n")));
    assertThat(where(r))
        .containsExactly("spec.yaml:10:15 spec/variant", "spec.yaml:14:19 spec/secret");
  }

  @Test
  void aptVariantWithSeveralReleases() {
    LoadResult r =
        load(
            write(
                dir,
                "spec.yaml",
                minimal("x", "")
                    .replace("packageManager: dnf", "packageManager: apt")
                    .replace(
                        "kernel: { version: 5.14.0-498.el9 }",
                        "kernel:\n  version: 6.1.0-27-amd64\n  variants:\n    - { name: rt, enableRepos: [a, b], packages: [k] }\n")));
    assertThat(where(r)).containsExactly("spec.yaml:10:32 spec/variant");
    assertThat(r.diagnostics().get(0).message())
        .contains("apt installs from one target release at a time");
  }

  @Test
  void twoRepositoryFilesOfTheSameName() {
    write(dir, "a/same.repo", "[a]\n");
    write(dir, "b/same.repo", "[b]\n");
    write(dir, "c/other.repo", "[c]\n");
    LoadResult r = spec("repositories: [a/same.repo, c/other.repo, b/same.repo]\n");
    assertThat(where(r)).containsExactly("spec.yaml:9:43 spec/repository");
  }

  @Test
  void aValueThatOnlyAFactCanBreak_staysForRendering() {
    LoadResult r =
        spec(
            "facts: { pkg: { image: quay.io/a/b:c, label: p } }\npackages: [\"${facts.pkg}\"]\n"
                + "labels: { v: \"${facts.pkg}\" }\n");
    assertThat(where(r)).isEmpty();
  }
}

package dtk.spec;

import static dtk.spec.Load.load;
import static dtk.spec.Load.minimal;
import static dtk.spec.Load.where;
import static dtk.spec.Load.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unknown {@code ${...}} names and malformed references are reported at the {@code ${}. */
class InterpolationCheckTest {
  @TempDir Path dir;

  private LoadResult spec(String extra) {
    return load(write(dir, "spec.yaml", minimal("x", extra)));
  }

  @Test
  void unknownName_inAPlainScalar_isReportedAtItsDollar() {
    LoadResult r = spec("labels:\n  a: prefix-${kernel.verison}-and-${arch}\n");
    assertThat(where(r)).containsExactly("spec.yaml:10:13 interpolation/unknown-name");
    assertThat(r.diagnostics().get(0).message())
        .isEqualTo("unknown name '${kernel.verison}' (did you mean 'kernel.version'?)");
  }

  @Test
  void secondReference_inADoubleQuotedScalar_isExact() {
    LoadResult r = spec("labels:\n  a: \"${arch} \\\"q\\\" ${vcs.rev}\"\n");
    // the escapes shift the parsed text; the n-th ${ of the written text is used
    assertThat(where(r)).containsExactly("spec.yaml:10:21 interpolation/unknown-name");
  }

  @Test
  void referenceInABlockScalar_pointsAtItsLine() {
    LoadResult r = spec("labels:\n  a: |\n    first line\n    second ${nope} here\n");
    // (a label cannot hold a newline either: that is reported at the value)
    assertThat(where(r))
        .containsExactly("spec.yaml:10:6 spec/label", "spec.yaml:12:12 interpolation/unknown-name");
  }

  @Test
  void undeclaredFact_isUnknown_declaredFactIsKnown() {
    LoadResult r =
        spec(
            "facts:\n  compose: { image: quay.io/a/b:1, label: redhat.compose-id }\n"
                + "labels:\n  a: \"${facts.compose}\"\n  b: \"${facts.undeclared}\"\n");
    assertThat(where(r)).containsExactly("spec.yaml:13:7 interpolation/unknown-name");
    assertThat(r.diagnostics().get(0).hint()).isEqualTo("declared facts: compose");
  }

  @Test
  void syntaxErrors_areReportedAtTheDollar() {
    LoadResult r = spec("labels:\n  a: x-${kernel.version\n  b: y-${}\n");
    assertThat(where(r))
        .containsExactly(
            "spec.yaml:10:8 interpolation/syntax", "spec.yaml:11:8 interpolation/syntax");
  }

  @Test
  void escapedDollar_andDnfVariables_passThrough() {
    LoadResult r =
        spec(
            "labels:\n  a: \"$${not.a.name} $releasever $basearch ${metadata.name} ${vcs.ref}\"\n");
    assertThat(Load.lines(r)).isEmpty();
    assertThat(r.specs().get(0).labels().get("a"))
        .isEqualTo("$${not.a.name} $releasever $basearch ${metadata.name} ${vcs.ref}");
  }

  @Test
  void repositoryFiles_areChecked_withDnfVariablesUntouched() {
    write(
        dir,
        "repos/x.repo",
        "[x]\nbaseurl=https://h/$releasever/${facts.compose}/$basearch\nname=${facts.compse}\n");
    LoadResult r =
        spec(
            "facts:\n  compose: { image: quay.io/a/b:1, label: redhat.compose-id }\nrepositories: [repos/x.repo]\n");
    assertThat(where(r)).containsExactly("x.repo:3:6 interpolation/unknown-name");
    assertThat(r.diagnostics().get(0).message()).contains("did you mean 'facts.compose'?");
  }

  @Test
  void aRepositoryFileSharedBySpecs_isCheckedAgainstEachSpecsOwnFacts() {
    write(dir, "repos/x.repo", "[x]\nbaseurl=https://h/${facts.compose}/$basearch\n");
    String repos = "repositories: [repos/x.repo]\n";
    Path with =
        write(
            dir,
            "with.yaml",
            minimal(
                "with",
                "facts:\n  compose: { image: quay.io/a/b:1, label: redhat.compose-id }\n" + repos));
    Path without = write(dir, "without.yaml", minimal("without", repos));

    for (int round = 0; round < 3; round++) { // both orders of a parallel check
      LoadResult r = round % 2 == 0 ? load(with, without) : load(without, with);

      assertThat(where(r)).containsExactly("x.repo:2:19 interpolation/unknown-name");
      assertThat(r.specs()).extracting(sp -> sp.metadata().name()).containsExactly("with");
    }
  }
}

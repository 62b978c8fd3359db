package dtk.render;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.Digest;
import dtk.spec.model.ModuleSource;
import dtk.spec.model.Spec;
import dtk.spec.model.VerifySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Driver sources of {@code verify.modules} are inputs: a changed source changes the inputs digest.
 */
class ModuleInputsTest {
  @TempDir Path tmp;

  private static Spec withVerify(Spec s, VerifySpec v) {
    return new Spec(
        s.file(),
        s.source(),
        s.apiVersion(),
        s.kind(),
        s.metadata(),
        s.baseImage(),
        s.packageManager(),
        s.platforms(),
        s.kernel(),
        s.facts(),
        s.repositories(),
        s.compiler(),
        s.packages(),
        s.labels(),
        s.unsetLabels(),
        s.image(),
        s.build(),
        v);
  }

  private static Digest digest(Spec spec) {
    return Renderer.builtIn().render(TestSpecs.targets(spec).get(0)).inputsDigest();
  }

  @Test
  void aChangedAddedOrExecutableFile_changesTheDigest_theContainerfileStaysTheSame()
      throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("drivers/d"));
    Files.writeString(dir.resolve("d.c"), "int x;\n");
    Spec plain = TestSpecs.centosLike(false);
    Spec with = withVerify(plain, new VerifySpec(true, true, List.of(ModuleSource.ofPath(dir))));
    Digest none = digest(plain);
    Digest first = digest(with);
    assertThat(first).isNotEqualTo(none);
    assertThat(digest(with)).isEqualTo(first);
    assertThat(Renderer.builtIn().render(TestSpecs.targets(with).get(0)).containerfile())
        .isEqualTo(Renderer.builtIn().render(TestSpecs.targets(plain).get(0)).containerfile());

    Files.writeString(dir.resolve("d.c"), "int y;\n");
    Digest changed = digest(with);
    assertThat(changed).isNotEqualTo(first);
    Files.writeString(dir.resolve("Makefile"), "obj-m := d.o\n");
    Digest added = digest(with);
    assertThat(added).isNotEqualTo(changed);
    assertThat(dir.resolve("Makefile").toFile().setExecutable(true)).isTrue();
    assertThat(digest(with)).isNotEqualTo(added);
  }

  @Test
  void optionalAndGitSources_areInputsToo() {
    Spec plain = TestSpecs.centosLike(false);
    Digest v1 =
        digest(
            withVerify(
                plain,
                new VerifySpec(
                    true,
                    false,
                    List.of(
                        new ModuleSource(
                            null,
                            "https://example.org/d.git",
                            "v1",
                            true,
                            60,
                            "https://example.org/d.git")))));
    Digest v2 =
        digest(
            withVerify(
                plain,
                new VerifySpec(
                    true,
                    false,
                    List.of(
                        new ModuleSource(
                            null,
                            "https://example.org/d.git",
                            "v2",
                            true,
                            60,
                            "https://example.org/d.git")))));
    Digest optional =
        digest(
            withVerify(
                plain,
                new VerifySpec(
                    true,
                    false,
                    List.of(
                        new ModuleSource(
                            null,
                            "https://example.org/d.git",
                            "v2",
                            false,
                            60,
                            "https://example.org/d.git")))));
    assertThat(v1).isNotEqualTo(v2);
    assertThat(optional).isNotEqualTo(v2);
  }

  @Test
  void aLinkInsideTheSource_isListedNotFollowed() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("d"));
    Path outside = Files.writeString(tmp.resolve("secret"), "s3cret");
    Files.createSymbolicLink(dir.resolve("link"), outside);
    String before = SourceTree.listing(dir);
    Files.writeString(outside, "changed");
    assertThat(SourceTree.listing(dir)).isEqualTo(before).isEqualTo("l " + outside + " link\n");
  }
}

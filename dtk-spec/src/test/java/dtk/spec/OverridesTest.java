package dtk.spec;

import static dtk.spec.Load.load;
import static dtk.spec.Load.minimal;
import static dtk.spec.Load.where;
import static dtk.spec.Load.write;
import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.model.Spec;
import dtk.spec.model.Variant;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --set path=value}: applied before validation, validated like the file, located at the
 * argument.
 */
class OverridesTest {
  @TempDir Path dir;

  private static final String VARIANTS =
      "  variants:\n"
          + "    - { name: rt, platforms: [x86_64], packages: [kernel-rt-devel] }\n"
          + "    - { name: 64k, packages: [kernel-64k-devel] }\n";

  private Path spec() {
    return write(
        dir,
        "spec.yaml",
        minimal("x", "")
            .replace(
                "kernel: { version: 5.14.0-498.el9 }",
                "kernel:\n  versions: [5.14.0-1.el9, 5.14.0-2.el9]\n" + VARIANTS));
  }

  @Test
  void valuesAreApplied_scalarsListsAndNamedListItems() {
    LoadResult r =
        load(
            List.of(
                "image.registry=127.0.0.1:5000",
                "kernel.version=6.1.0-27-amd64",
                "kernel.variants.rt.enabled=true",
                "kernel.variants[1].enabled=true",
                "platforms=[x86_64, aarch64]",
                "labels.io.k8s.description=Driver kit",
                "image.organization="),
            spec());
    assertThat(Load.lines(r)).isEmpty();
    Spec s = r.specs().get(0);
    assertThat(s.image().registry()).isEqualTo("127.0.0.1:5000");
    assertThat(s.image().organization()).isEmpty();
    assertThat(s.kernel().versions()).containsExactly("6.1.0-27-amd64");
    assertThat(s.kernel().variants()).extracting(Variant::enabled).containsExactly(true, true);
    assertThat(s.platforms()).containsExactly("x86_64", "aarch64");
    assertThat(s.labels()).containsEntry("io.k8s.description", "Driver kit");
    assertThat(s.source().locate("/image/registry"))
        .isEqualTo(new Location(Path.of("--set[1]"), 1, 16));
    assertThat(s.source().locate("/platforms/1"))
        .isEqualTo(new Location(Path.of("--set[5]"), 1, 20));
  }

  @Test
  void narrowingPlatforms_doesNotMakeAVariantWrong() {
    LoadResult r =
        load(List.of("centos:platforms=[x86_64]", "rhel:platforms=[aarch64]"), Load.SHIPPED);
    assertThat(Load.lines(r)).isEmpty();
    assertThat(r.specs())
        .filteredOn(s -> s.name().equals("centos"))
        .singleElement()
        .satisfies(s -> assertThat(s.platforms()).containsExactly("x86_64"));
  }

  @Test
  void numbersGivenForStrings_keepTheTextTyped() {
    LoadResult r =
        load(List.of("labels.version=1.10", "kernel.version=6.1", "verify.canary=true"), spec());
    assertThat(Load.lines(r)).isEmpty();
    Spec s = r.specs().get(0);
    assertThat(s.labels()).containsEntry("version", "1.10");
    assertThat(s.kernel().versions()).containsExactly("6.1");
    assertThat(s.verify().canary()).isTrue();
  }

  @Test
  void overriddenValues_areValidatedLikeTheFile() {
    LoadResult r =
        load(
            List.of("platforms=[x86]", "image.tag=a b", "labels.version=${kernel.verison}"),
            spec());
    assertThat(where(r))
        .containsExactly(
            "--set[1]:1:12 schema/enum",
            "--set[2]:1:11 schema/pattern",
            "--set[2]:1:11 spec/tag",
            "--set[3]:1:16 interpolation/unknown-name");
    assertThat(r.specs()).isEmpty();
  }

  @Test
  void overriddenInterpolation_isCheckedAtTheArgument() {
    LoadResult r = load(List.of("image.tag=v-${kernel.verison}"), spec());
    assertThat(where(r)).containsExactly("--set[1]:1:13 interpolation/unknown-name");
  }

  @Test
  void badPaths_areReportedAtTheSegment() {
    LoadResult r =
        load(
            List.of(
                "kernel.variants.rtt.enabled=true",
                "kernel.variants[7].enabled=true",
                "image.tag.x=1"),
            spec());
    assertThat(where(r))
        .containsExactly(
            "--set[1]:1:17 override/path",
            "--set[2]:1:16 override/path",
            "--set[3]:1:11 override/unknown-key");
    assertThat(r.diagnostics().get(0).message())
        .endsWith("kernel.variants has no item named 'rtt' (items: rt, 64k)");
    assertThat(r.diagnostics().get(2).message())
        .isEqualTo("cannot apply 'image.tag.x=1': image.tag is a string, it has no key 'x'");
  }

  @Test
  void anUntargetedPath_appliesToEverySpecThatHasIt_andIsNoErrorForTheOthers() {
    Path plain = write(dir, "plain.yaml", minimal("plain", ""));
    LoadResult r = load(List.of("kernel.variants.rt.enabled=true"), spec(), plain);
    assertThat(where(r)).isEmpty();
    assertThat(r.specs()).extracting(Spec::name).containsExactly("x", "plain");
    assertThat(r.specs().get(0).kernel().variants().get(0).enabled()).isTrue();
    assertThat(r.specs().get(1).kernel().variants()).isEmpty();
  }

  @Test
  void anUntargetedPath_thatNoSpecHas_isOneError_namingEachSpec() {
    Path plain = write(dir, "plain.yaml", minimal("plain", ""));
    LoadResult r = load(List.of("kernel.variants.rtt.enabled=true"), spec(), plain);
    assertThat(where(r)).containsExactly("--set[1]:1:17 override/path");
    assertThat(r.diagnostics().get(0).message())
        .isEqualTo(
            "cannot apply 'kernel.variants.rtt.enabled=true' to any spec: "
                + "x: kernel.variants has no item named 'rtt' (items: rt, 64k); plain: kernel.variants has no item named 'rtt'");
    assertThat(r.diagnostics().get(0).hint()).doesNotContain("kernel.variants.rtt.enabled");
  }

  @Test
  void whatAFileIs_cannotBeOverridden() {
    LoadResult r =
        load(List.of("kind=DriverToolkitDefaults", "extends=x.yaml", "apiVersion=dtk/v2"), spec());
    assertThat(where(r))
        .containsExactly(
            "--set[1]:1:1 override/path",
            "--set[2]:1:1 override/path",
            "--set[3]:1:1 override/path");
    assertThat(r.specs()).isEmpty();
  }

  @Test
  void nullForAString_isTheText() {
    LoadResult r = load(List.of("image.tag=null", "labels.x=~"), spec());
    assertThat(where(r)).isEmpty();
    assertThat(r.specs().get(0).image().tag()).isEqualTo("null");
    assertThat(r.specs().get(0).labels()).containsEntry("x", "~");
  }

  @Test
  void malformedArguments_areSyntaxDiagnostics() {
    LoadResult r = load(List.of("novalue", "a..b=1", "platforms=[x86_64"), spec());
    assertThat(where(r))
        .containsExactly(
            "--set[1]:1:1 override/syntax",
            "--set[2]:1:3 override/syntax",
            "--set[3]:1:18 override/type");
  }

  @Test
  void targetPrefix_limitsAnOverrideToOneSpec() {
    Path other = write(dir, "other.yaml", minimal("other", ""));
    LoadResult r = load(List.of("x:image.tag=only-x", "nosuch:image.tag=y"), spec(), other);
    assertThat(where(r)).containsExactly("--set[2]:1:1 override/target");
    LoadResult ok = load(List.of("x:image.tag=only-x"), spec(), other);
    assertThat(ok.specs())
        .extracting(s -> s.image().tag())
        .containsExactly("only-x", "${kernel.version}");
  }

  @Test
  void parse_neverThrows_andKeepsTheArguments() {
    Overrides o = Overrides.parse(List.of("image.tag=1", "="));
    assertThat(o.arguments()).containsExactly("image.tag=1", "=");
    assertThat(o.problems()).extracting(Diagnostic::code).containsExactly("override/syntax");
    assertThat(Overrides.none().isEmpty()).isTrue();
  }
}

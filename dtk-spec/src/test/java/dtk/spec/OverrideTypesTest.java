package dtk.spec;

import static dtk.spec.Load.load;
import static dtk.spec.Load.minimal;
import static dtk.spec.Load.where;
import static dtk.spec.Load.write;
import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.model.PackageEntry;
import dtk.spec.model.Spec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --set KEY=VALUE}: the value is read by the schema type of the key, never changed silently.
 */
class OverrideTypesTest {
  @TempDir Path dir;

  private Path spec() {
    return write(
        dir,
        "spec.yaml",
        minimal(
                "x",
                "kernel:\n  version: 5.14.0-498.el9\n  variants:\n"
                    + "    - { name: rt, packages: [kernel-rt-devel] }\n")
            .replace("kernel: { version: 5.14.0-498.el9 }\n", ""));
  }

  private Spec loaded(String... sets) {
    LoadResult r = load(List.of(sets), spec());
    assertThat(Load.lines(r)).isEmpty();
    return r.specs().get(0);
  }

  private Diagnostic onlyProblem(String set) {
    LoadResult r = load(List.of(set), spec());
    assertThat(r.diagnostics()).hasSize(1);
    return r.diagnostics().get(0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hello #world",
        "a: b",
        "*x",
        "&x",
        "!x",
        "%x",
        "@x",
        "`x`",
        "{x}",
        "[x",
        "[a, b]",
        "'q'",
        "\"q\"",
        "",
        "  spaced  ",
        "true",
        "1e3",
        "null",
        "~",
        "a=b",
        "#",
        "- x",
        "? x",
        "|",
        ">",
        "a\tb"
      })
  void aStringKey_takesTheTextVerbatim(String text) {
    assertThat(loaded("labels.probe=" + text).labels()).containsEntry("probe", text);
    assertThat(loaded("metadata.description=" + text).metadata().description()).isEqualTo(text);
  }

  @Test
  void aStringValue_keepsItsInterpolation_locatedInTheArgument() {
    assertThat(loaded("labels.v=${kernel.version} #${arch}").labels())
        .containsEntry("v", "${kernel.version} #${arch}");
    LoadResult r = load(List.of("labels.v=a #${kernel.verison}"), spec());
    assertThat(where(r)).containsExactly("--set[1]:1:13 interpolation/unknown-name");
  }

  @Test
  void booleans_areTrueOrFalse() {
    Spec s =
        loaded(
            "verify.canary=true", "kernel.variants.rt.enabled=true", "compiler.matchKernel=false");
    assertThat(s.verify().canary()).isTrue();
    assertThat(s.kernel().variants().get(0).enabled()).isTrue();
    assertThat(s.compiler().matchKernel()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "True", "FALSE", "1", "on", "", " true", "true #x"})
  void anythingElseForABoolean_isATypeError(String text) {
    Diagnostic d = onlyProblem("verify.canary=" + text);
    assertThat(d.code()).isEqualTo("override/type");
    assertThat(d.at()).isEqualTo(new Location(Path.of("--set[1]"), 1, 15));
    assertThat(d.message())
        .isEqualTo(
            "cannot apply 'verify.canary="
                + text
                + "': verify.canary takes a boolean, not "
                + (text.isEmpty() ? "an empty value" : "'" + text + "'"));
    assertThat(d.hint()).isEqualTo("write true or false, e.g. --set verify.canary=true");
  }

  @Test
  void integers_areDigitsWithAnOptionalSign() {
    assertThat(loaded("build.user={name: b}", "build.user.uid=1234").build().user().uid())
        .isEqualTo(1234);
    assertThat(loaded("build.user={name: b}", "build.user.uid=+77").build().user().uid())
        .isEqualTo(77);
    LoadResult r = load(List.of("build.user={name: b}", "build.user.uid=-5"), spec());
    assertThat(where(r)).containsExactly("--set[2]:1:16 schema/minimum");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e3", "0x10", "1.0", "1_000", "12a", "", "one", "- 1"})
  void anythingElseForAnInteger_isATypeError(String text) {
    Diagnostic d = onlyProblem("build.user.uid=" + text);
    assertThat(d.code()).isEqualTo("override/type");
    assertThat(d.message())
        .endsWith(
            "build.user.uid takes an integer, not "
                + (text.isEmpty() ? "an empty value" : "'" + text + "'"));
    assertThat(d.hint())
        .isEqualTo("write digits with an optional sign, e.g. --set build.user.uid=1001");
  }

  @Test
  void listsAndMaps_takeAYamlFlowValue() {
    Spec s =
        loaded(
            "platforms=[x86_64, aarch64]",
            "kernel.source={image: 'quay.io/a/b:c', label: ostree.linux}",
            "unsetLabels=[]",
            "labels={a: '#b', c: d}");
    assertThat(s.platforms()).containsExactly("x86_64", "aarch64");
    assertThat(s.kernel().source().image()).isEqualTo("quay.io/a/b:c");
    assertThat(s.labels())
        .containsExactly(java.util.Map.entry("a", "#b"), java.util.Map.entry("c", "d"));
  }

  @Test
  void aListKeyWithoutAFlowList_isATypeError_withAnExample() {
    Diagnostic d = onlyProblem("platforms=x86_64");
    assertThat(d.code()).isEqualTo("override/type");
    assertThat(d.at()).isEqualTo(new Location(Path.of("--set[1]"), 1, 11));
    assertThat(d.message())
        .isEqualTo("cannot apply 'platforms=x86_64': platforms takes a list, not 'x86_64'");
    assertThat(d.hint()).isEqualTo("write a YAML flow list, e.g. --set 'platforms=[a, b]'");
  }

  @Test
  void anUnparsableFlowValue_isATypeError_namingKeyTypeAndExample() {
    Diagnostic list = onlyProblem("platforms=[x86_64");
    assertThat(list.code()).isEqualTo("override/type");
    assertThat(list.message())
        .startsWith(
            "cannot apply 'platforms=[x86_64': platforms takes a list, and '[x86_64' is not "
                + "a valid YAML flow list: ");
    assertThat(list.hint()).isEqualTo("write a YAML flow list, e.g. --set 'platforms=[a, b]'");
    Diagnostic map = onlyProblem("kernel.source={image: a");
    assertThat(map.message())
        .startsWith("cannot apply 'kernel.source={image: a': kernel.source takes a map, and");
    assertThat(map.hint())
        .isEqualTo("write a YAML flow map, e.g. --set 'kernel.source={key: value}'");
    assertThat(onlyProblem("kernel.source=abc").message())
        .endsWith("kernel.source takes a map, not 'abc'");
  }

  @Test
  void whereTheSchemaAllowsSeveralTypes_theShapeOfTheValueChooses() {
    Spec s =
        loaded(
            "packages=[gcc, {name: mokutil, platforms: [x86_64]}]",
            "packages[0]=make",
            "packages[1]={name: kmod}");
    assertThat(s.packages())
        .containsExactly(new PackageEntry("make", List.of()), new PackageEntry("kmod", List.of()));
  }

  @Test
  void anUnknownKey_isAnError_withTheClosestKey() {
    Diagnostic d = onlyProblem("image.regsitry=x");
    assertThat(d.code()).isEqualTo("override/unknown-key");
    assertThat(d.at()).isEqualTo(new Location(Path.of("--set[1]"), 1, 7));
    assertThat(d.message())
        .isEqualTo(
            "cannot apply 'image.regsitry=x': unknown key 'regsitry' in image (did you mean 'registry'?)");
    assertThat(onlyProblem("imgae.tag=x").message())
        .endsWith("unknown key 'imgae' (did you mean 'image'?)");
    assertThat(onlyProblem("kernel.variants.rt.enabeld=true").message())
        .endsWith("unknown key 'enabeld' in kernel.variants.rt (did you mean 'enabled'?)");
    assertThat(onlyProblem("x:verify.nothing-like-it=1").message())
        .isEqualTo(
            "cannot apply 'x:verify.nothing-like-it=1': unknown key 'nothing-like-it' in verify");
    assertThat(onlyProblem("build.user.uid.x=1").message())
        .endsWith("build.user.uid is an integer, it has no key 'x'");
  }

  @Test
  void freeFormMaps_takeTheRestOfThePathAsTheKey() {
    Spec s = loaded("labels.io.k8s.description=a: b", "build.args.HTTP_PROXY=http://h:3128 #p");
    assertThat(s.labels()).containsEntry("io.k8s.description", "a: b");
    assertThat(s.build().args()).containsEntry("HTTP_PROXY", "http://h:3128 #p");
  }
}

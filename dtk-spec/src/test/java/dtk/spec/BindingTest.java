package dtk.spec;

import static dtk.spec.Load.load;
import static dtk.spec.Load.minimal;
import static dtk.spec.Load.write;
import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.model.Spec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model records get the documented defaults and keep the written order. */
class BindingTest {
  @TempDir Path dir;

  @Test
  void defaults_whenKeysAreAbsent() {
    Spec s = load(write(dir, "s.yaml", minimal("x", ""))).specs().get(0);
    assertThat(s.verify().enabled()).isTrue();
    assertThat(s.verify().canary()).isFalse();
    assertThat(s.compiler().matchKernel()).isTrue();
    assertThat(s.build().releaseFile()).isTrue();
    assertThat(s.build().user()).isNull();
    assertThat(s.image().organization()).isEmpty();
    assertThat(s.image().platformTag()).isNull();
    assertThat(s.kernel().versions()).containsExactly("5.14.0-498.el9");
    assertThat(s.metadata().description()).isEmpty();
    assertThat(s.apiVersion()).isEqualTo("dtk/v1");
  }

  @Test
  void everyKey_isBound_inWrittenOrder() {
    String text =
        minimal("x", "")
                .replace("platforms: [x86_64]", "platforms: [x86_64, aarch64]")
                .replace(
                    "kernel: { version: 5.14.0-498.el9 }",
                    "kernel:\n  versions: [9.1-1, 1.2-2]\n  source: { image: quay.io/a/b:1, label: ostree.linux }\n"
                        + "  packages: [\"k-${kernel.version}\"]\n"
                        + "  variants: [{ name: rt, enabled: true, platforms: [x86_64], enableRepos: [rt], packages: [r] }]")
            + "facts:\n  zeta: { image: quay.io/a/z:1, label: z }\n  alpha: { image: quay.io/a/a:1, label: a }\n"
            + "packages: [b, { name: mokutil, platforms: [x86_64] }]\n"
            + "labels: { z: \"1\", a: \"2\" }\nunsetLabels: [url]\n"
            + "build:\n  args: { Z: z, A: a }\n  secrets: [{ id: s, file: secret.txt }]\n  user: { name: builder }\n"
            + "  releaseFile: false\nverify: { enabled: false, canary: true }\ncompiler: { matchKernel: false }\n";
    LoadResult r = load(write(dir, "s.yaml", text));
    assertThat(Load.lines(r)).isEmpty();
    Spec s = r.specs().get(0);
    assertThat(s.kernel().versions()).containsExactly("9.1-1", "1.2-2");
    assertThat(s.kernel().source().label()).isEqualTo("ostree.linux");
    assertThat(s.kernel().variants().get(0).appliesTo("x86_64")).isTrue();
    assertThat(s.kernel().variants().get(0).appliesTo("aarch64")).isFalse();
    assertThat(s.facts().keySet()).containsExactly("zeta", "alpha");
    assertThat(s.packages().get(1).appliesTo("aarch64")).isFalse();
    assertThat(s.labels()).containsExactly(Map.entry("z", "1"), Map.entry("a", "2"));
    assertThat(s.build().args().keySet()).containsExactly("Z", "A");
    assertThat(s.build().secrets().get(0).file()).isEqualTo("secret.txt");
    assertThat(s.build().user().uid()).isEqualTo(1001);
    assertThat(s.build().releaseFile()).isFalse();
    assertThat(s.verify().enabled()).isFalse();
    assertThat(s.verify().canary()).isTrue();
    assertThat(s.compiler().matchKernel()).isFalse();
    assertThat(s.source().locate("/kernel/packages/0", 2))
        .isEqualTo(new Location(dir.resolve("s.yaml"), 10, 17));
    assertThat(s.source().locate("/kernel/packages/0", 4))
        .isEqualTo(new Location(dir.resolve("s.yaml"), 10, 19));
    assertThat(s.source().locate("/labels/a", 0))
        .isEqualTo(new Location(dir.resolve("s.yaml"), 17, 23));
  }
}

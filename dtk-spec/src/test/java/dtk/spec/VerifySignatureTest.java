package dtk.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.model.SignatureCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify.signature.policy}: a policy file next to the spec, confined like every spec path.
 */
class VerifySignatureTest {
  @TempDir Path tmp;

  @Test
  void aPolicyNextToTheSpec_binds() {
    Load.write(tmp, "specs/trust/policy.json", "{\"default\":[{\"type\":\"reject\"}]}");
    Path spec =
        Load.write(
            tmp,
            "specs/a.yaml",
            Load.minimal("a", "verify:\n  signature:\n    policy: trust/policy.json\n"));
    LoadResult r = Load.load(spec);
    assertThat(Load.lines(r)).isEmpty();
    SignatureCheck s = r.specs().get(0).verify().signature();
    assertThat(s.policy()).isEqualTo(tmp.resolve("specs/trust/policy.json").normalize());
    assertThat(s.written()).isEqualTo("trust/policy.json");
  }

  @Test
  void withoutSignature_thereIsNoCheck() {
    Path spec = Load.write(tmp, "specs/a.yaml", Load.minimal("a", "verify:\n  canary: false\n"));
    assertThat(Load.load(spec).specs().get(0).verify().signature()).isNull();
  }

  @Test
  void aPolicyOutsideTheSpecRoot_isRefusedWithoutSayingWhetherItExists() {
    Load.write(tmp, "etc/policy.json", "{}");
    Path spec =
        Load.write(
            tmp,
            "specs/a.yaml",
            Load.minimal("a", "verify:\n  signature:\n    policy: ../etc/policy.json\n"));
    LoadResult r = Load.load(spec);
    assertThat(Load.where(r)).containsExactly("a.yaml:11:13 path/outside-root");
    assertThat(r.diagnostics().get(0).message())
        .isEqualTo("policy file '../etc/policy.json' leaves the spec root " + tmp.resolve("specs"));
    assertThat(r.diagnostics().get(0).hint()).contains("--allow-path DIR");
  }

  @Test
  void aMissingPolicyOrADirectory_isNamed_andPolicyIsRequired() throws Exception {
    Files.createDirectories(tmp.resolve("specs/dir"));
    Path missing =
        Load.write(
            tmp,
            "specs/a.yaml",
            Load.minimal("a", "verify:\n  signature:\n    policy: nothing.json\n"));
    LoadResult r = Load.load(missing);
    assertThat(Load.where(r)).containsExactly("a.yaml:11:13 spec/policy-not-found");
    assertThat(r.diagnostics().get(0).message())
        .startsWith("policy file 'nothing.json': " + tmp.resolve("specs/nothing.json"));
    assertThat(r.diagnostics().get(0).hint()).contains("--verify-policy FILE");

    Path dir =
        Load.write(
            tmp, "specs/b.yaml", Load.minimal("b", "verify:\n  signature:\n    policy: dir\n"));
    LoadResult d = Load.load(dir);
    assertThat(Load.where(d)).containsExactly("b.yaml:11:13 spec/policy-not-found");
    assertThat(d.diagnostics().get(0).message())
        .isEqualTo(
            "policy file 'dir': "
                + tmp.resolve("specs/dir")
                + " "
                + Missing.whyNotAFile(tmp.resolve("specs/dir")));

    Path none = Load.write(tmp, "specs/c.yaml", Load.minimal("c", "verify:\n  signature: {}\n"));
    assertThat(Load.lines(Load.load(none))).anyMatch(l -> l.contains("policy"));
  }
}

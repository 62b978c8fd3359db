package dtk.exec.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.ExecException;
import dtk.exec.engine.Signing;
import dtk.exec.registry.RegistryOptions;
import dtk.exec.testing.FakeProcessRunner;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The pending tag and the signing by digest of a push whose tag is written last. */
class PromotionTest {
  private static final Digest DIGEST = Digest.sha256Hex("ab".repeat(32));

  @Test
  void thePendingTag_isNamedByTheInputsDigest_andIsAValidTag() {
    String tag =
        Promotion.pendingTag(
            Digest.parse(
                "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
    assertThat(tag)
        .isEqualTo("dtk-pending-0123456789abcdef")
        .matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
  }

  @Test
  void signing_copiesTheDigestToItself_withTheFinalTagAsIdentity() throws Exception {
    FakeProcessRunner fake = new FakeProcessRunner();
    fake.expect(
            "skopeo",
            "copy",
            "--quiet",
            "--preserve-digests",
            "--src-tls-verify=false",
            "--dest-tls-verify=false",
            "--src-authfile",
            "/run/auth.json",
            "--dest-authfile",
            "/run/auth.json",
            "--sign-by",
            "team@example.org",
            "--sign-passphrase-file",
            Path.of("/run/pass").toAbsolutePath().toString(),
            "--sign-identity",
            "127.0.0.1:5000/tk/dtk:6.1.0-57-amd64.x86_64",
            "docker://127.0.0.1:5000/tk/dtk@" + DIGEST,
            "docker://127.0.0.1:5000/tk/dtk@" + DIGEST)
        .answer(0, "", "");
    new Promotion(fake, new RegistryOptions(false, Path.of("/run/auth.json")))
        .sign(
            ImageRef.parse("127.0.0.1:5000/tk/dtk"),
            DIGEST,
            ImageRef.parse("127.0.0.1:5000/tk/dtk:6.1.0-57-amd64.x86_64"),
            new Signing("team@example.org", null, Path.of("/run/pass")),
            null);
    fake.verifyDone();
  }

  @Test
  void aSigningFailure_saysWhatWasSignedAsWhatAndWhy() {
    FakeProcessRunner fake = new FakeProcessRunner();
    fake.expect(java.util.Collections.nCopies(14, FakeProcessRunner.ANY))
        .answer(
            1,
            "",
            "time=\"x\" level=fatal msg=\"creating signature: key \\\"team@example.org\\\" not found\"\n");
    assertThatThrownBy(
            () ->
                new Promotion(fake, new RegistryOptions(true, null))
                    .sign(
                        ImageRef.parse("quay.io/tk/dtk"),
                        DIGEST,
                        ImageRef.parse("quay.io/tk/dtk:1.x86_64"),
                        new Signing("team@example.org", null, Path.of("/run/pass")),
                        null))
        .isInstanceOf(ExecException.class)
        .hasMessage(
            "cannot sign quay.io/tk/dtk@"
                + DIGEST
                + " as quay.io/tk/dtk:1.x86_64 with GPG key team@example.org: "
                + "creating signature: key \"team@example.org\" not found");
  }
}

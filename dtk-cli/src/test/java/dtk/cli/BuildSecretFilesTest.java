package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code build.secrets[].file} names a host file on purpose (an entitlement, a key): it is not
 * confined to the spec root, but dtk itself never opens it. Only the engine reads it, at build
 * time, to mount it into the RUN steps that use it. So validate, render and plan neither block on a
 * FIFO nor show a byte of the file, and the build context holds only the secret's id.
 */
@Timeout(60)
class BuildSecretFilesTest {
  private static final String MARK = "SECRETMARK-b17";
  @TempDir Path tmp;
  Path specs;
  Path fifo;

  @BeforeEach
  void hostFilesOutsideTheSpecRoot() throws Exception {
    specs = Files.createDirectories(tmp.resolve("repo/specs"));
    Path outside = Files.createDirectories(tmp.resolve("host"));
    fifo = outside.resolve("entitlement.pem");
    // a FIFO blocks whoever opens it for reading: opening it would hang the test
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Files.writeString(outside.resolve("key.pem"), "-----BEGIN KEY----- " + MARK + "\n");
    Files.writeString(
        specs.resolve("s.yaml"),
        "apiVersion: dtk/v1\n"
            + "kind: DriverToolkit\n"
            + "metadata: {name: s}\n"
            + "baseImage: quay.io/centos/centos:stream9\n"
            + "packageManager: dnf\n"
            + "platforms: [x86_64]\n"
            + "kernel: {version: 5.14.0-498.el9}\n"
            + "image: {registry: quay.io, organization: o, name: n, tag: \"${kernel.version}\"}\n"
            + "build:\n"
            + "  secrets:\n"
            + "    - {id: ent, file: "
            + fifo
            + "}\n"
            + "    - {id: key, file: ../../host/key.pem}\n");
  }

  @Test
  void validate_acceptsASecretFileOutsideTheSpecRoot_andNeverOpensIt() {
    for (String format : List.of("text", "json", "sarif", "github")) {
      Cli.Result r = Cli.run("validate", "--format", format, specs.toString());
      assertThat(r.exitCode()).as(format + ": " + r.err()).isZero();
      assertThat(r.out() + r.err()).doesNotContain(MARK);
    }
  }

  @Test
  void render_putsOnlyTheSecretIdsInTheContext_neverTheFileOrItsBytes() throws IOException {
    Path out = tmp.resolve("ctx");
    Cli.Result r = Cli.run("render", specs.resolve("s.yaml").toString(), "-o", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out() + r.err()).doesNotContain(MARK);
    try (Stream<Path> files = Files.walk(out)) {
      List<Path> all = files.filter(Files::isRegularFile).toList();
      assertThat(all)
          .extracting(p -> out.relativize(p).toString())
          .containsExactlyInAnyOrder("Containerfile", "context.json", ".dtk-render");
      for (Path f : all) {
        assertThat(Files.readString(f))
            .as(f.toString())
            .doesNotContain(MARK)
            .doesNotContain("key.pem")
            .doesNotContain("entitlement.pem");
      }
    }
    assertThat(Files.readString(out.resolve("Containerfile")))
        .contains("--mount=type=secret,id=ent --mount=type=secret,id=key ");
  }

  @Test
  void planOffline_showsTheSecretIdsOnly() {
    Cli.Result r = Cli.run("plan", "--offline", "--format", "json", specs.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("\"secrets\": [\n        \"ent\",\n        \"key\"\n      ]")
        .doesNotContain(MARK)
        .doesNotContain("key.pem")
        .doesNotContain("entitlement.pem");
  }
}

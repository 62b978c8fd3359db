package dtk.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules between values also run on a spec the schema rejects, so every value of a wrong type,
 * at every place a spec can hold one, must end in diagnostics and never in an exception.
 */
class WrongTypesTest {
  @TempDir Path dir;

  private static final String SPEC =
      """
      apiVersion: dtk/v1
      kind: DriverToolkit
      metadata: { name: t, description: d }
      baseImage: quay.io/centos/centos:stream9
      packageManager: dnf
      platforms: [x86_64]
      kernel:
        version: 5.14.0-498.el9
        source: { image: quay.io/centos-bootc/centos-bootc:stream9, label: ostree.linux }
        packages: ["kernel-devel-${kernel.version}"]
        variants:
          - { name: rt, enabled: true, platforms: [x86_64], enableRepos: [rt], packages: [kernel-rt] }
      facts:
        compose: { image: quay.io/centos-bootc/centos-bootc:stream9, label: redhat.compose-id }
      compiler: { matchKernel: true }
      packages: [binutils, { name: mokutil, platforms: [x86_64] }]
      labels: { name: driver-toolkit, version: "${kernel.version}" }
      unsetLabels: [release]
      image: { registry: quay.io, organization: o, name: n, tag: "${kernel.version}" }
      build:
        args: { A: b }
        secrets: [{ id: s, env: S }]
        user: { name: builder, uid: 1001 }
        releaseFile: true
      verify: { enabled: true, canary: true }
      """;

  private static final List<String> PATHS =
      List.of(
          "apiVersion",
          "kind",
          "metadata",
          "metadata.name",
          "baseImage",
          "packageManager",
          "platforms",
          "platforms.0",
          "kernel",
          "kernel.version",
          "kernel.source",
          "kernel.source.image",
          "kernel.packages",
          "kernel.packages.0",
          "kernel.variants",
          "kernel.variants.0",
          "kernel.variants.rt.platforms",
          "kernel.variants.rt.packages",
          "kernel.variants.rt.enableRepos",
          "facts",
          "facts.compose",
          "facts.compose.image",
          "compiler",
          "packages",
          "packages.1",
          "packages.1.platforms",
          "labels",
          "labels.name",
          "unsetLabels",
          "unsetLabels.0",
          "image",
          "image.tag",
          "image.registry",
          "build",
          "build.args",
          "build.secrets",
          "build.secrets.0",
          "build.secrets.0.env",
          "build.user",
          "build.user.uid",
          "verify",
          "verify.canary");

  private static final List<String> WRONG =
      List.of("12", "x", "[1, [2]]", "{a: {b: 1}}", "null", "true", "'${nope}'");

  @Test
  void everyWrongType_endsInDiagnostics() throws IOException {
    Path spec = dir.resolve("t.yaml");
    Files.writeString(spec, SPEC);
    assertThat(SpecLoader.standard().load(List.of(spec)).diagnostics()).isEmpty();
    List<String> failures = new ArrayList<>();
    for (String path : PATHS) {
      for (String value : WRONG) {
        LoadResult r =
            SpecLoader.standard().load(List.of(spec), Overrides.parse(List.of(path + "=" + value)));
        if (r.ok() && r.specs().isEmpty()) {
          failures.add(path + "=" + value + ": neither a spec nor an error");
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void schemaErrorAndUnknownName_areReportedInOneRun() throws IOException {
    Path spec = dir.resolve("t.yaml");
    Files.writeString(
        spec, SPEC.replace("tag: \"${kernel.version}\"", "tgas: \"${kernel.verison}\""));
    List<String> codes =
        SpecLoader.standard().load(List.of(spec)).diagnostics().stream()
            .map(d -> d.code() + "@" + d.at().line() + ":" + d.at().column())
            .toList();
    assertThat(codes)
        .contains("schema/additionalProperties@19:55", "interpolation/unknown-name@19:62");
  }
}

package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.registry.ImageNotFoundException;
import dtk.exec.registry.Registries;
import dtk.exec.registry.RegistryOptions;
import dtk.exec.testing.FixtureImages;
import dtk.exec.testing.Tools;
import dtk.spec.ImageRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code dtk apply} end to end through the CLI: real spec files, online resolution from the fixture
 * bootc image, the real dnf template over the stub-dnf base, podman, the test registry.
 */
class ApplyCommandIT {
  private static FixtureImages fixtures;

  @TempDir Path dir;

  @BeforeAll
  static void fixtures() {
    Tools.require("podman", "docker-registry");
    fixtures = FixtureImages.shared();
  }

  private String spec(String name, String kernelPackages) {
    String reg = fixtures.registry().host();
    return String.join(
        "\n",
        "apiVersion: dtk/v1",
        "kind: DriverToolkit",
        "metadata: { name: " + name + " }",
        "baseImage: " + fixtures.rpmBase(),
        "packageManager: dnf",
        "platforms: [x86_64]",
        "kernel:",
        "  source: { image: " + fixtures.bootc() + ", label: ostree.linux }",
        "  packages: [" + kernelPackages + "]",
        "facts:",
        "  compose: { image: " + fixtures.bootc() + ", label: redhat.compose-id }",
        "packages: [make]",
        "labels: { name: driver-toolkit, version: \"${kernel.version}\" }",
        "image: { registry: \""
            + reg
            + "\", organization: apply-cli-"
            + ProcessHandle.current().pid()
            + ", name: "
            + name
            + ", tag: \"${kernel.version}\" }",
        "build: { releaseFile: true }",
        "verify: { enabled: true, canary: false }",
        "");
  }

  private Cli.Result apply(String... more) {
    String[] base = {
      "apply",
      "--tls-verify=false",
      "--engine-arg=--isolation=chroot",
      "--state-dir",
      dir.resolve("state").toString(),
      "--log-dir",
      dir.resolve("logs").toString()
    };
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return Cli.run(args);
  }

  @Test
  void applyTwice_thenAFailingVerification_exitsFourAndNamesIt() throws Exception {
    Path specs = Files.createDirectories(dir.resolve("specs"));
    Files.writeString(
        specs.resolve("good.yaml"),
        spec("good", "\"kernel-core-${kernel.version}\", \"kernel-devel-${kernel.version}\""));
    Path report = dir.resolve("report.json");

    Cli.Result first = apply(specs.toString(), "--report", report.toString());

    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    assertThat(first.out())
        .containsPattern(
            "good/x86_64/" + FixtureImages.KERNEL.replace(".", "\\.") + " +build +pushed +sha256:");
    JsonNode json =
        JsonMapper.builder().build().readTree(Files.readString(report, StandardCharsets.UTF_8));
    assertThat(json.get("ok").asBoolean()).isTrue();
    JsonNode t = json.get("targets").get(0);
    assertThat(t.get("kernelVersion").asString()).isEqualTo(FixtureImages.KERNEL);
    assertThat(t.get("result").asString()).isEqualTo("pushed");
    String image = t.get("image").asString();
    assertThat(image).endsWith("/good:" + FixtureImages.KERNEL + ".x86_64");
    var pushed =
        Registries.inspector(new RegistryOptions(false, null)).inspect(ImageRef.parse(image));
    assertThat(pushed.digest().toString()).isEqualTo(t.get("digest").asString());
    assertThat(json.get("indexes").get(0).get("result").asString()).isEqualTo("pushed");

    Cli.Result second = apply(specs.toString());
    assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
    assertThat(second.out()).contains("Nothing to build: the only target is up to date");

    Cli.Result plan = Cli.run("plan", "--tls-verify=false", specs.toString());
    assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
    assertThat(plan.out())
        .containsPattern("good/x86_64/\\S+ +\\S+ +none +up-to-date sha256:")
        .contains("Nothing to do: the only target is up to date, and so are the indexes.");

    Cli.Result dry = apply(specs.toString(), "--dry-run", "--format", "json");
    assertThat(dry.exitCode()).isZero();
    JsonNode dryJson = JsonMapper.builder().build().readTree(dry.out());
    assertThat(dryJson.get("nothingToDo").asBoolean()).isTrue();
    JsonNode planned = dryJson.get("targets").get(0);
    assertThat(planned.get("status").asString()).isEqualTo("up-to-date");
    assertThat(planned.get("spec").asString()).endsWith("specs/good.yaml");
    assertThat(planned.get("buildArgs").get("KERNEL_VERSION").asString())
        .isEqualTo(FixtureImages.KERNEL);

    // a spec whose image lacks the kernel (only headers installed): verification fails, not pushed
    Files.writeString(
        specs.resolve("nokernel.yaml"), spec("nokernel", "\"kernel-headers-${kernel.version}\""));
    Cli.Result third = apply(specs.toString());
    assertThat(third.exitCode()).as(third.out() + third.err()).isEqualTo(4);
    assertThat(third.out())
        .containsPattern("good/x86_64/\\S+ +none +up-to-date")
        .containsPattern("nokernel/x86_64/\\S+ +build +failed")
        .contains(
            "nokernel/x86_64/"
                + FixtureImages.KERNEL
                + " failed: verify: kernel installed: none of /lib/modules/");
    String noKernelImage = image.replace("/good:", "/nokernel:");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                Registries.inspector(new RegistryOptions(false, null))
                    .inspect(ImageRef.parse(noKernelImage)))
        .isInstanceOf(ImageNotFoundException.class);
  }
}

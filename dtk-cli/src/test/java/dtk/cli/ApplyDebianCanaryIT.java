package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.build.StateStore;
import dtk.exec.testing.RegistryFixture;
import dtk.exec.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dtk apply} of the shipped {@code specs/debian.yaml} for real: a debootstrap base, real apt
 * installs from Debian's archive, and {@code verify.canary}: the canary module is compiled against
 * the built image and its vermagic checked before the image is pushed.
 */
class ApplyDebianCanaryIT {
  @TempDir Path dir;

  @Test
  void debianToolkit_isVerifiedWithTheCanaryModule_thenPushed() throws Exception {
    Tools.require("bash", "debootstrap", "podman", "buildah", "docker-registry", "tar", "flock");
    if (!"root".equals(System.getProperty("user.name"))) {
      Tools.unavailable("debootstrap needs root");
    }
    Path root = Path.of("..").toAbsolutePath().normalize();
    RegistryFixture registry = RegistryFixture.shared();
    String base = script(root, "it/debian/base-image.sh", "--push", registry.host());
    String kernel = script(root, "it/debian/pick-kernel.sh", "--image", base);
    Path report = dir.resolve("report.json");

    Cli.Result r =
        Cli.run(
            "apply",
            root.resolve("specs/debian.yaml").toString(),
            "--kernel-version",
            kernel,
            "--set",
            "baseImage=" + base,
            "--set",
            "image.registry=" + registry.host(),
            "--set",
            "image.organization=apply-canary-" + ProcessHandle.current().pid(),
            "--tls-verify=false",
            "--engine-arg=--isolation=chroot",
            "--state-dir",
            dir.resolve("state").toString(),
            "--log-dir",
            dir.resolve("logs").toString(),
            "--report",
            report.toString(),
            "--sbom-dir",
            dir.resolve("sbom").toString());

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .containsPattern(
            "debian/x86_64/" + kernel.replace(".", "\\.") + " +build +pushed +sha256:");
    String log =
        Files.readString(
            dir.resolve("logs").resolve(StateStore.safeName("debian/x86_64/" + kernel) + ".log"),
            StandardCharsets.UTF_8);
    assertThat(log)
        .contains("### dtk: verify release file: ok, KERNEL_VERSION " + kernel)
        .contains("### dtk: verify kernel installed: ok, /lib/modules/" + kernel)
        .contains("### dtk: verify canary: ok, vermagic " + kernel + " ");
    // the SBOM's package database is read while verify runs (the canary build takes seconds)
    assertThat(log.indexOf("sbom: reading the package database of "))
        .isNotNegative()
        .isLessThan(log.indexOf("### dtk: verify canary: "));
    assertThat(Files.readString(report)).contains("\"result\": \"pushed\"");
    // the SBOM: linux-headers-<kver> at its exact version, and the gcc it depends on (through
    // linux-compiler-gcc-*)
    byte[] sbomBytes =
        Files.readAllBytes(
            dir.resolve("sbom")
                .resolve(StateStore.safeName("debian/x86_64/" + kernel) + ".spdx.json"));
    assertThat(dtk.exec.testing.SpdxSchema.errors(sbomBytes)).isEmpty();
    tools.jackson.databind.JsonNode sbom =
        tools.jackson.databind.json.JsonMapper.builder().build().readTree(sbomBytes);
    java.util.Map<String, tools.jackson.databind.JsonNode> byId = new java.util.HashMap<>();
    tools.jackson.databind.JsonNode headers = null;
    for (tools.jackson.databind.JsonNode p : sbom.get("packages")) {
      byId.put(p.get("SPDXID").asString(), p);
      if (p.get("name").asString().equals("linux-headers-" + kernel)) {
        headers = p;
      }
    }
    assertThat(headers).as("linux-headers-" + kernel + " in the SBOM").isNotNull();
    String headersVersion = headers.get("versionInfo").asString();
    // the exact version: what the image's own dpkg database says (the build log may come from the
    // layer cache)
    String image =
        registry.host()
            + "/apply-canary-"
            + ProcessHandle.current().pid()
            + "/driver-toolkit:"
            + kernel
            + ".x86_64";
    String cid = output("podman", "create", image, "true").strip();
    String status;
    try {
      status = output("bash", "-c", "podman cp " + cid + ":/var/lib/dpkg/status - | tar -xO");
    } finally {
      output("podman", "rm", "-f", cid);
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "(?m)^Package: linux-headers-"
                    + java.util.regex.Pattern.quote(kernel)
                    + "\n(?:[^\n]+\n)*?Version: (\\S+)")
            .matcher(status);
    assertThat(m.find()).as("linux-headers-" + kernel + " in the image's dpkg status").isTrue();
    assertThat(headersVersion).isEqualTo(m.group(1));
    assertThat(headers.get("primaryPackagePurpose").asString()).isEqualTo("OPERATING_SYSTEM");
    java.util.Map<String, List<String>> dependsOn = new java.util.HashMap<>();
    for (tools.jackson.databind.JsonNode rel : sbom.get("relationships")) {
      if (rel.get("relationshipType").asString().equals("DEPENDS_ON")) {
        dependsOn
            .computeIfAbsent(rel.get("spdxElementId").asString(), k -> new java.util.ArrayList<>())
            .add(rel.get("relatedSpdxElement").asString());
      }
    }
    java.util.Set<String> reached = new java.util.LinkedHashSet<>();
    java.util.ArrayDeque<String> todo =
        new java.util.ArrayDeque<>(List.of(headers.get("SPDXID").asString()));
    while (!todo.isEmpty()) {
      for (String next : dependsOn.getOrDefault(todo.pop(), List.of())) {
        if (reached.add(next)) {
          todo.add(next);
        }
      }
    }
    assertThat(reached.stream().map(id -> byId.get(id).get("name").asString()).toList())
        .as("what linux-headers-" + kernel + " depends on")
        .anyMatch(n -> n.matches("gcc-\\d+"));
    System.out.println(
        "debian proof supply chain: "
            + log.lines()
                .filter(l -> l.contains("dtk: sbom:") || l.contains("dtk: attached"))
                .toList());
    // the toolkit image is large: drop its tag (the layers stay cached for the next run)
    new ProcessBuilder(
            "podman",
            "rmi",
            "--force",
            registry.host()
                + "/apply-canary-"
                + ProcessHandle.current().pid()
                + "/driver-toolkit:"
                + kernel
                + ".x86_64")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor();
  }

  /** Runs a command and returns its stdout (test code may start processes directly). */
  private static String output(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", argv)).isZero();
    return out;
  }

  /** Runs a repository script (test code may start processes directly) and returns its stdout. */
  private static String script(Path root, String script, String... args) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of("bash", root.resolve(script).toString()));
    argv.addAll(List.of(args));
    Path err = Files.createTempFile("dtk-script-", ".err");
    try {
      Process p =
          new ProcessBuilder(argv).directory(root.toFile()).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertThat(p.waitFor(20, TimeUnit.MINUTES)).as(script + " finished").isTrue();
      assertThat(p.exitValue()).as(script + ":\n" + Files.readString(err)).isZero();
      return out;
    } finally {
      Files.deleteIfExists(err);
    }
  }
}

package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.build.StateStore;
import dtk.exec.testing.RegistryFixture;
import dtk.exec.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A driver corpus: {@code dtk apply} of the shipped Debian toolkit (its newest kernel) with {@code
 * verify.modules} naming the sources of real DKMS packages from Debian's archive (fetched with
 * {@code apt-get download}, unpacked from the .deb's {@code /usr/src}). Four required drivers must
 * build with the target's vermagic; {@code openrazer-driver-dkms}, optional, is reported whatever
 * it does (it fails on 6.1.0-56 and later) and does not block the push. A second apply with a
 * required broken driver, a MAKE that hangs, a dkms.conf naming a module it never builds and a git
 * URL that cannot be fetched pushes nothing and exits 4, each module reported by name.
 */
class ApplyDebianDriversIT {
  private static final List<String> REQUIRED =
      List.of("v4l2loopback-dkms", "xtables-addons-dkms", "jool-dkms", "iptables-netflow-dkms");
  private static final String OPTIONAL = "openrazer-driver-dkms";

  @TempDir Path dir;

  @Test
  void debianToolkit_buildsRealDkmsDrivers_beforeItIsPushed() throws Exception {
    Tools.require(
        "bash",
        "debootstrap",
        "podman",
        "buildah",
        "docker-registry",
        "tar",
        "flock",
        "apt-get",
        "dpkg-deb");
    if (!"root".equals(System.getProperty("user.name"))) {
      Tools.unavailable("debootstrap needs root");
    }
    long t0 = System.nanoTime();
    Path root = Path.of("..").toAbsolutePath().normalize();
    RegistryFixture registry = RegistryFixture.shared();
    String base = script(root, "it/debian/base-image.sh", "--push", registry.host());
    String kernel = script(root, "it/debian/pick-kernel.sh", "--image", base);

    Path specs = Files.createDirectories(dir.resolve("specs"));
    Files.copy(root.resolve("specs/common.yaml"), specs.resolve("common.yaml"));
    List<String> required = new ArrayList<>();
    for (String pkg : REQUIRED) {
      required.add(unpack(pkg, specs.resolve("drivers")));
    }
    String optional = unpack(OPTIONAL, specs.resolve("drivers"));
    StringBuilder verify = new StringBuilder("\nverify:\n  canary: true\n  modules:\n");
    required.forEach(p -> verify.append("    - path: ").append(p).append('\n'));
    verify.append("    - path: ").append(optional).append("\n      required: false\n");
    Files.writeString(
        specs.resolve("debian.yaml"), Files.readString(root.resolve("specs/debian.yaml")) + verify);
    long prepared = System.nanoTime();

    String org = "apply-drivers-" + ProcessHandle.current().pid();
    Path report = dir.resolve("report.json");
    Cli.Result r = apply(specs.resolve("debian.yaml"), kernel, base, registry, org, report);
    long applied = System.nanoTime();

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .containsPattern(
            "debian/x86_64/" + kernel.replace(".", "\\.") + " +build +pushed +sha256:");
    JsonNode target =
        JsonMapper.builder().build().readTree(Files.readString(report)).get("targets").get(0);
    assertThat(target.get("result").asString()).isEqualTo("pushed");
    JsonNode modules = target.get("modules");
    assertThat(modules.size()).isEqualTo(5);
    StringBuilder table =
        new StringBuilder(
            "| driver | result | .ko | vermagic | seconds | first error |\n|---|---|---|---|---|---|\n");
    for (JsonNode m : modules) {
      table
          .append("| ")
          .append(m.get("module").asString())
          .append(" | ")
          .append(m.get("result").asString())
          .append(" | ")
          .append(m.get("koCount").asInt())
          .append(" | ")
          .append(m.get("vermagic").isNull() ? "-" : m.get("vermagic").asString())
          .append(" | ")
          .append(m.get("seconds").asLong())
          .append(" | ")
          .append(m.get("error").isNull() ? "" : m.get("error").asString())
          .append(" |\n");
    }
    for (int i = 0; i < required.size(); i++) {
      JsonNode m = modules.get(i);
      assertThat(m.get("module").asString()).isEqualTo(required.get(i));
      assertThat(m.get("result").asString()).as(table.toString()).isEqualTo("ok");
      assertThat(m.get("koCount").asInt()).isPositive();
      assertThat(m.get("vermagic").asString()).startsWith(kernel + " ");
    }
    JsonNode razer = modules.get(4);
    assertThat(razer.get("required").asBoolean()).isFalse();
    assertThat(razer.get("result").asString()).isIn("ok", "failed");
    if (razer.get("result").asString().equals("failed")) {
      assertThat(razer.get("error").asString()).contains("error");
      assertThat(r.out()).contains(optional + ": failed");
    }
    assertThat(r.out()).contains("MODULE").contains(required.get(0));
    String log =
        Files.readString(
            dir.resolve("logs").resolve(StateStore.safeName("debian/x86_64/" + kernel) + ".log"),
            StandardCharsets.UTF_8);
    assertThat(log).contains("### dtk: verify module " + required.get(0) + ": ok, ");

    // the same check against the pushed toolkit: dtk verify IMAGE --module DIR
    String pushedImage = registry.host() + "/" + org + "/driver-toolkit:" + kernel + ".x86_64";
    long verifyStart = System.nanoTime();
    Cli.Result v =
        Cli.run(
            "verify",
            pushedImage,
            "--tls-verify=false",
            "--engine-arg=--isolation=chroot",
            "--module",
            specs.resolve(required.get(0)).toString(),
            "--optional-module",
            specs.resolve(optional).toString());
    long verified = System.nanoTime();
    assertThat(v.exitCode()).as(v.out() + v.err()).isZero();
    assertThat(v.err()).contains("for kernel " + kernel + " on x86_64");
    assertThat(v.out())
        .containsPattern(
            java.util.regex.Pattern.quote(specs.resolve(required.get(0)).toString())
                + " +ok +1 +"
                + java.util.regex.Pattern.quote(kernel));

    // a required driver that does not compile: nothing pushed, exit 4, the module named
    Path broken = Files.createDirectories(specs.resolve("drivers/broken"));
    Files.writeString(broken.resolve("Makefile"), "obj-m := broken.o\n");
    Files.writeString(
        broken.resolve("broken.c"),
        "#include <linux/module.h>\nint broken(void) { return nosuch; }\n"
            + "MODULE_LICENSE(\"GPL\");\n");
    Path hangs = Files.createDirectories(specs.resolve("drivers/hangs"));
    Files.writeString(
        hangs.resolve("dkms.conf"),
        "PACKAGE_NAME=hangs\nPACKAGE_VERSION=1\nMAKE[0]=\"sleep 600\"\n"
            + "BUILT_MODULE_NAME[0]=hangs\n");
    Path names = Files.createDirectories(specs.resolve("drivers/names"));
    Files.writeString(
        names.resolve("dkms.conf"),
        "PACKAGE_NAME=names\nPACKAGE_VERSION=1\n"
            + "BUILT_MODULE_NAME[0]=names\nBUILT_MODULE_NAME[1]=never_built\n");
    Files.writeString(names.resolve("Makefile"), "obj-m := names.o\n");
    Files.writeString(
        names.resolve("names.c"), "#include <linux/module.h>\nMODULE_LICENSE(\"GPL\");\n");
    Files.writeString(
        specs.resolve("debian.yaml"),
        Files.readString(root.resolve("specs/debian.yaml"))
            + "\nverify:\n  canary: false\n  modules:\n    - path: drivers/broken\n"
            + "    - { path: drivers/hangs, required: false, timeout: 10 }\n"
            + "    - { path: drivers/names, required: false }\n"
            + "    - { git: 'https://127.0.0.1:1/nothing.git', ref: v1, required: false }\n");
    Path report2 = dir.resolve("report2.json");
    Cli.Result bad =
        apply(specs.resolve("debian.yaml"), kernel, base, registry, org + "-bad", report2);
    long failed = System.nanoTime();
    assertThat(bad.exitCode()).as(bad.out() + bad.err()).isEqualTo(4);
    assertThat(bad.out())
        .contains("required module failed: drivers/broken: failed, 0 .ko")
        .contains("first error: ")
        .contains("nosuch")
        .contains("not pushed");
    JsonNode t2 =
        JsonMapper.builder().build().readTree(Files.readString(report2)).get("targets").get(0);
    assertThat(t2.get("result").asString()).isEqualTo("failed");
    assertThat(t2.get("digest").isNull()).isTrue();
    assertThat(t2.get("modules").get(1).get("detail").asString()).isEqualTo("timed out after 10s");
    assertThat(t2.get("modules").get(2).get("detail").asString())
        .isEqualTo(
            "dkms.conf names never_built.ko (BUILT_MODULE_NAME/BUILT_MODULE_LOCATION) but the build made no such file");
    assertThat(t2.get("modules").get(3).get("detail").asString())
        .startsWith("cannot fetch v1 from https://127.0.0.1:1/nothing.git: ")
        .endsWith("(check the URL and ref, and that this machine can reach the server)");
    Process inspect =
        new ProcessBuilder(
                "skopeo",
                "inspect",
                "--tls-verify=false",
                "docker://"
                    + registry.host()
                    + "/"
                    + org
                    + "-bad/driver-toolkit:"
                    + kernel
                    + ".x86_64")
            .redirectErrorStream(true)
            .start();
    inspect.getInputStream().readAllBytes();
    assertThat(inspect.waitFor()).as("nothing pushed").isNotZero();

    String timing =
        String.format(
            "prepare %.0f s, apply with 5 drivers %.0f s, dtk verify %.0f s, failing apply %.0f s,"
                + " total %.0f s%n",
            (prepared - t0) / 1e9,
            (applied - prepared) / 1e9,
            (verified - verifyStart) / 1e9,
            (failed - verified) / 1e9,
            (failed - t0) / 1e9);
    Files.writeString(
        Path.of("target/drivers-it.md"),
        "kernel " + kernel + "\n\n" + table + "\n" + timing + "\n" + r.out() + "\n" + v.out()
            + v.err() + "\n" + bad.out());
    System.out.println(table + timing);
    new ProcessBuilder(
            "podman",
            "rmi",
            "--force",
            registry.host() + "/" + org + "/driver-toolkit:" + kernel + ".x86_64")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor();
  }

  private Cli.Result apply(
      Path spec, String kernel, String base, RegistryFixture registry, String org, Path report) {
    return Cli.run(
        "apply",
        spec.toString(),
        "--kernel-version",
        kernel,
        "--set",
        "baseImage=" + base,
        "--set",
        "image.registry=" + registry.host(),
        "--set",
        "image.organization=" + org,
        "--tls-verify=false",
        "--engine-arg=--isolation=chroot",
        "--state-dir",
        dir.resolve("state").toString(),
        "--log-dir",
        dir.resolve("logs").toString(),
        "--report",
        report.toString());
  }

  /**
   * Downloads {@code pkg} from the machine's apt sources and unpacks its /usr/src/<dir>; returns
   * drivers/<dir>.
   */
  private String unpack(String pkg, Path drivers) throws Exception {
    Path debs = Files.createDirectories(dir.resolve("debs"));
    if (!tryRun(debs, "apt-get", "download", pkg)) {
      // the machine's package lists may be older than the archive (a superseded version is gone)
      run(debs, "apt-get", "update", "-q");
      run(debs, "apt-get", "download", pkg);
    }
    Path deb;
    try (var s = Files.list(debs)) {
      deb =
          s.filter(p -> p.getFileName().toString().startsWith(pkg + "_")).findFirst().orElseThrow();
    }
    Path x = Files.createDirectories(dir.resolve("x-" + pkg));
    run(debs, "dpkg-deb", "-x", deb.toString(), x.toString());
    Path src;
    try (var s = Files.list(x.resolve("usr/src"))) {
      src = s.findFirst().orElseThrow();
    }
    Files.createDirectories(drivers);
    Files.move(src, drivers.resolve(src.getFileName()));
    return "drivers/" + src.getFileName();
  }

  private static boolean tryRun(Path cwd, String... argv) throws Exception {
    Process p =
        new ProcessBuilder(argv)
            .directory(cwd.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    p.getOutputStream().close();
    return p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0;
  }

  private static void run(Path cwd, String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", argv) + ":\n" + out).isZero();
  }

  /** Runs a repository script (test code may start processes directly) and returns its stdout. */
  private static String script(Path root, String script, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("bash", root.resolve(script).toString()));
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

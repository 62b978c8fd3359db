package dtk.exec.build;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.process.ProcessResult;
import dtk.exec.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code build-module.sh}, the dkms build step of {@code verify.modules}, run with bash against a
 * fake kernel build directory (its Makefile writes a {@code .ko} with a vermagic for every {@code
 * .c} of {@code M=}, and fails like gcc on the word {@code nosuch}), so every dkms.conf rule is
 * checked without kernel headers.
 */
class BuildModuleScriptIT {
  private static final String KVER = "6.1.0-9-amd64";
  @TempDir Path tmp;
  private Path sources;
  private Path kernels;

  @BeforeEach
  void fakeKernel() throws Exception {
    Tools.require("bash", "make", "timeout");
    sources = Files.createDirectories(tmp.resolve("src"));
    kernels = tmp.resolve("lib-modules");
    Path build = Files.createDirectories(kernels.resolve(KVER).resolve("build"));
    Files.writeString(build.resolve(".config"), "CONFIG_USB=y\nCONFIG_NET=m\n");
    Files.writeString(
        build.resolve("Makefile"),
        ""
            + "modules:\n"
            + "\t@if grep -l nosuch $(M)/*.c; then echo \"$(M)/bad.c:2:21: error: 'nosuch' undeclared\"; exit 1; fi\n"
            + "\t@for c in $(M)/*.c; do v="
            + KVER
            + "; grep -q OTHER $$c && v=6.1.0-1-amd64;"
            + " printf \"x\\000vermagic=$$v SMP preempt mod_unload \\000\" > $${c%.c}.ko; done\n");
  }

  private Path source(String name, String... files) throws Exception {
    Path d = Files.createDirectories(sources.resolve(name));
    for (int i = 0; i < files.length; i += 2) {
      Path f = d.resolve(files[i]);
      Files.createDirectories(f.getParent());
      Files.writeString(f, files[i + 1]);
    }
    return d;
  }

  private ModuleResult run(String id, int timeout) throws Exception {
    Path script = tmp.resolve("build-module.sh");
    try (var in =
        ModuleVerifier.class.getClassLoader().getResourceAsStream(ModuleVerifier.SCRIPT)) {
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash", script.toString(), id, String.valueOf(timeout), "@@m", "6.1.0-9", KVER)
            .redirectErrorStream(true);
    pb.environment().put("DTK_MODULES_DIR", sources.toString());
    pb.environment().put("DTK_KERNEL_MODULES", kernels.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    int index = Integer.parseInt(id.substring(1));
    List<ModuleVerifier.Source> list =
        java.util.Collections.nCopies(
            index + 1, new ModuleVerifier.Source(id, sources.resolve(id), true, timeout, null));
    return ModuleVerifier.interpret(out, "@@m", list, new ProcessResult(0, out, "", Duration.ZERO))
        .get(index);
  }

  @Test
  void aSourceWithoutDkmsConf_isBuiltWithKbuild() throws Exception {
    source("m0", "Makefile", "obj-m := a.o\n", "a.c", "int a;\n");
    ModuleResult r = run("m0", 60);
    assertThat(r.status()).as(r.describe()).isEqualTo(ModuleResult.Status.OK);
    assertThat(r.koCount()).isEqualTo(1);
    assertThat(r.vermagic()).isEqualTo(KVER + " SMP preempt mod_unload");
  }

  @Test
  void dkmsConf_preBuildMakeAndBuiltModuleLocations_areHonoured() throws Exception {
    source(
        "m0",
        "dkms.conf",
        ""
            + "PACKAGE_NAME=\"demo\"\nPACKAGE_VERSION=\"1.0\"\n"
            + "PRE_BUILD=\"configure.sh $kernelver\"\n"
            + "MAKE[0]=\"make -C ${kernel_source_dir} M=${dkms_tree}/${PACKAGE_NAME}/${PACKAGE_VERSION}/build/sub modules"
            + " && test -f configured-$kernelver\"\n"
            + "BUILT_MODULE_NAME[0]=one\nBUILT_MODULE_LOCATION[0]=sub/\nBUILT_MODULE_NAME[1]=two\n"
            + "BUILT_MODULE_LOCATION[1]=sub\n",
        "configure.sh",
        "touch configured-$1\n",
        "sub/one.c",
        "int one;\n",
        "sub/two.c",
        "int two;\n");
    sources.resolve("m0/configure.sh").toFile().setExecutable(true);
    ModuleResult r = run("m0", 60);
    assertThat(r.status()).as(r.describe()).isEqualTo(ModuleResult.Status.OK);
    assertThat(r.koCount()).isEqualTo(2);
  }

  @Test
  void buildExclusiveKernelOrConfig_skips() throws Exception {
    source(
        "m0",
        "dkms.conf",
        "PACKAGE_NAME=a\nPACKAGE_VERSION=1\nBUILD_EXCLUSIVE_KERNEL=\"^5\\.\"\nBUILT_MODULE_NAME[0]=a\n");
    ModuleResult r = run("m0", 60);
    assertThat(r.status()).isEqualTo(ModuleResult.Status.SKIPPED);
    assertThat(r.detail()).isEqualTo("BUILD_EXCLUSIVE_KERNEL=\"^5\\.\" excludes " + KVER);
    source(
        "m1",
        "dkms.conf",
        "PACKAGE_NAME=b\nPACKAGE_VERSION=1\nBUILD_EXCLUSIVE_CONFIG=\"CONFIG_USB CONFIG_NOPE\"\n");
    assertThat(run("m1", 60).status()).isEqualTo(ModuleResult.Status.SKIPPED);
    source(
        "m2", "dkms.conf", "PACKAGE_NAME=c\nPACKAGE_VERSION=1\nBUILD_EXCLUSIVE_ARCH=\"^sparc\"\n");
    assertThat(run("m2", 60).detail()).startsWith("BUILD_EXCLUSIVE_ARCH=\"^sparc\" excludes ");
  }

  @Test
  void aModuleDkmsConfNamesButNeverBuilds_fails_namingIt() throws Exception {
    source(
        "m0",
        "dkms.conf",
        "PACKAGE_NAME=a\nPACKAGE_VERSION=1\nBUILT_MODULE_NAME[0]=a\nBUILT_MODULE_NAME[1]=ghost\n",
        "Makefile",
        "obj-m := a.o\n",
        "a.c",
        "int a;\n");
    ModuleResult r = run("m0", 60);
    assertThat(r.status()).isEqualTo(ModuleResult.Status.FAILED);
    assertThat(r.detail())
        .isEqualTo(
            "dkms.conf names ghost.ko (BUILT_MODULE_NAME/BUILT_MODULE_LOCATION) but the build made no such file");
  }

  @Test
  void aCompilerError_failsWithItsFirstErrorLine() throws Exception {
    source("m0", "Makefile", "obj-m := bad.o\n", "bad.c", "int f(void) { return nosuch; }\n");
    ModuleResult r = run("m0", 60);
    assertThat(r.status()).isEqualTo(ModuleResult.Status.FAILED);
    assertThat(r.error()).endsWith("bad.c:2:21: error: 'nosuch' undeclared");
    assertThat(r.detail()).startsWith("MAKE failed: make -j");
  }

  @Test
  void anotherKernelsVermagic_fails() throws Exception {
    source("m0", "Makefile", "obj-m := o.o\n", "o.c", "int OTHER;\n");
    ModuleResult r = run("m0", 60);
    assertThat(r.status()).isEqualTo(ModuleResult.Status.FAILED);
    assertThat(r.detail())
        .isEqualTo("o.ko has vermagic '6.1.0-1-amd64 SMP preempt mod_unload', not " + KVER);
  }

  @Test
  void aMakeThatHangs_isStoppedAtTheModulesTimeout() throws Exception {
    source(
        "m0",
        "dkms.conf",
        "PACKAGE_NAME=h\nPACKAGE_VERSION=1\nMAKE[0]=\"sleep 300\"\nBUILT_MODULE_NAME[0]=h\n");
    long start = System.nanoTime();
    ModuleResult r = run("m0", 2);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(r.status()).isEqualTo(ModuleResult.Status.FAILED);
    assertThat(r.detail()).isEqualTo("timed out after 2s");
  }
}

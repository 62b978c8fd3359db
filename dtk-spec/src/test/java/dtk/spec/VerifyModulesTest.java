package dtk.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.model.ModuleSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify.modules}: driver sources as paths inside the spec root or git URLs with a ref. */
class VerifyModulesTest {
  @TempDir Path tmp;

  @Test
  void pathAndGitModules_bindWithTheirDefaults() throws Exception {
    Files.createDirectories(tmp.resolve("specs/drivers/v4l2loopback"));
    Path spec =
        Load.write(
            tmp,
            "specs/a.yaml",
            Load.minimal(
                "a",
                "verify:\n  canary: true\n  modules:\n"
                    + "    - path: drivers/v4l2loopback\n"
                    + "    - git: https://example.org/driver.git\n      ref: v1.2.3\n      required: false\n      timeout: 60\n"));
    LoadResult r = Load.load(spec);
    assertThat(Load.lines(r)).isEmpty();
    List<ModuleSource> modules = r.specs().get(0).verify().modules();
    assertThat(modules).hasSize(2);
    assertThat(modules.get(0).path())
        .isEqualTo(tmp.resolve("specs/drivers/v4l2loopback").normalize());
    assertThat(modules.get(0).required()).isTrue();
    assertThat(modules.get(0).timeoutSeconds()).isEqualTo(ModuleSource.DEFAULT_TIMEOUT);
    assertThat(modules.get(0).written()).isEqualTo("drivers/v4l2loopback");
    assertThat(modules.get(1).git()).isEqualTo("https://example.org/driver.git");
    assertThat(modules.get(1).ref()).isEqualTo("v1.2.3");
    assertThat(modules.get(1).required()).isFalse();
    assertThat(modules.get(1).timeoutSeconds()).isEqualTo(60);
  }

  @Test
  void aPathOutsideTheSpecFolder_isRefusedWithoutSayingWhetherItExists() throws Exception {
    Files.createDirectories(tmp.resolve("elsewhere/driver"));
    Path spec =
        Load.write(
            tmp,
            "specs/a.yaml",
            Load.minimal("a", "verify:\n  modules:\n    - path: ../elsewhere/driver\n"));
    LoadResult r = Load.load(spec);
    assertThat(Load.where(r)).containsExactly("a.yaml:11:13 path/outside-root");
    assertThat(r.diagnostics().get(0).message())
        .isEqualTo("module '../elsewhere/driver' leaves the spec root " + tmp.resolve("specs"));
    assertThat(r.diagnostics().get(0).hint()).contains("--allow-path DIR");
  }

  @Test
  void aMissingDirectoryOrAFile_isNamed() throws Exception {
    Load.write(tmp, "specs/drivers/file", "x");
    Path spec =
        Load.write(
            tmp,
            "specs/a.yaml",
            Load.minimal(
                "a",
                "verify:\n  modules:\n    - path: drivers/nothing\n    - path: drivers/file\n"));
    LoadResult r = Load.load(spec);
    assertThat(Load.where(r))
        .containsExactly(
            "a.yaml:11:13 spec/module-not-found", "a.yaml:12:13 spec/module-not-found");
    assertThat(r.diagnostics().get(0).message())
        .isEqualTo(
            "module 'drivers/nothing': "
                + tmp.resolve("specs/drivers/nothing")
                + " does not exist");
    assertThat(r.diagnostics().get(1).message()).endsWith("drivers/file is not a directory");
  }

  @Test
  void gitUrlsThatReadThisMachine_areRefused_andGitNeedsARef() {
    Path spec =
        Load.write(
            tmp,
            "specs/a.yaml",
            Load.minimal(
                "a",
                "verify:\n  modules:\n"
                    + "    - { git: 'file:///srv/driver.git', ref: v1 }\n"
                    + "    - { git: /srv/driver.git, ref: v1 }\n"
                    + "    - { git: 'ext::sh%20-c%20id', ref: v1 }\n"
                    + "    - { git: https://example.org/d.git }\n"
                    + "    - { git: 'git@example.org:team/d.git', ref: main }\n"
                    + "    - { path: x, git: https://example.org/d.git }\n"));
    LoadResult r = Load.load(spec);
    assertThat(Load.where(r))
        .containsExactly(
            "a.yaml:11:14 spec/module-git",
            "a.yaml:12:14 spec/module-git",
            "a.yaml:13:14 spec/module-git",
            "a.yaml:14:9 spec/module",
            "a.yaml:16:7 spec/module");
    assertThat(r.diagnostics().get(0).message())
        .isEqualTo(
            "module git URL 'file:///srv/driver.git' is not allowed: use https://, ssh:// or user@host:path");
    assertThat(r.diagnostics().get(3).message())
        .isEqualTo("module https://example.org/d.git has no ref");
  }
}

package dtk.render;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateOverrideTest {
  private static Target target() {
    return TestSpecs.targets(TestSpecs.centosLike(false)).get(0);
  }

  private static Diagnostic failure(Renderer r) {
    try {
      r.render(target());
    } catch (RenderException e) {
      assertThat(e.diagnostics()).hasSize(1);
      return e.diagnostics().get(0);
    }
    throw new AssertionError("expected a template error");
  }

  @Test
  void userTemplate_overridesTheBuiltInOne_fileByFile(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("dnf"));
    Files.writeString(
        dir.resolve("dnf/Containerfile.ftl"),
        "<#import \"/common/steps.ftl\" as s>\nFROM [=from]\nRUN echo [=shq(name + \" on \" + arch)]\n<@s.labels labels=labels/>\n");
    String cf = Renderer.withTemplates(dir).render(target()).containerfile();
    assertThat(cf)
        .startsWith(
            "FROM quay.io/centos/centos:stream9\nRUN echo 'test-centos on x86_64'\nLABEL org.opencontainers.image.title=\"test-centos\"");
    // the apt family is not overridden and still comes from the class path
    String apt =
        Renderer.withTemplates(dir)
            .render(TestSpecs.targets(TestSpecs.debianLike()).get(0))
            .containerfile();
    assertThat(apt).contains("apt-get update");
  }

  @Test
  void overridingASharedSnippet_changesEveryFamily(@TempDir Path dir) throws Exception {
    String builtIn =
        new String(
            TemplateOverrideTest.class
                .getResourceAsStream("/templates/common/steps.ftl")
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    Files.createDirectories(dir.resolve("common"));
    Files.writeString(
        dir.resolve("common/steps.ftl"),
        builtIn.replace(
            "RUN useradd -u [=user.uid] -m -s /bin/sh", "RUN adduser -D -u [=user.uid]"));
    String cf = Renderer.withTemplates(dir).render(target()).containerfile();
    assertThat(cf).contains("RUN adduser -D -u 1001 builder\n").doesNotContain("useradd");
  }

  @Test
  void undefinedValue_namesTemplateLineAndSpec(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("dnf"));
    Files.writeString(
        dir.resolve("dnf/Containerfile.ftl"), "FROM [=from]\n# fine\nRUN echo [=kernelVersoin]\n");
    Diagnostic d = failure(Renderer.withTemplates(dir));
    assertThat(d.code()).isEqualTo("render/template");
    assertThat(d.at().file())
        .isEqualTo(dir.toAbsolutePath().normalize().resolve("dnf/Containerfile.ftl"));
    assertThat(d.at().line()).isEqualTo(3);
    assertThat(d.message())
        .contains("dnf/Containerfile.ftl")
        .contains("spec 'test-centos'")
        .contains("specs/test-centos.yaml")
        .contains("x86_64")
        .contains("kernelVersoin");
    assertThat(d.hint())
        .contains(dir.toAbsolutePath().normalize().toString())
        .contains("name, arch, from, args, repositories, packages, kernelPackageWords")
        .contains("shq");
  }

  @Test
  void missingValueGivenToAnEscape_isAnError(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("dnf"));
    Files.writeString(
        dir.resolve("dnf/Containerfile.ftl"), "FROM [=from]\nRUN echo [=shq(kernelVersoin)]\n");
    Diagnostic d = failure(Renderer.withTemplates(dir));
    assertThat(d.at().line()).isEqualTo(2);
    assertThat(d.message()).contains("shq() was given a missing value");
  }

  @Test
  void syntaxError_namesTemplateLine(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("dnf"));
    Files.writeString(dir.resolve("dnf/Containerfile.ftl"), "FROM [=from]\n<#if>\n");
    Diagnostic d = failure(Renderer.withTemplates(dir));
    assertThat(d.at().line()).isEqualTo(2);
    assertThat(d.message()).contains("spec 'test-centos'");
  }

  @Test
  void newAndApiBuiltins_areBlocked(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("dnf"));
    Files.writeString(
        dir.resolve("dnf/Containerfile.ftl"),
        "[=\"freemarker.template.utility.Execute\"?new()(\"id\")]\n");
    assertThat(failure(Renderer.withTemplates(dir)).message()).contains("not allowed");
    Files.writeString(dir.resolve("dnf/Containerfile.ftl"), "[=labels?api.size()]\n");
    assertThat(failure(Renderer.withTemplates(dir)).message()).contains("api_builtin_enabled");
  }

  @Test
  void unsafeValueInATemplate_isAnError_notABrokenContainerfile(@TempDir Path dir)
      throws Exception {
    Files.createDirectories(dir.resolve("dnf"));
    Files.writeString(
        dir.resolve("dnf/Containerfile.ftl"), "FROM [=from]\nLABEL x=[=labelq(\"a\\nb\")]\n");
    Diagnostic d = failure(Renderer.withTemplates(dir));
    assertThat(d.at().line()).isEqualTo(2);
    assertThat(d.message()).contains("newline");
  }

  @Test
  void numbersAndBooleans_printPlainly(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("dnf"));
    Files.writeString(
        dir.resolve("dnf/Containerfile.ftl"), "[=12345678] [=releaseFile] [=user.uid]\n");
    assertThat(Renderer.withTemplates(dir).render(target()).containerfile())
        .isEqualTo("12345678 true 1001\n");
  }

  @Test
  void symlinkLeavingTheTemplateDirectory_isRefused(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("templates"));
    Files.createDirectories(dir.resolve("dnf"));
    Path outside = Files.writeString(tmp.resolve("outside.ftl"), "FROM evil\n");
    Files.createSymbolicLink(dir.resolve("dnf/Containerfile.ftl"), outside);
    Diagnostic d = failure(Renderer.withTemplates(dir));
    assertThat(d.code()).isEqualTo("render/template");
    assertThat(d.message()).contains("leaves the template directory");
  }

  @Test
  @org.junit.jupiter.api.Timeout(20)
  void aFifoInTheTemplateDirectory_isRefusedWithoutBeingOpened(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("dnf"));
    Path fifo = dir.resolve("dnf/Containerfile.ftl");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Diagnostic d = failure(Renderer.withTemplates(dir));
    assertThat(d.code()).isEqualTo("render/template");
    assertThat(d.message())
        .contains("dnf/Containerfile.ftl is not a regular file (a FIFO, a device or a socket)");
    assertThat(d.at().file()).isEqualTo(fifo);
  }

  @Test
  void aSymlinkLoopInTheTemplateDirectory_isRefused_notSilentlyReplacedByTheBuiltIn(
      @TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("dnf"));
    Files.createSymbolicLink(dir.resolve("dnf/Containerfile.ftl"), Path.of("loop.ftl"));
    Files.createSymbolicLink(dir.resolve("dnf/loop.ftl"), Path.of("Containerfile.ftl"));
    Diagnostic d = failure(Renderer.withTemplates(dir));
    assertThat(d.code()).isEqualTo("render/template");
    assertThat(d.message()).contains("dnf/Containerfile.ftl is a symbolic link loop");
    assertThat(d.at().file()).isEqualTo(dir.resolve("dnf/Containerfile.ftl"));
  }

  @Test
  void anIncludedSnippetLinkedOutOfTheDirectory_isRefusedBeforeItIsRead(@TempDir Path tmp)
      throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("templates"));
    Files.createDirectories(dir.resolve("dnf"));
    Files.createDirectories(dir.resolve("common"));
    Files.writeString(
        dir.resolve("dnf/Containerfile.ftl"), "FROM [=from]\n<#include \"/common/extra.ftl\">\n");
    Path outside = Files.writeString(tmp.resolve("host-secret.txt"), "HOST-SECRET-BYTES\n");
    Files.createSymbolicLink(dir.resolve("common/extra.ftl"), outside);
    Diagnostic d = failure(Renderer.withTemplates(dir));
    assertThat(d.code()).isEqualTo("render/template");
    assertThat(d.message())
        .contains("common/extra.ftl is a symbolic link that leaves the template directory")
        .doesNotContain("HOST-SECRET-BYTES");
  }

  @Test
  void aDanglingLinkInTheTemplateDirectory_isRefused(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("dnf"));
    Files.createSymbolicLink(dir.resolve("dnf/Containerfile.ftl"), dir.resolve("nowhere.ftl"));
    assertThat(failure(Renderer.withTemplates(dir)).message())
        .contains("dnf/Containerfile.ftl is a symbolic link to nothing");
  }
}

package dtk.spec;

import static dtk.spec.Load.load;
import static dtk.spec.Load.minimal;
import static dtk.spec.Load.where;
import static dtk.spec.Load.write;
import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.model.KernelSpec;
import dtk.spec.model.RepositorySource;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kernel.source.repository} and {@code kernel.match}: what loads, and each mistake at its
 * line.
 */
class KernelRepositorySourceTest {
  @TempDir Path dir;

  private LoadResult kernel(String kernelYaml) {
    return load(
        write(
            dir,
            "spec.yaml",
            minimal("x", "").replace("kernel: { version: 5.14.0-498.el9 }", kernelYaml)));
  }

  private static String messages(LoadResult r) {
    StringBuilder b = new StringBuilder();
    r.diagnostics().forEach(d -> b.append(d.message()).append(" | ").append(d.hint()).append('\n'));
    return b.toString();
  }

  @Test
  void dnfRepository_bindsEveryField() {
    LoadResult r =
        kernel(
            """
        kernel:
          source:
            repository:
              type: dnf
              urls: ["https://mirror.example/9-stream/BaseOS/${arch}/os/"]
              package: kernel-devel
            newest: 2
            match: '^5\\.14\\.0-'
          match: '\\.el9\\.'
          packages: ["kernel-devel-${kernel.version}"]""");
    assertThat(r.diagnostics()).isEmpty();
    KernelSpec k = r.specs().get(0).kernel();
    assertThat(k.source()).isNull();
    assertThat(k.match()).isEqualTo("\\.el9\\.");
    RepositorySource s = k.repository();
    assertThat(s.type()).isEqualTo("dnf");
    assertThat(s.urls()).containsExactly("https://mirror.example/9-stream/BaseOS/${arch}/os/");
    assertThat(s.fromBaseImage()).isFalse();
    assertThat(s.packageName()).isEqualTo("kernel-devel");
    assertThat(s.newest()).isEqualTo(2);
    assertThat(s.match()).isEqualTo("^5\\.14\\.0-");
  }

  @Test
  void aptFromBaseImage_defaultsToTheNewestOne() {
    LoadResult r =
        kernel(
            """
        kernel:
          source:
            repository: { type: apt, fromBaseImage: true, package: linux-headers-*-amd64 }""");
    assertThat(r.diagnostics()).isEmpty();
    RepositorySource s = r.specs().get(0).kernel().repository();
    assertThat(s.fromBaseImage()).isTrue();
    assertThat(s.urls()).isEmpty();
    assertThat(s.newest()).isEqualTo(1);
    assertThat(s.match()).isNull();
  }

  @Test
  void newestZero_isASchemaErrorAtTheValue() {
    LoadResult r =
        kernel(
            """
        kernel:
          source:
            repository: { type: apt, fromBaseImage: true, package: linux-headers-*-amd64 }
            newest: 0""");
    assertThat(where(r)).containsExactly("spec.yaml:10:13 schema/minimum");
  }

  @Test
  void imageAndRepository_together_areRefused() {
    LoadResult r =
        kernel(
            """
        kernel:
          source:
            image: quay.io/centos-bootc/centos-bootc:stream9
            repository: { type: dnf, urls: ["https://m.example/os/"], package: kernel-devel }""");
    assertThat(where(r)).containsExactly("spec.yaml:9:5 spec/kernel");
    assertThat(messages(r))
        .contains("either an image label (image, label) or a repository, not both");
  }

  @Test
  void newestWithoutRepository_isRefused() {
    LoadResult r =
        kernel(
            """
        kernel:
          source: { image: quay.io/centos-bootc/centos-bootc:stream9, label: ostree.linux, newest: 2 }""");
    assertThat(where(r)).containsExactly("spec.yaml:8:84 spec/kernel");
    assertThat(messages(r)).contains("kernel.source.newest only applies to a repository source");
  }

  @Test
  void urlsAndFromBaseImage_neitherOrBoth_areRefused() {
    LoadResult neither =
        kernel(
            """
        kernel:
          source:
            repository: { type: apt, package: linux-headers-*-amd64 }""");
    assertThat(where(neither)).containsExactly("spec.yaml:9:5 spec/kernel");
    assertThat(messages(neither)).contains("needs urls or fromBaseImage: true");
    LoadResult both =
        kernel(
            """
        kernel:
          source:
            repository:
              type: apt
              fromBaseImage: true
              urls: ["http://deb.example/debian bookworm main"]
              package: linux-headers-*-amd64""");
    assertThat(where(both)).containsExactly("spec.yaml:12:7 spec/kernel");
  }

  @Test
  void hostFileUrls_andMalformedAptLines_areRefusedAtTheUrl() {
    LoadResult r =
        kernel(
            """
        kernel:
          source:
            repository:
              type: apt
              urls:
                - "file:///etc bookworm main"
                - "http://deb.example/debian bookworm"
              package: linux-headers-*-amd64""");
    assertThat(where(r))
        .containsExactly("spec.yaml:12:11 spec/kernel", "spec.yaml:13:11 spec/kernel");
    assertThat(messages(r))
        .contains(
            "repository URL 'file:///etc' is not http:// or https:// (a spec names no host file)")
        .contains(
            "apt source 'http://deb.example/debian bookworm' is not \"URI SUITE COMPONENT...\"");
  }

  @Test
  void aptPackage_needsExactlyOneStar_dnfPackage_none() {
    LoadResult apt =
        kernel(
            """
        kernel:
          source:
            repository: { type: apt, fromBaseImage: true, package: linux-headers-amd64 }""");
    assertThat(where(apt)).containsExactly("spec.yaml:9:60 spec/kernel");
    assertThat(messages(apt)).contains("needs exactly one * standing for the kernel, it has 0");
    LoadResult dnf =
        kernel(
            """
        kernel:
          source:
            repository: { type: dnf, fromBaseImage: true, package: kernel-* }""");
    assertThat(where(dnf)).containsExactly("spec.yaml:9:60 spec/kernel");
  }

  @Test
  void invalidRegexes_areReportedAtTheValue() {
    LoadResult r =
        kernel(
            """
        kernel:
          source:
            repository: { type: dnf, fromBaseImage: true, package: kernel-devel }
            match: '^5.14.0-('
          match: '['""");
    assertThat(where(r))
        .containsExactly("spec.yaml:10:12 spec/kernel", "spec.yaml:11:10 spec/kernel");
    assertThat(messages(r))
        .contains("'^5.14.0-(' is not a valid regular expression: Unclosed group");
  }

  @Test
  void unknownRepositoryType_isASchemaError() {
    LoadResult r =
        kernel(
            """
        kernel:
          source:
            repository: { type: zypper, fromBaseImage: true, package: kernel-devel }""");
    assertThat(where(r)).containsExactly("spec.yaml:9:25 schema/enum");
  }
}

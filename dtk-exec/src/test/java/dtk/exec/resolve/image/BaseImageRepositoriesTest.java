package dtk.exec.resolve.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.ExecException;
import dtk.exec.Platform;
import dtk.exec.resolve.repo.AptSource;
import dtk.spec.Digest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BaseImageRepositoriesTest {
  private static BaseImageRepositories parse(Platform p, String... pathsAndTexts) {
    Map<String, byte[]> files = new TreeMap<>();
    for (int i = 0; i < pathsAndTexts.length; i += 2) {
      files.put(pathsAndTexts[i], pathsAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return BaseImageRepositories.of(
        new BaseImageFiles.Files(
            BaseImageFilesTest.IMAGE,
            Digest.sha256Hex("a".repeat(64)),
            p,
            new TreeMap<>(files),
            new TreeMap<>(),
            1));
  }

  private static final String DEBIAN_SOURCES =
      String.join(
          "\n",
          "# generated",
          "Types: deb",
          "# URIs: http://commented.example/debian",
          "URIs: http://deb.debian.org/debian",
          "Suites: bookworm bookworm-updates",
          "Components: main",
          "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg",
          "",
          "Types: deb deb-src",
          "URIs: http://deb.debian.org/debian-security",
          "  http://mirror.example/debian-security",
          "Suites: bookworm-security",
          "Components: main contrib",
          "",
          "Types: deb",
          "URIs: http://disabled.example/",
          "Suites: x",
          "Components: main",
          "Enabled: no",
          "",
          "Types: deb-src",
          "URIs: http://src.example/",
          "Suites: x",
          "Components: main",
          "",
          "Types: deb",
          "URIs: http://arm.example/",
          "Suites: x",
          "Components: main",
          "Architectures: arm64",
          "");

  @Test
  void deb822_urisTimesSuites_commentsDisabledAndArchitectures() {
    BaseImageRepositories r =
        parse(Platform.X86_64, "/etc/apt/sources.list.d/debian.sources", DEBIAN_SOURCES);
    assertThat(r.aptLines())
        .containsExactly(
            "http://deb.debian.org/debian/ bookworm main",
            "http://deb.debian.org/debian/ bookworm-updates main",
            "http://deb.debian.org/debian-security/ bookworm-security main contrib",
            "http://mirror.example/debian-security/ bookworm-security main contrib");
    assertThat(r.apt().get(0).file()).isEqualTo("/etc/apt/sources.list.d/debian.sources");
    assertThat(r.apt().get(0).line()).isEqualTo(2);
    assertThat(r.apt().get(2).line()).isEqualTo(9);
    r.aptLines().forEach(AptSource::parse);
    assertThat(
            parse(Platform.AARCH64, "/etc/apt/sources.list.d/debian.sources", DEBIAN_SOURCES)
                .aptLines())
        .contains("http://arm.example/ x main");
  }

  @Test
  void oneLine_optionsArchCommentsDebSrcAndOrder() {
    String list =
        String.join(
            "\n",
            "# comment",
            "deb http://deb.debian.org/debian bookworm main contrib # trailing",
            "deb-src http://deb.debian.org/debian bookworm main",
            "deb [arch=arm64 signed-by=/k.gpg] http://ports.example/debian bookworm main",
            "deb [ arch=amd64,i386 ] http://amd.example/debian bookworm main",
            "deb http://flat.example/repo ./",
            "deb tor+http://onion.example/debian bookworm main",
            "");
    BaseImageRepositories r =
        parse(
            Platform.X86_64,
            "/etc/apt/sources.list",
            list,
            "/etc/apt/sources.list.d/b.list",
            "deb http://b.example/ b main\n",
            "/etc/apt/sources.list.d/a.list",
            "deb http://a.example/ a main\n");
    assertThat(r.aptLines())
        .containsExactly(
            "http://deb.debian.org/debian/ bookworm main contrib",
            "http://amd.example/debian/ bookworm main",
            "http://a.example/ a main",
            "http://b.example/ b main");
    assertThat(r.apt().get(1).line()).isEqualTo(5);
    assertThat(r.skipped())
        .extracting(BaseImageRepositories.Skipped::reason)
        .anySatisfy(s -> assertThat(s).startsWith("a flat repository"))
        .anySatisfy(s -> assertThat(s).startsWith("the transport 'tor+http'"));
    assertThat(parse(Platform.AARCH64, "/etc/apt/sources.list", list).aptLines())
        .contains("http://ports.example/debian/ bookworm main")
        .doesNotContain("http://amd.example/debian/ bookworm main");
  }

  @Test
  void apt_malformedLineSaysFileLineAndImage() {
    assertThatThrownBy(
            () -> parse(Platform.X86_64, "/etc/apt/sources.list", "\ndeb http://x.example/\n"))
        .isInstanceOf(ExecException.class)
        .hasMessage(
            "/etc/apt/sources.list:2 of image registry.example/base:1 (linux/amd64): an entry needs a URI and a suite: "
                + "'deb URI SUITE COMPONENT...'");
    assertThatThrownBy(() -> parse(Platform.X86_64, "/etc/apt/sources.list", "rpm http://x/ a b\n"))
        .hasMessageContaining("'rpm' is not a source type");
    assertThatThrownBy(
            () ->
                parse(
                    Platform.X86_64,
                    "/etc/apt/sources.list.d/x.sources",
                    "Types: deb\nURIs: http://x/\n"))
        .hasMessageContaining("/etc/apt/sources.list.d/x.sources:1 of image")
        .hasMessageContaining("needs URIs and Suites");
  }

  private static final String CENTOS_OS =
      "NAME=\"CentOS Stream\"\nVERSION=\"9\"\nID=\"centos\"\nID_LIKE=\"rhel fedora\"\nVERSION_ID=\"9\"\n";

  @Test
  void dnf_varsFromOsReleasePlatformAndVarsFiles_mirrorlistOnlySkipped() {
    String repo =
        String.join(
            "\n",
            "[baseos]",
            "name=CentOS Stream $releasever - BaseOS",
            "baseurl=https://mirror.stream.centos.org/$stream/BaseOS/$basearch/os/",
            "  https://mirror2.example/${stream}/BaseOS/${arch}/os/, https://mirror3.example/$releasever/",
            "gpgcheck=1",
            "",
            "[appstream]",
            "metalink=https://mirrors.centos.org/metalink?repo=centos-appstream-$stream&arch=$basearch",
            "",
            "[crb]",
            "baseurl=https://mirror.stream.centos.org/$stream/CRB/$basearch/os/",
            "enabled=0",
            "",
            "[extras]",
            "; a comment",
            "enabled = yes",
            "baseurl = http://extras.example/${releasever_major}/${missing:-fallback}/",
            "");
    BaseImageRepositories r =
        parse(
            Platform.AARCH64,
            "/etc/os-release",
            CENTOS_OS,
            "/etc/dnf/vars/stream",
            "9-stream\n",
            "/etc/yum.repos.d/centos.repo",
            repo);
    assertThat(r.dnfBaseUrls())
        .containsExactly(
            "https://mirror.stream.centos.org/9-stream/BaseOS/aarch64/os/",
            "https://mirror2.example/9-stream/BaseOS/aarch64/os/",
            "https://mirror3.example/9/",
            "http://extras.example/9/fallback/");
    assertThat(r.dnf().get(0).repo()).isEqualTo("baseos");
    assertThat(r.dnf().get(0).file()).isEqualTo("/etc/yum.repos.d/centos.repo");
    assertThat(r.dnf().get(3).line()).isEqualTo(14);
    assertThat(r.releasever()).isEqualTo("9");
    assertThat(r.skipped())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.what()).isEqualTo("[appstream]");
              assertThat(s.line()).isEqualTo(7);
              assertThat(s.reason())
                  .startsWith(
                      "only metalink=https://mirrors.centos.org/metalink?repo=centos-appstream-$stream")
                  .contains("mirror service dtk does not contact");
            });
  }

  @Test
  void dnf_unknownVariableNamesFileRepoAndVar() {
    assertThatThrownBy(
            () ->
                parse(
                    Platform.X86_64,
                    "/etc/os-release",
                    CENTOS_OS,
                    "/etc/yum.repos.d/c.repo",
                    "[baseos]\nbaseurl=https://m.example/$stream/BaseOS/$basearch/os/\n"))
        .isInstanceOf(ExecException.class)
        .hasMessageStartingWith(
            "/etc/yum.repos.d/c.repo:1 of image registry.example/base:1 (linux/amd64): [baseos] baseurl "
                + "https://m.example/$stream/BaseOS/$basearch/os/ uses $stream, which is not defined")
        .satisfies(e -> assertThat(((ExecException) e).hint()).contains("/etc/dnf/vars/stream"));
    assertThatThrownBy(
            () ->
                parse(
                    Platform.X86_64,
                    "/etc/yum.repos.d/c.repo",
                    "[f]\nbaseurl=https://m/$releasever/\n"))
        .hasMessageContaining(
            "uses $releasever, which is not defined (the image's os-release has no VERSION_ID");
  }

  @Test
  void dnf_onlyMirrorlistsGivesAClearErrorWhenRequired() {
    BaseImageRepositories r =
        parse(
            Platform.X86_64,
            "/etc/os-release",
            "ID=fedora\nVERSION_ID=40\n",
            "/etc/yum.repos.d/fedora.repo",
            "[fedora]\n#baseurl=http://download.example/pub/fedora/linux/releases/$releasever/\n"
                + "metalink=https://mirrors.fedoraproject.org/metalink?repo=fedora-$releasever&arch=$basearch\n");
    assertThat(r.dnfBaseUrls()).isEmpty();
    assertThatThrownBy(r::requireDnf)
        .isInstanceOf(ExecException.class)
        .hasMessageStartingWith(
            "image registry.example/base:1 (linux/amd64) has no dnf repositories with a baseurl in /etc/yum.repos.d/*.repo\n"
                + "  skipped [fedora] (/etc/yum.repos.d/fedora.repo:1): only metalink=");
  }

  @Test
  void noPackageManagerFiles_isAnErrorNamingTheImageAndWhatWasLookedFor() {
    assertThatThrownBy(() -> parse(Platform.X86_64, "/etc/os-release", "ID=alpine\n"))
        .isInstanceOf(ExecException.class)
        .hasMessage(
            "image registry.example/base:1 (linux/amd64) has no package manager configuration: none of /etc/apt/sources.list, "
                + "/etc/apt/sources.list.d/*.list, /etc/apt/sources.list.d/*.sources or /etc/yum.repos.d/*.repo is in its 1 layer(s)")
        .satisfies(
            e -> assertThat(((ExecException) e).hint()).contains("kernel.source.repository.urls"));
  }

  @Test
  void osRelease_quotingAndReleasever() {
    Map<String, String> os =
        OsRelease.parse(
            "# c\nNAME='Red Hat Enterprise Linux'\nVERSION_ID=\"9.4\"\nID=\"rhel\"\n"
                + "PRETTY_NAME=\"a \\\"b\\\" \\$c\"\nBROKEN LINE\nBUG=x # note\n");
    assertThat(os)
        .containsEntry("NAME", "Red Hat Enterprise Linux")
        .containsEntry("PRETTY_NAME", "a \"b\" $c")
        .containsEntry("BUG", "x")
        .doesNotContainKey("BROKEN LINE");
    assertThat(OsRelease.releasever(os)).isEqualTo("9");
    Map<String, String> rocky = new LinkedHashMap<>(Map.of("ID", "rocky", "VERSION_ID", "9.3"));
    assertThat(OsRelease.releasever(rocky)).isEqualTo("9");
    assertThat(OsRelease.releasever(Map.of("ID", "fedora", "VERSION_ID", "40"))).isEqualTo("40");
    assertThat(OsRelease.releasever(Map.of("ID", "debian", "VERSION_ID", "12"))).isEqualTo("12");
    assertThat(OsRelease.releasever(Map.of("ID", "ubuntu"))).isNull();
  }

  @Test
  void osRelease_etcWinsOverUsrLib_andVarsFileOverridesReleasever() {
    BaseImageRepositories r =
        parse(
            Platform.X86_64,
            "/etc/os-release",
            "ID=amzn\nVERSION_ID=\"2023\"\n",
            "/usr/lib/os-release",
            "ID=other\n",
            "/etc/dnf/vars/releasever",
            "latest\n",
            "/etc/yum.repos.d/amazonlinux.repo",
            "[amazonlinux]\nbaseurl=https://al2023.example/$releasever/$basearch/\n");
    assertThat(r.osRelease()).containsEntry("ID", "amzn");
    assertThat(r.dnfBaseUrls()).containsExactly("https://al2023.example/latest/x86_64/");
  }

  @Test
  void symlinkOutsideTheReadFilesIsReportedAsSkipped() {
    BaseImageRepositories r =
        BaseImageRepositories.of(
            new BaseImageFiles.Files(
                BaseImageFilesTest.IMAGE,
                Digest.sha256Hex("a".repeat(64)),
                Platform.X86_64,
                new TreeMap<>(
                    Map.of(
                        "/etc/apt/sources.list",
                        "deb http://x.example/ a main\n".getBytes(StandardCharsets.UTF_8))),
                new TreeMap<>(Map.of("/etc/apt/sources.list.d/z.list", "/opt/z.list")),
                1));
    assertThat(r.skipped())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.reason())
                    .isEqualTo(
                        "a symlink to /opt/z.list, which is not among the files dtk reads from the image"));
  }
}

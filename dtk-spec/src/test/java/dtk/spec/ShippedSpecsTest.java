package dtk.spec;

import static dtk.spec.Load.SHIPPED;
import static dtk.spec.Load.load;
import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.model.PackageEntry;
import dtk.spec.model.Spec;
import dtk.spec.model.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The specs in {@code specs/} load clean and say what the original Makefile + Containerfile did.
 */
class ShippedSpecsTest {
  private static final LoadResult SHIPPED_RESULT = load(SHIPPED);

  private static Spec spec(String name) {
    return SHIPPED_RESULT.specs().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> packages(Spec s) {
    return s.packages().stream().map(PackageEntry::name).toList();
  }

  @Test
  void allShippedSpecs_loadClean() {
    assertThat(Load.lines(SHIPPED_RESULT)).isEmpty();
    assertThat(SHIPPED_RESULT.specs())
        .extracting(Spec::name)
        .containsExactly("centos", "debian", "fedora", "rhel");
    assertThat(SHIPPED_RESULT.filesChecked()).isEqualTo(5);
  }

  @Test
  void everyShippedSpec_startsWithTheSchemaModeline() throws IOException {
    try (Stream<Path> files = Files.list(SHIPPED)) {
      List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(yaml).hasSize(5);
      for (Path p : yaml) {
        assertThat(Files.readAllLines(p).get(0))
            .as(p.toString())
            .isEqualTo("# yaml-language-server: $schema=../schemas/dtk-spec.schema.json");
      }
    }
  }

  @Test
  void fedora_hasNoStablelistsRtOr64k() {
    Spec f = spec("fedora");
    assertThat(f.baseImage()).isEqualTo("quay.io/fedora/fedora:40");
    assertThat(f.kernel().source().image()).isEqualTo("quay.io/fedora/fedora-bootc:40");
    assertThat(f.kernel().source().label()).isEqualTo("ostree.linux");
    assertThat(packages(f)).doesNotContain("kernel-abi-stablelists");
    assertThat(f.kernel().variants()).isEmpty();
    assertThat(f.kernel().packages()).noneMatch(p -> p.contains("-rt-") || p.contains("64k"));
  }

  @Test
  void centos_pinsReposByCompose_andHasRtAnd64kOffByDefault() throws IOException {
    Spec c = spec("centos");
    assertThat(c.baseImage()).isEqualTo("quay.io/centos/centos:stream9");
    assertThat(c.kernel().source().image()).isEqualTo("quay.io/centos-bootc/centos-bootc:stream9");
    assertThat(c.facts().get("compose").label()).isEqualTo("redhat.compose-id");
    assertThat(packages(c)).contains("kernel-abi-stablelists");
    assertThat(c.kernel().variants()).extracting(Variant::name).containsExactly("rt", "64k");
    Variant rt = c.kernel().variants().get(0);
    assertThat(rt.enabled()).isFalse();
    assertThat(rt.platforms()).containsExactly("x86_64");
    assertThat(rt.enableRepos()).containsExactly("rt");
    assertThat(c.kernel().variants().get(1).platforms()).containsExactly("aarch64");
    String repos =
        Files.readString(c.repositories().get(0)) + Files.readString(c.repositories().get(1));
    for (String section :
        List.of(
            "[baseos]",
            "[appstream]",
            "[crb]",
            "[highavailability]",
            "[nfv]",
            "[rt]",
            "[resilientstorage]")) {
      assertThat(repos).contains(section);
    }
    assertThat(repos)
        .contains(
            "https://composes.stream.centos.org/production/${facts.compose}/compose/BaseOS/$basearch/os/");
    assertThat(c.repositories().get(0)).isEqualTo(Path.of("../specs/repos/centos/compose.repo"));
  }

  @Test
  void rhel_hasItsLabels_unsetsReleaseAndUrl_andUsesRhsmSecrets() {
    Spec r = spec("rhel");
    assertThat(r.baseImage()).isEqualTo("registry.redhat.io/ubi9/ubi:9.4");
    assertThat(r.kernel().source().image()).isEqualTo("registry.redhat.io/rhel9/rhel-bootc:9.4");
    assertThat(r.labels())
        .containsKeys(
            "com.redhat.component",
            "com.redhat.license_terms",
            "io.k8s.description",
            "io.k8s.display-name",
            "summary");
    assertThat(r.unsetLabels()).containsExactly("release", "url");
    assertThat(r.build().secrets())
        .extracting(s -> s.id() + "=" + s.env())
        .containsExactly("rhsm-org=RHSM_ORG", "rhsm-activationkey=RHSM_ACTIVATIONKEY");
  }

  @Test
  void debian_usesAptAndLinuxHeaders() {
    Spec d = spec("debian");
    assertThat(d.packageManager()).isEqualTo(dtk.spec.model.PackageManager.apt);
    assertThat(d.baseImage()).isEqualTo("docker.io/library/debian:bookworm");
    // it follows the archive: the newest two kernels its base image's apt sources offer
    assertThat(d.kernel().pinned()).isFalse();
    assertThat(d.kernel().repository())
        .isEqualTo(
            new dtk.spec.model.RepositorySource(
                "apt", java.util.List.of(), true, "linux-headers-*-amd64", 2, "^6\\.1\\.0-"));
    assertThat(d.kernel().match()).isEqualTo("-amd64$");
    assertThat(d.kernel().packages()).containsExactly("linux-headers-${kernel.version}");
    assertThat(d.platforms()).containsExactly("x86_64");
    assertThat(packages(d)).contains("gcc", "make", "kmod", "libc6-dev", "openssl");
  }

  @Test
  void everyTarget_tagsByKernelVersion_andLabelsTheVersion() {
    for (Spec s : SHIPPED_RESULT.specs()) {
      assertThat(s.image().tag()).as(s.name()).isEqualTo("${kernel.version}");
      assertThat(s.labels()).as(s.name()).contains(Map.entry("version", "${kernel.version}"));
      assertThat(s.verify().enabled()).isTrue();
      assertThat(s.build().releaseFile()).isTrue();
    }
  }
}

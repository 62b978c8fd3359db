package dtk.exec.supply;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.exec.testing.SpdxSchema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SpdxTest {
  static final String STATUS =
      String.join(
          "\n",
          "Package: linux-headers-6.1.0-57-amd64",
          "Status: install ok installed",
          "Architecture: amd64",
          "Source: linux-signed-amd64 (6.1.158+1)",
          "Version: 6.1.158-1",
          "Depends: linux-headers-6.1.0-57-common (= 6.1.158-1), linux-kbuild-6.1 (= 6.1.158-1), linux-compiler-gcc-12-x86 (>= 6.1.158-1)",
          "Description: Header files for Linux 6.1.0-57-amd64",
          " This package provides the architecture-specific kernel header files.",
          "",
          "Package: linux-compiler-gcc-12-x86",
          "Status: install ok installed",
          "Architecture: amd64",
          "Source: linux",
          "Version: 6.1.158-1",
          "Depends: gcc-12:amd64 (>= 12.2.0-14~)",
          "",
          "Package: gcc-12",
          "Status: install ok installed",
          "Architecture: amd64",
          "Version: 12.2.0-14",
          "Pre-Depends: libc6 | libc6.1",
          "",
          "Package: removed-one",
          "Status: deinstall ok config-files",
          "Architecture: amd64",
          "Version: 1.0",
          "",
          "Package: libc6",
          "Status: install ok installed",
          "Architecture: amd64",
          "Source: glibc",
          "Version: 2.36-9+deb12u13",
          "");

  private static JsonNode sbom(PackageDatabase.Contents c) {
    byte[] json =
        Spdx.document(
            "127.0.0.1:5000/org/dtk:6.1.0-57-amd64.x86_64",
            "sha256:" + "a".repeat(64),
            "x86_64",
            c,
            Instant.parse("2026-12-03T13:00:00.123Z"),
            "dtk-test");
    assertThat(SpdxSchema.errors(json)).isEmpty();
    return JsonMapper.builder().build().readTree(json);
  }

  private static JsonNode pkg(JsonNode doc, String name) {
    for (JsonNode p : doc.get("packages")) {
      if (p.get("name").asString().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no package " + name);
  }

  @Test
  void dpkgStatus_installedPackagesOnly_withSourceDependsAndArch() {
    List<InstalledPackage> pkgs = PackageDatabase.parseDpkgStatus(STATUS);

    assertThat(pkgs)
        .extracting(InstalledPackage::name)
        .containsExactly(
            "linux-headers-6.1.0-57-amd64", "linux-compiler-gcc-12-x86", "gcc-12", "libc6");
    InstalledPackage headers = pkgs.get(0);
    assertThat(headers.sourceName()).isEqualTo("linux-signed-amd64");
    assertThat(headers.sourceVersion()).isEqualTo("6.1.158+1");
    assertThat(headers.depends())
        .containsExactly(
            "linux-headers-6.1.0-57-common", "linux-kbuild-6.1", "linux-compiler-gcc-12-x86");
    assertThat(headers.isKernel()).isTrue();
    assertThat(pkgs.get(1).depends()).containsExactly("gcc-12");
    assertThat(pkgs.get(2).depends()).containsExactly("libc6", "libc6.1");
    assertThat(pkgs.get(2).isKernel()).isFalse();
  }

  @Test
  void debSbom_validSpdx23_purlsKernelMarkAndDependencyChain() {
    JsonNode doc =
        sbom(
            new PackageDatabase.Contents(
                "dpkg",
                PackageDatabase.parseDpkgStatus(STATUS),
                Map.of("ID", "debian", "VERSION_ID", "12")));

    assertThat(doc.get("spdxVersion").asString()).isEqualTo("SPDX-2.3");
    assertThat(doc.get("creationInfo").get("created").asString()).isEqualTo("2026-12-03T13:00:00Z");
    JsonNode headers = pkg(doc, "linux-headers-6.1.0-57-amd64");
    assertThat(headers.get("versionInfo").asString()).isEqualTo("6.1.158-1");
    assertThat(headers.get("primaryPackagePurpose").asString()).isEqualTo("OPERATING_SYSTEM");
    assertThat(headers.get("annotations").get(0).get("comment").asString())
        .isEqualTo(Spdx.KERNEL_ANNOTATION);
    assertThat(headers.get("sourceInfo").asString())
        .isEqualTo("built from source package linux-signed-amd64 6.1.158+1");
    assertThat(headers.get("externalRefs").get(0).get("referenceLocator").asString())
        .isEqualTo(
            "pkg:deb/debian/linux-headers-6.1.0-57-amd64@6.1.158-1?arch=amd64&distro=debian-12");
    assertThat(pkg(doc, "libc6").get("externalRefs").get(0).get("referenceLocator").asString())
        .isEqualTo("pkg:deb/debian/libc6@2.36-9%2Bdeb12u13?arch=amd64&distro=debian-12");
    assertThat(pkg(doc, "gcc-12").get("primaryPackagePurpose").asString()).isEqualTo("INSTALL");
    assertThat(pkg(doc, "gcc-12").has("annotations")).isFalse();
    // headers -> compiler -> gcc-12: the gcc the headers need is named through DEPENDS_ON
    String h = headers.get("SPDXID").asString();
    String compiler = pkg(doc, "linux-compiler-gcc-12-x86").get("SPDXID").asString();
    String gcc = pkg(doc, "gcc-12").get("SPDXID").asString();
    assertThat(doc.get("relationships").toString())
        .contains(
            "{\"spdxElementId\":\""
                + h
                + "\",\"relationshipType\":\"DEPENDS_ON\",\"relatedSpdxElement\":\""
                + compiler
                + "\"}")
        .contains(
            "{\"spdxElementId\":\""
                + compiler
                + "\",\"relationshipType\":\"DEPENDS_ON\",\"relatedSpdxElement\":\""
                + gcc
                + "\"}")
        .contains(
            "{\"spdxElementId\":\"SPDXRef-Image\",\"relationshipType\":\"CONTAINS\",\"relatedSpdxElement\":\""
                + gcc
                + "\"}");
    assertThat(doc.get("packages")).hasSize(5); // the image and four installed packages
  }

  @Test
  void rpmQuery_evrLicenseSourceRpm_andPurlWithEpoch() {
    String out =
        "kernel-devel\t(none)\t5.14.0\t498.el9\tx86_64\tGPLv2\tkernel-5.14.0-498.el9.src.rpm\n"
            + "make\t1\t4.3\t8.el9\tx86_64\tGPLv3+\tmake-4.3-8.el9.src.rpm\n"
            + "gpg-pubkey\t(none)\t8483c65d\t5ccc5b19\t(none)\tpubkey\t(none)\n";
    List<InstalledPackage> pkgs = PackageDatabase.parseRpmQuery(out);
    assertThat(pkgs).extracting(InstalledPackage::name).containsExactly("kernel-devel", "make");
    assertThat(pkgs.get(0).version()).isEqualTo("5.14.0-498.el9");
    assertThat(pkgs.get(0).sourceName()).isEqualTo("kernel");
    assertThat(pkgs.get(1).version()).isEqualTo("1:4.3-8.el9");

    JsonNode doc =
        sbom(new PackageDatabase.Contents("rpm", pkgs, Map.of("ID", "centos", "VERSION_ID", "9")));
    JsonNode make = pkg(doc, "make");
    assertThat(make.get("externalRefs").get(0).get("referenceLocator").asString())
        .isEqualTo("pkg:rpm/centos/make@4.3-8.el9?arch=x86_64&epoch=1&distro=centos-9");
    assertThat(make.get("licenseComments").asString()).contains("GPLv3+");
    assertThat(make.get("sourceInfo").asString()).isEqualTo("built from source rpm make 4.3-8.el9");
    assertThat(pkg(doc, "kernel-devel").get("primaryPackagePurpose").asString())
        .isEqualTo("OPERATING_SYSTEM");
  }

  @Test
  void imageWithoutDatabase_stillAValidDocumentThatSaysSo() {
    JsonNode doc = sbom(new PackageDatabase.Contents("none", List.of(), Map.of()));
    assertThat(doc.get("packages")).hasSize(1);
    assertThat(doc.get("creationInfo").get("comment").asString())
        .contains("neither /var/lib/dpkg/status nor /var/lib/rpm");
  }
}

package dtk.exec.supply;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An SPDX 2.3 JSON document for one per-platform image: the image as the described package ({@code
 * CONTAINER}), every installed package it {@code CONTAINS} with name, version, arch, source
 * package, the license the database records, and a purl ({@code pkg:deb/debian/...}, {@code
 * pkg:rpm/centos/...}); kernel packages get {@code primaryPackagePurpose: OPERATING_SYSTEM} and the
 * annotation {@value #KERNEL_ANNOTATION}; {@code DEPENDS_ON} relationships between installed
 * packages where the database records dependencies (dpkg).
 */
public final class Spdx {
  /** The media type of the attached artifact. */
  public static final String MEDIA_TYPE = "application/spdx+json";

  /** The comment of the annotation that marks kernel packages. */
  public static final String KERNEL_ANNOTATION = "dtk:kernel-package";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Spdx() {}

  /**
   * @param imageName the per-platform image reference the document is about
   * @param imageId the local image id (config digest) it was read from
   * @param arch the platform ({@code x86_64})
   * @param contents what the image's package database holds
   * @param created the document's creation time (the build's end)
   * @param tool {@code dtk-1.0}
   */
  public static byte[] document(
      String imageName,
      String imageId,
      String arch,
      PackageDatabase.Contents contents,
      Instant created,
      String tool) {
    String id = imageId.startsWith("sha256:") ? imageId : "sha256:" + imageId;
    Instant at = created.truncatedTo(ChronoUnit.SECONDS);
    ObjectNode doc = JSON.createObjectNode();
    doc.put("spdxVersion", "SPDX-2.3");
    doc.put("dataLicense", "CC0-1.0");
    doc.put("SPDXID", "SPDXRef-DOCUMENT");
    doc.put("name", imageName);
    doc.put(
        "documentNamespace",
        "https://dtk.invalid/spdx/"
            + UUID.nameUUIDFromBytes((imageName + "@" + id).getBytes(StandardCharsets.UTF_8)));
    ObjectNode ci = doc.putObject("creationInfo");
    ci.put("created", at.toString());
    ci.putArray("creators").add("Tool: " + tool);
    ci.put(
        "comment",
        "package database: "
            + contents.kind()
            + (contents.kind().equals("none")
                ? " (the image has neither "
                    + PackageDatabase.DPKG_STATUS
                    + " nor "
                    + PackageDatabase.RPM_DIR
                    + ")"
                : ""));
    doc.putArray("documentDescribes").add("SPDXRef-Image");

    ArrayNode packages = doc.putArray("packages");
    ObjectNode image = packages.addObject();
    image.put("SPDXID", "SPDXRef-Image");
    image.put("name", imageName);
    image.put("versionInfo", id);
    image.put("downloadLocation", "NOASSERTION");
    image.put("filesAnalyzed", false);
    image.put("licenseConcluded", "NOASSERTION");
    image.put("licenseDeclared", "NOASSERTION");
    image.put("copyrightText", "NOASSERTION");
    image.put("primaryPackagePurpose", "CONTAINER");
    image.put(
        "comment",
        "image id "
            + id
            + ", platform "
            + arch
            + "; the registry manifest is the subject of the attached artifact");

    ArrayNode rels = doc.putArray("relationships");
    ObjectNode describes = rels.addObject();
    describes.put("spdxElementId", "SPDXRef-DOCUMENT");
    describes.put("relationshipType", "DESCRIBES");
    describes.put("relatedSpdxElement", "SPDXRef-Image");

    String distro = distro(contents.osRelease());
    String namespace = namespace(contents);
    Map<String, String> idsByName = new HashMap<>();
    Set<String> used = new HashSet<>();
    List<InstalledPackage> pkgs = contents.packages();
    for (InstalledPackage p : pkgs) {
      String spdxId =
          uniqueId(
              "SPDXRef-Package-"
                  + p.type()
                  + "-"
                  + p.name()
                  + (p.arch() == null ? "" : "-" + p.arch()),
              used);
      idsByName.putIfAbsent(p.name(), spdxId);
      ObjectNode n = packages.addObject();
      n.put("SPDXID", spdxId);
      n.put("name", p.name());
      n.put("versionInfo", p.version());
      n.put("downloadLocation", "NOASSERTION");
      n.put("filesAnalyzed", false);
      n.put("licenseConcluded", "NOASSERTION");
      n.put("licenseDeclared", "NOASSERTION");
      if (p.license() != null) {
        // rpm's LICENSE field is free text (GPLv2+ is no SPDX identifier): recorded as it is, not
        // as an expression
        n.put("licenseComments", "license recorded by the package database: " + p.license());
      }
      n.put("copyrightText", "NOASSERTION");
      if (p.sourceName() != null) {
        n.put(
            "sourceInfo",
            "built from "
                + (p.type().equals("rpm") ? "source rpm " : "source package ")
                + p.sourceName()
                + " "
                + (p.sourceVersion() != null ? p.sourceVersion() : p.version()));
      }
      if (p.arch() != null) {
        n.put("comment", "arch " + p.arch());
      }
      if (p.isKernel()) {
        n.put("primaryPackagePurpose", "OPERATING_SYSTEM");
        ObjectNode a = n.putArray("annotations").addObject();
        a.put("annotationDate", at.toString());
        a.put("annotationType", "OTHER");
        a.put("annotator", "Tool: " + tool);
        a.put("comment", KERNEL_ANNOTATION);
      } else {
        n.put("primaryPackagePurpose", "INSTALL");
      }
      ObjectNode ref = n.putArray("externalRefs").addObject();
      ref.put("referenceCategory", "PACKAGE-MANAGER");
      ref.put("referenceType", "purl");
      ref.put("referenceLocator", purl(p, namespace, distro));

      ObjectNode contains = rels.addObject();
      contains.put("spdxElementId", "SPDXRef-Image");
      contains.put("relationshipType", "CONTAINS");
      contains.put("relatedSpdxElement", spdxId);
    }
    Set<String> seen = new HashSet<>();
    for (InstalledPackage p : pkgs) {
      String from = idsByName.get(p.name());
      for (String d : p.depends()) {
        String to = idsByName.get(d);
        if (to != null && !to.equals(from) && seen.add(from + ">" + to)) {
          ObjectNode r = rels.addObject();
          r.put("spdxElementId", from);
          r.put("relationshipType", "DEPENDS_ON");
          r.put("relatedSpdxElement", to);
        }
      }
    }
    return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code pkg:deb/debian/gcc-12@12.2.0-14?arch=amd64&distro=debian-12}, {@code
   * pkg:rpm/centos/make@4.3-8.el9?arch=x86_64&epoch=1&distro=centos-9}.
   */
  static String purl(InstalledPackage p, String namespace, String distro) {
    StringBuilder b =
        new StringBuilder("pkg:")
            .append(p.type())
            .append('/')
            .append(enc(namespace))
            .append('/')
            .append(enc(p.name()));
    String version = p.version();
    String epoch = null;
    if (p.type().equals("rpm") && version.contains(":")) {
      epoch = version.substring(0, version.indexOf(':'));
      version = version.substring(version.indexOf(':') + 1);
    }
    b.append('@').append(enc(version));
    String sep = "?";
    if (p.arch() != null) {
      b.append(sep).append("arch=").append(enc(p.arch()));
      sep = "&";
    }
    if (epoch != null) {
      b.append(sep).append("epoch=").append(enc(epoch));
      sep = "&";
    }
    if (distro != null) {
      b.append(sep).append("distro=").append(enc(distro));
    }
    return b.toString();
  }

  private static String namespace(PackageDatabase.Contents c) {
    String id = c.osRelease().get("ID");
    if (id == null || id.isBlank()) {
      return c.kind().equals("rpm") ? "redhat" : "debian";
    }
    return id.equals("rhel") ? "redhat" : id.toLowerCase(java.util.Locale.ROOT);
  }

  private static String distro(Map<String, String> os) {
    String id = os.get("ID");
    String v = os.get("VERSION_ID");
    return id == null || v == null ? null : id + "-" + v;
  }

  private static String uniqueId(String raw, Set<String> used) {
    String base = raw.replaceAll("[^A-Za-z0-9.-]", "-");
    String id = base;
    for (int i = 2; !used.add(id); i++) {
      id = base + "-" + i;
    }
    return id;
  }

  /** Percent-encodes all but unreserved characters (purl spec). */
  static String enc(String s) {
    StringBuilder b = new StringBuilder();
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      int u = c & 0xff;
      if (u >= 'a' && u <= 'z'
          || u >= 'A' && u <= 'Z'
          || u >= '0' && u <= '9'
          || u == '.'
          || u == '-'
          || u == '_'
          || u == '~') {
        b.append((char) u);
      } else {
        b.append('%').append(String.format("%02X", u));
      }
    }
    return b.toString();
  }
}

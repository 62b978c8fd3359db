package dtk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.registry.ImageInspector;
import dtk.exec.registry.ImageNotFoundException;
import dtk.exec.registry.Registries;
import dtk.exec.registry.RegistryOptions;
import dtk.exec.testing.FixtureImages;
import dtk.exec.testing.SpdxSchema;
import dtk.exec.testing.Tools;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Supply chain end to end with the real tools: {@code ./dtk apply} over a stub-dnf base whose rpm
 * database (made here with rpmbuild and rpm --justdb) holds three packages; GPG keys made in the
 * test (one without, one with a passphrase); signatures written where a {@code registries.d} in a
 * private HOME says; {@code skopeo copy --policy} and {@code dtk verify} accept what apply signed
 * and refuse an unsigned image and a tag moved to another digest; {@code dtk sbom}; a signing
 * failure fails the target and publishes no index; no passphrase or private key in anything dtk
 * wrote.
 */
class SupplyChainIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path LAUNCHER = REPO.resolve("dtk");
  private static final String PASSPHRASE = "dtk-test-passphrase-" + ProcessHandle.current().pid();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static FixtureImages fixtures;
  private static ImageRef rpmdbBase;

  @TempDir static Path home;

  record Run(int exitCode, String out, String err) {}

  @BeforeAll
  static void setUp() throws Exception {
    Tools.require("podman", "docker-registry", "skopeo", "gpg", "rpm", "rpmbuild", "git");
    fixtures = FixtureImages.shared();
    rpmdbBase = fixtures.registry().ref("fixtures/centos-stubs-rpmdb:stream9");
    Path work = Files.createDirectories(home.resolve("rpmdb-base"));
    Path db = Files.createDirectories(work.resolve("rpm"));
    Path top = work.resolve("rpmbuild");
    List<String> rpms = new ArrayList<>();
    for (String[] p :
        List.of(
            new String[] {"kernel-devel", "0", "5.14.0", "498.el9", "GPLv2"},
            new String[] {"gcc", "0", "11.4.1", "3.el9", "GPLv3+ and GPLv3+ with exceptions"},
            new String[] {"make", "1", "4.3", "8.el9", "GPLv3+"})) {
      Path spec = work.resolve(p[0] + ".spec");
      Files.writeString(
          spec,
          String.join(
              "\n",
              "Name: " + p[0],
              "Version: " + p[2],
              "Release: " + p[3],
              p[1].equals("0") ? "" : "Epoch: " + p[1],
              "Summary: dtk test fixture",
              "License: " + p[4],
              "BuildArch: x86_64",
              "%description",
              "A fixture package.",
              "%files",
              ""));
      FixtureImages.run(
          "rpmbuild " + p[0],
          "rpmbuild",
          "--quiet",
          "--define",
          "_topdir " + top,
          "--target",
          "x86_64",
          "-bb",
          spec.toString());
      rpms.add(
          top.resolve("RPMS/x86_64/" + p[0] + "-" + p[2] + "-" + p[3] + ".x86_64.rpm").toString());
    }
    FixtureImages.run("rpm initdb", "rpm", "--dbpath", db.toString(), "--initdb");
    List<String> install =
        new ArrayList<>(
            List.of(
                "rpm",
                "--dbpath",
                db.toString(),
                "-i",
                "--justdb",
                "--nodeps",
                "--ignorearch",
                "--ignoreos"));
    install.addAll(rpms);
    FixtureImages.run("rpm --justdb", install.toArray(String[]::new));
    Files.writeString(
        work.resolve("Containerfile"),
        "FROM " + fixtures.localRpmBase("amd64") + "\nCOPY rpm /var/lib/rpm/\n");
    String local =
        "localhost/dtk-fixture-" + fixtures.registry().port() + "/centos-stubs-rpmdb:stream9";
    FixtureImages.run(
        "build rpmdb base",
        "podman",
        "build",
        "--isolation=chroot",
        "--pull=never",
        "-q",
        "-t",
        local,
        work.toString());
    FixtureImages.run(
        "push rpmdb base", "podman", "push", "--tls-verify=false", local, "docker://" + rpmdbBase);

    // gpg: a private home, two keys; registries.d: signatures to a private lookaside directory
    Path gnupg = Files.createDirectories(home.resolve("gnupg"));
    Files.setPosixFilePermissions(
        gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Files.writeString(home.resolve("passphrase"), PASSPHRASE + "\n");
    gpg("--batch", "--gen-key", write("open.keyparams", keyParams("open", null)).toString());
    gpg(
        "--batch",
        "--pinentry-mode",
        "loopback",
        "--passphrase",
        PASSPHRASE,
        "--gen-key",
        write("locked.keyparams", keyParams("locked", PASSPHRASE)).toString());
    Files.writeString(
        home.resolve("open.pub"), gpg("--armor", "--export", "open@dtk.invalid").out());
    Files.writeString(
        home.resolve("locked.pub"), gpg("--armor", "--export", "locked@dtk.invalid").out());
    Path registriesD = Files.createDirectories(home.resolve(".config/containers/registries.d"));
    Files.writeString(
        registriesD.resolve("dtk-test.yaml"),
        String.join(
            "\n",
            "default-docker:",
            "  lookaside-staging: file://" + home.resolve("signatures"),
            "  lookaside: file://" + home.resolve("signatures"),
            ""));
  }

  private static String keyParams(String name, String passphrase) {
    return String.join(
        "\n",
        "Key-Type: RSA",
        "Key-Length: 2048",
        passphrase == null ? "%no-protection" : "Passphrase: " + passphrase,
        "Name-Real: dtk " + name,
        "Name-Email: " + name + "@dtk.invalid",
        "Expire-Date: 0",
        "%commit",
        "");
  }

  private static Path write(String name, String text) throws IOException {
    return Files.writeString(home.resolve(name), text);
  }

  private static Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOME", home.toString());
    env.put("GNUPGHOME", home.resolve("gnupg").toString());
    return env;
  }

  private static Run gpg(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("gpg"));
    cmd.addAll(List.of(args));
    Run r = run(cmd);
    assertThat(r.exitCode()).as("gpg " + String.join(" ", args) + "\n" + r.err()).isZero();
    return r;
  }

  private static Run run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("dtk-out", ".txt");
    Path err = Files.createTempFile("dtk-err", ".txt");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(home.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment().putAll(env());
      Process p = pb.start();
      if (!p.waitFor(600, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + String.join(" ", command));
      }
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static Run dtk(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
    cmd.addAll(List.of(args));
    return run(cmd);
  }

  private static Run apply(Path dir, String... more) throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "apply",
                "--tls-verify=false",
                "--engine-arg=--isolation=chroot",
                "--state-dir",
                dir.resolve("state").toString(),
                "--log-dir",
                dir.resolve("logs").toString(),
                "--report",
                dir.resolve("report.json").toString()));
    args.addAll(List.of(more));
    return dtk(args.toArray(String[]::new));
  }

  private static Run skopeoCopy(Path policy, String image)
      throws IOException, InterruptedException {
    Path dest = Files.createTempDirectory(home, "copy-");
    return run(
        List.of(
            "skopeo",
            "--policy",
            policy.toString(),
            "copy",
            "--src-tls-verify=false",
            "docker://" + image,
            "dir:" + dest.resolve("image")));
  }

  private static Path policy(String repository, String pubKey) throws IOException {
    return Files.writeString(
        home.resolve("policy-" + pubKey + ".json"), policyText(repository, pubKey));
  }

  private static String policyText(String repository, String pubKey) {
    return "{\"default\":[{\"type\":\"reject\"}],\"transports\":{"
        + "\"docker\":{\""
        + repository
        + "\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\""
        + home.resolve(pubKey)
        + "\"}]}}}";
  }

  /** A spec in its own git checkout (committed, clean), so provenance has a commit. */
  private static Path specs(Path dir, String name, String org)
      throws IOException, InterruptedException {
    return specs(dir, name, org, "verify: { enabled: false }", Map.of());
  }

  /**
   * As {@link #specs(Path, String, String)} with this {@code verify:} line and more files in the
   * spec folder.
   */
  private static Path specs(
      Path dir, String name, String org, String verify, Map<String, String> files)
      throws IOException, InterruptedException {
    Path specs = Files.createDirectories(dir.resolve("specs"));
    for (Map.Entry<String, String> f : files.entrySet()) {
      Files.writeString(specs.resolve(f.getKey()), f.getValue());
    }
    Files.writeString(
        specs.resolve(name + ".yaml"),
        String.join(
            "\n",
            "apiVersion: dtk/v1",
            "kind: DriverToolkit",
            "metadata: { name: " + name + " }",
            "baseImage: " + rpmdbBase,
            "packageManager: dnf",
            "platforms: [x86_64]",
            "kernel:",
            "  source: { image: " + fixtures.bootc() + ", label: ostree.linux }",
            "  packages: [\"kernel-devel-${kernel.version}\"]",
            "packages: [make]",
            "image: { registry: \""
                + fixtures.registry().host()
                + "\", organization: "
                + org
                + ", name: "
                + name
                + ", tag: \"${kernel.version}\" }",
            verify,
            ""));
    for (List<String> git :
        List.of(
            List.of("init", "-q"),
            List.of("add", "."),
            List.of(
                "-c", "user.email=t@dtk.invalid", "-c", "user.name=t", "commit", "-qm", "spec"))) {
      List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
      cmd.addAll(git);
      assertThat(run(cmd).exitCode()).isZero();
    }
    return specs;
  }

  private static JsonNode pkg(JsonNode sbom, String name) {
    for (JsonNode p : sbom.get("packages")) {
      if (p.get("name").asString().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no package " + name + " in the SBOM");
  }

  @Test
  void applySigns_attachesSbomAndProvenance_andPolicyAcceptsOnlyWhatWasSigned() throws Exception {
    Path dir = Files.createDirectories(home.resolve("signed"));
    String org = "supply-" + ProcessHandle.current().pid();
    Path specs = specs(dir, "tk", org);
    String commit = run(List.of("git", "-C", dir.toString(), "rev-parse", "HEAD")).out().strip();

    Run plan = dtk("plan", "--tls-verify=false", "--format", "json", specs.toString());
    assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
    String from = JSON.readTree(plan.out()).get("targets").get(0).get("from").asString();
    assertThat(from).startsWith(rpmdbBase + "@sha256:");

    Path sbomDir = dir.resolve("sbom");
    long start = System.nanoTime();
    Run applied =
        apply(
            dir,
            "--sbom-dir",
            sbomDir.toString(),
            "--sign-by",
            "open@dtk.invalid",
            specs.toString());
    long applyMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
    JsonNode report = JSON.readTree(Files.readString(dir.resolve("report.json")));
    String image = report.get("targets").get(0).get("image").asString();
    String digest = report.get("targets").get(0).get("digest").asString();
    String index = report.get("indexes").get(0).get("index").asString();
    String target = report.get("targets").get(0).get("id").asString();

    // (1) SBOM: what the stub database holds, valid SPDX 2.3, kernel marked
    Path sbomFile = sbomDir.resolve(dtk.exec.build.StateStore.safeName(target) + ".spdx.json");
    if (!Files.exists(sbomFile)) {
      try (Stream<Path> s = Files.list(sbomDir)) {
        sbomFile = s.filter(p -> p.toString().endsWith(".spdx.json")).findFirst().orElseThrow();
      }
    }
    byte[] sbomBytes = Files.readAllBytes(sbomFile);
    assertThat(SpdxSchema.errors(sbomBytes)).isEmpty();
    JsonNode sbom = JSON.readTree(sbomBytes);
    assertThat(sbom.get("packages")).hasSize(4);
    JsonNode kernel = pkg(sbom, "kernel-devel");
    assertThat(kernel.get("versionInfo").asString()).isEqualTo("5.14.0-498.el9");
    assertThat(kernel.get("primaryPackagePurpose").asString()).isEqualTo("OPERATING_SYSTEM");
    assertThat(kernel.get("externalRefs").get(0).get("referenceLocator").asString())
        .isEqualTo("pkg:rpm/centos/kernel-devel@5.14.0-498.el9?arch=x86_64&distro=centos-9");
    assertThat(pkg(sbom, "make").get("versionInfo").asString()).isEqualTo("1:4.3-8.el9");
    assertThat(pkg(sbom, "gcc").get("licenseComments").asString())
        .contains("GPLv3+ and GPLv3+ with exceptions");
    assertThat(pkg(sbom, "gcc").get("sourceInfo").asString())
        .isEqualTo("built from source rpm gcc 11.4.1-3.el9");

    // dtk sbom prints exactly what was attached
    Run printed = dtk("sbom", "--tls-verify=false", image);
    assertThat(printed.exitCode()).as(printed.err()).isZero();
    assertThat(printed.out()).isEqualTo(new String(sbomBytes, StandardCharsets.UTF_8));
    Run printedFromIndex = dtk("sbom", "--tls-verify=false", "--platform", "x86_64", index);
    assertThat(printedFromIndex.out()).isEqualTo(printed.out());

    // (2) provenance: subject = pushed digest, the base digest plan printed, the commit, clean
    // checkout
    Run prov = dtk("sbom", "--tls-verify=false", "--provenance", image);
    assertThat(prov.exitCode()).as(prov.err()).isZero();
    JsonNode st = JSON.readTree(prov.out());
    assertThat(st.get("predicateType").asString()).isEqualTo("https://slsa.dev/provenance/v1");
    assertThat("sha256:" + st.at("/subject/0/digest/sha256").asString()).isEqualTo(digest);
    String deps = st.at("/predicate/buildDefinition/resolvedDependencies").toString();
    assertThat(deps)
        .contains("\"uri\":\"oci://" + from + "\"")
        .contains("\"gitCommit\":\"" + commit + "\"")
        .contains("\"dirty\":false")
        .contains("\"name\":\"spec\"")
        .contains("tk.yaml");
    assertThat(deps).contains("\"origin\":\"");
    assertThat(st.at("/predicate/runDetails/builder/version/engine").asString())
        .startsWith("podman ");
    assertThat(
            Files.readString(
                sbomFile.resolveSibling(
                    sbomFile.getFileName().toString().replace(".spdx.json", ".provenance.json"))))
        .isEqualTo(prov.out());

    // (3) signatures: the policy accepts the signed image and index, and rejects an unsigned image
    Path policy = policy(fixtures.registry().host() + "/" + org, "open.pub");
    Run accepted = skopeoCopy(policy, image);
    assertThat(accepted.exitCode()).as(accepted.err()).isZero();
    assertThat(skopeoCopy(policy, index).exitCode()).as("index is signed").isZero();
    Run verified = dtk("verify", "--tls-verify=false", "--policy", policy.toString(), image);
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out())
        .containsPattern("signature +ok")
        .containsPattern("sbom +ok  image " + digest)
        .containsPattern("provenance +ok  image " + digest);
    Run verifiedIndex = dtk("verify", "--tls-verify=false", "--policy", policy.toString(), index);
    assertThat(verifiedIndex.exitCode()).as(verifiedIndex.out() + verifiedIndex.err()).isZero();
    // the attached artifacts are signed too, and dtk verify checks their own signatures
    assertThat(verified.out())
        .containsPattern(
            "sbom +ok  image " + digest + ": sha256:[0-9a-f]{64} \\(signature accepted\\)")
        .containsPattern(
            "provenance +ok  image " + digest + ": sha256:[0-9a-f]{64} \\(signature accepted\\)");

    String unsigned = fixtures.registry().host() + "/" + org + "/unsigned:1";
    FixtureImages.run(
        "push unsigned",
        "skopeo",
        "copy",
        "--dest-tls-verify=false",
        "--src-tls-verify=false",
        "docker://" + fixtures.busybox(),
        "docker://" + unsigned);
    Run rejected = skopeoCopy(policy, unsigned);
    assertThat(rejected.exitCode()).isNotZero();
    assertThat(rejected.err()).contains("A signature was required, but no signature exists");
    Run notVerified = dtk("verify", "--tls-verify=false", "--policy", policy.toString(), unsigned);
    assertThat(notVerified.exitCode()).isEqualTo(4);
    assertThat(notVerified.out())
        .containsPattern("signature +FAILED")
        .containsPattern("sbom +FAILED  image sha256:\\S+: none attached");
    assertThat(notVerified.err()).contains("failed verification");

    // a key the policy does not trust: rejected too
    Path otherPolicy = policy(fixtures.registry().host() + "/" + org, "locked.pub");
    assertThat(skopeoCopy(otherPolicy, image).exitCode()).isNotZero();

    // the signed tag moved to another digest (with the old signature copied next to it): rejected
    String moved = image.substring(0, image.lastIndexOf(':')) + ":moved";
    FixtureImages.run(
        "tag signed",
        "skopeo",
        "copy",
        "--src-tls-verify=false",
        "--dest-tls-verify=false",
        "docker://" + unsigned,
        "docker://" + moved);
    String movedDigest =
        Registries.inspector(new RegistryOptions(false, null))
            .inspect(ImageRef.parse(moved))
            .digest()
            .toString();
    Path sigs = home.resolve("signatures").resolve(org + "/tk@" + digest.replace(':', '='));
    Path movedSigs =
        Files.createDirectories(
            home.resolve("signatures").resolve(org + "/tk@" + movedDigest.replace(':', '=')));
    Files.copy(sigs.resolve("signature-1"), movedSigs.resolve("signature-1"));
    Run movedRun = skopeoCopy(policy, moved);
    assertThat(movedRun.exitCode()).isNotZero();
    assertThat(movedRun.err()).containsIgnoringCase("digest");

    // (4) a key with a passphrase, read from a file by podman
    Path dir2 = Files.createDirectories(home.resolve("locked"));
    Path specs2 = specs(dir2, "tklocked", org);
    Run locked =
        apply(
            dir2,
            "--sign-by",
            "locked@dtk.invalid",
            "--sign-passphrase-file",
            home.resolve("passphrase").toString(),
            specs2.toString());
    assertThat(locked.exitCode()).as(locked.out() + locked.err()).isZero();
    String lockedImage =
        JSON.readTree(Files.readString(dir2.resolve("report.json")))
            .get("targets")
            .get(0)
            .get("image")
            .asString();
    assertThat(skopeoCopy(otherPolicy, lockedImage).exitCode()).isZero();

    // an artifact whose signature is gone: dtk verify refuses it (the image itself is still
    // accepted)
    java.util.regex.Matcher sbomLine =
        java.util.regex.Pattern.compile("sbom +ok  image \\S+: (sha256:[0-9a-f]{64})")
            .matcher(verified.out());
    assertThat(sbomLine.find()).as(verified.out()).isTrue();
    Path sbomSigs =
        home.resolve("signatures").resolve(org + "/tk@" + sbomLine.group(1).replace(':', '='));
    assertThat(sbomSigs.resolve("signature-1")).exists();
    Files.move(sbomSigs.resolve("signature-1"), home.resolve("sbom-signature-1"));
    Run artifactUnsigned =
        dtk("verify", "--tls-verify=false", "--policy", policy.toString(), image);
    Files.move(home.resolve("sbom-signature-1"), sbomSigs.resolve("signature-1"));
    assertThat(artifactUnsigned.exitCode())
        .as(artifactUnsigned.out() + artifactUnsigned.err())
        .isEqualTo(4);
    assertThat(artifactUnsigned.out())
        .containsPattern("signature +ok")
        .containsPattern(
            "sbom +FAILED  image "
                + digest
                + ": "
                + sbomLine.group(1)
                + ": its signature is refused: .*signature")
        .containsPattern("provenance +ok");

    // nothing secret anywhere dtk wrote or printed
    String secretKey =
        gpg(
                "--batch",
                "--pinentry-mode",
                "loopback",
                "--passphrase",
                PASSPHRASE,
                "--armor",
                "--export-secret-keys",
                "locked@dtk.invalid")
            .out();
    String keyBody =
        secretKey.lines().filter(l -> l.length() > 60).skip(2).findFirst().orElseThrow();
    List<String> outputs =
        new ArrayList<>(
            List.of(
                applied.out(),
                applied.err(),
                locked.out(),
                locked.err(),
                prov.out(),
                printed.out()));
    for (Path d : List.of(dir, dir2)) {
      try (Stream<Path> files = Files.walk(d)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          outputs.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
      }
    }
    for (String o : outputs) {
      assertThat(o)
          .doesNotContain(PASSPHRASE)
          .doesNotContain(keyBody)
          .doesNotContain("PRIVATE KEY");
    }
    System.out.println(
        "supply chain: signed apply of one stub target took "
            + applyMillis
            + " ms; log: "
            + Files.readString(
                    dir.resolve("logs")
                        .resolve(dtk.exec.build.StateStore.safeName(target) + ".log"))
                .lines()
                .filter(l -> l.contains("sbom:") || l.contains("attached"))
                .toList());
  }

  /**
   * {@code verify.signature}: the pushed image is checked by digest before its platform tag is
   * written. Accepted: tagged, indexed, up to date next time. Refused: the target fails (exit 4),
   * no tag and no index, and the next plan builds it again. {@code --verify-policy} replaces the
   * spec's.
   */
  @Test
  void verifySignature_tagsOnlyWhatThePolicyAccepts() throws Exception {
    String org = "supply-check-" + ProcessHandle.current().pid();
    String repo = fixtures.registry().host() + "/" + org;
    String verify = "verify: { enabled: true, canary: false, signature: { policy: policy.json } }";
    ImageInspector registry = Registries.inspector(new RegistryOptions(false, null));

    // accepted: signed with the key the spec's policy trusts
    Path ok = Files.createDirectories(home.resolve("checked-ok"));
    Path okSpecs =
        specs(ok, "tkok", org, verify, Map.of("policy.json", policyText(repo, "open.pub")));
    Run accepted = apply(ok, "--sign-by", "open@dtk.invalid", okSpecs.toString());
    assertThat(accepted.exitCode()).as(accepted.out() + accepted.err()).isZero();
    JsonNode okReport = JSON.readTree(Files.readString(ok.resolve("report.json")));
    String okImage = okReport.get("targets").get(0).get("image").asString();
    String okDigest = okReport.get("targets").get(0).get("digest").asString();
    assertThat(okReport.get("targets").get(0).get("result").asString()).isEqualTo("pushed");
    assertThat(okReport.get("indexes").get(0).get("result").asString()).isEqualTo("pushed");
    assertThat(registry.inspect(ImageRef.parse(okImage)).digest().toString()).isEqualTo(okDigest);
    String okLog =
        Files.readString(
            ok.resolve("logs")
                .resolve(
                    dtk.exec.build.StateStore.safeName(
                            okReport.get("targets").get(0).get("id").asString())
                        + ".log"));
    assertThat(okLog)
        .contains(":dtk-pending-")
        .containsPattern(
            "verify signature +ok  " + java.util.regex.Pattern.quote(repo + "/tkok@" + okDigest))
        .contains("verify signature: accepted by ")
        .contains("tagged " + okImage + "@" + okDigest);
    // what was signed by digest is what a pull by tag accepts (the signature names the final tag)
    assertThat(skopeoCopy(policy(repo, "open.pub"), okImage).exitCode()).isZero();
    // the index too: pushed to a pending tag, signed by digest, checked, then tagged
    String okIndex = okReport.get("indexes").get(0).get("index").asString();
    String okIndexDigest = okReport.get("indexes").get(0).get("digest").asString();
    String indexLog =
        Files.readString(
            ok.resolve("logs")
                .resolve("index." + dtk.exec.build.StateStore.safeName(okIndex) + ".log"));
    assertThat(indexLog)
        .contains(":dtk-pending-")
        .contains("verify signature: accepted by ")
        .contains("tagged " + okIndex + "@" + okIndexDigest);
    assertThat(registry.inspect(ImageRef.parse(okIndex)).digest().toString())
        .isEqualTo(okIndexDigest);
    assertThat(skopeoCopy(policy(repo, "open.pub"), okIndex).exitCode())
        .as("the index is signed as its tag")
        .isZero();
    Run okPlan = dtk("plan", "--tls-verify=false", "--format", "json", okSpecs.toString());
    assertThat(okPlan.exitCode()).as(okPlan.out() + okPlan.err()).isZero();
    assertThat(JSON.readTree(okPlan.out()).get("targets").get(0).get("status").asString())
        .isEqualTo("up-to-date");
    assertThat(JSON.readTree(okPlan.out()).get("indexes").get(0).get("status").asString())
        .isEqualTo("up-to-date");

    // refused: signed (key with a passphrase) by a key the spec's policy does not trust
    Path no = Files.createDirectories(home.resolve("checked-no"));
    Path noSpecs =
        specs(no, "tkno", org, verify, Map.of("policy.json", policyText(repo, "open.pub")));
    Run refused =
        apply(
            no,
            "--sign-by",
            "locked@dtk.invalid",
            "--sign-passphrase-file",
            home.resolve("passphrase").toString(),
            noSpecs.toString());
    assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(4);
    assertThat(refused.out())
        .contains("which is not among the policy's keys")
        .containsPattern(
            "tkno/x86_64/\\S+ failed: signature: signature .*refused by \\S+policy.json: "
                + "\\S+ not written \\(the image is only under dtk-pending-[0-9a-f]{16}\\), no index");
    JsonNode noReport = JSON.readTree(Files.readString(no.resolve("report.json")));
    String noImage = noReport.get("targets").get(0).get("image").asString();
    String noIndex = noReport.get("indexes").get(0).get("index").asString();
    assertThat(noReport.get("indexes").get(0).get("result").asString()).isNotEqualTo("pushed");
    assertThatThrownBy(() -> registry.inspect(ImageRef.parse(noImage)))
        .isInstanceOf(ImageNotFoundException.class);
    assertThatThrownBy(() -> registry.inspect(ImageRef.parse(noIndex)))
        .isInstanceOf(ImageNotFoundException.class);
    Run noPlan = dtk("plan", "--tls-verify=false", "--format", "json", noSpecs.toString());
    assertThat(noPlan.exitCode()).as(noPlan.out() + noPlan.err()).isZero();
    JsonNode planned = JSON.readTree(noPlan.out()).get("targets").get(0);
    assertThat(planned.get("status").asString()).as(noPlan.out()).isEqualTo("missing");
    assertThat(planned.get("action").asString()).isEqualTo("build");

    // --verify-policy replaces the spec's: the same target, checked against a policy trusting that
    // key
    Path lockedPolicy = policy(repo, "locked.pub");
    Run overridden =
        apply(
            no,
            "--sign-by",
            "locked@dtk.invalid",
            "--sign-passphrase-file",
            home.resolve("passphrase").toString(),
            "--verify-policy",
            lockedPolicy.toString(),
            noSpecs.toString());
    assertThat(overridden.exitCode()).as(overridden.out() + overridden.err()).isZero();
    ImageInspector fresh =
        Registries.inspector(
            new RegistryOptions(false, null)); // the first one remembers "not found"
    assertThat(fresh.inspect(ImageRef.parse(noImage)).digest().toString())
        .isEqualTo(
            JSON.readTree(Files.readString(no.resolve("report.json")))
                .get("targets")
                .get(0)
                .get("digest")
                .asString());
    assertThat(fresh.inspect(ImageRef.parse(noIndex)).digest().isSha256()).isTrue();
    Run missingPolicy =
        dtk(
            "apply",
            "--dry-run",
            "--verify-policy",
            home.resolve("nothing.json").toString(),
            noSpecs.toString());
    assertThat(missingPolicy.exitCode()).isEqualTo(2);
    assertThat(missingPolicy.err())
        .contains("--verify-policy " + home.resolve("nothing.json") + " not found");

    List<String> outputs =
        new ArrayList<>(
            List.of(
                accepted.out(),
                accepted.err(),
                refused.out(),
                refused.err(),
                overridden.out(),
                overridden.err(),
                okPlan.out(),
                noPlan.out()));
    for (Path d : List.of(ok, no)) {
      try (Stream<Path> files = Files.walk(d)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          outputs.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
      }
    }
    for (String o : outputs) {
      assertThat(o).doesNotContain(PASSPHRASE).doesNotContain("PRIVATE KEY");
    }
    System.out.println(
        "supply chain: verify.signature refused: "
            + refused.out().lines().filter(l -> l.contains("failed:")).toList());
  }

  @Test
  void signingFailure_failsTheTarget_andPublishesNoIndex() throws Exception {
    Path dir = Files.createDirectories(home.resolve("failing"));
    String org = "supply-fail-" + ProcessHandle.current().pid();
    Path specs = specs(dir, "tkfail", org);
    Run r = apply(dir, "--sign-by", "nobody@dtk.invalid", specs.toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(4);
    assertThat(r.out())
        .containsPattern(
            "tkfail/x86_64/\\S+ failed: push: cannot sign with GPG key nobody@dtk.invalid: "
                + "creating signature: key \"nobody@dtk.invalid\" not found \\(checked before pushing anything\\)");
    JsonNode report = JSON.readTree(Files.readString(dir.resolve("report.json")));
    String index = report.get("indexes").get(0).get("index").asString();
    String image = report.get("targets").get(0).get("image").asString();
    assertThat(report.get("indexes").get(0).get("result").asString()).isNotEqualTo("pushed");
    ImageInspector registry = Registries.inspector(new RegistryOptions(false, null));
    assertThatThrownBy(() -> registry.inspect(ImageRef.parse(index)))
        .isInstanceOf(ImageNotFoundException.class);
    // nothing unsigned was left under the tag (the next plan would call it up to date)
    assertThatThrownBy(() -> registry.inspect(ImageRef.parse(image)))
        .isInstanceOf(ImageNotFoundException.class);

    // sigstore: podman 4.3 takes the flag, but Debian's build refuses to sign ("sigstore
    // disabled"); said before any push
    Path key =
        Files.writeString(
            dir.resolve("sigstore.key"), "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
    Run sigstore =
        apply(
            dir,
            "--sign-by-sigstore-private-key",
            key.toString(),
            "--sign-passphrase-file",
            home.resolve("passphrase").toString(),
            specs.toString());
    assertThat(sigstore.exitCode()).as(sigstore.out() + sigstore.err()).isEqualTo(4);
    assertThat(sigstore.out())
        .containsPattern("tkfail/x86_64/\\S+ failed: push: cannot sign with sigstore key ");
    assertThat(sigstore.out() + sigstore.err()).doesNotContain(PASSPHRASE);
    assertThatThrownBy(() -> registry.inspect(ImageRef.parse(image)))
        .isInstanceOf(ImageNotFoundException.class);
    System.out.println(
        "supply chain: sigstore signing here: "
            + sigstore.out().lines().filter(l -> l.contains("cannot sign")).toList());

    Run docker =
        dtk(
            "apply",
            "--engine",
            "docker",
            "--sign-by",
            "open@dtk.invalid",
            "--dry-run",
            specs.toString());
    assertThat(docker.exitCode()).isEqualTo(2);
    assertThat(docker.err()).contains("docker cannot sign the images it pushes");
  }
}

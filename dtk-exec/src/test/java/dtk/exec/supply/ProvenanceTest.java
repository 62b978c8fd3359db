package dtk.exec.supply;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.spec.Digest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProvenanceTest {
  @Test
  void statement_namesSubjectBaseKernelCommitEngineAndTimes() {
    Digest digest = Digest.sha256Hex("b".repeat(64));
    byte[] st =
        Provenance.statement(
            new Provenance.Inputs(
                "127.0.0.1:5000/org/dtk",
                digest,
                "debian/x86_64/6.1.0-57-amd64",
                "x86_64",
                "6.1.0-57-amd64",
                List.of(
                    new Provenance.FileDigest(
                        "spec", "specs/debian.yaml", Digest.sha256Hex("c".repeat(64))),
                    new Provenance.FileDigest(
                        "repositoryFile", "specs/extra.repo", Digest.sha256Hex("d".repeat(64)))),
                "127.0.0.1:5000/debian:bookworm",
                Digest.sha256Hex("e".repeat(64)),
                "repository http://deb.debian.org/debian/dists/bookworm/main/binary-amd64/Packages.xz",
                "0123abc",
                true,
                "podman 4.3.1",
                List.of("--isolation=chroot"),
                Digest.sha256Hex("f".repeat(64)),
                "dtk-test",
                Instant.parse("2026-12-03T13:00:00Z"),
                Instant.parse("2026-12-03T13:05:00.9Z")));
    JsonNode n = JsonMapper.builder().build().readTree(st);

    assertThat(n.get("_type").asString()).isEqualTo("https://in-toto.io/Statement/v1");
    assertThat(n.get("predicateType").asString()).isEqualTo("https://slsa.dev/provenance/v1");
    assertThat(Provenance.subjectDigest(st)).isEqualTo(digest.toString());
    JsonNode deps = n.at("/predicate/buildDefinition/resolvedDependencies");
    assertThat(deps.toString())
        .contains(
            "\"uri\":\"file:specs/debian.yaml\",\"digest\":{\"sha256\":\"" + "c".repeat(64) + "\"}")
        .contains("\"name\":\"repositoryFile\"")
        .contains("\"uri\":\"oci://127.0.0.1:5000/debian:bookworm@sha256:" + "e".repeat(64) + "\"")
        .contains(
            "\"origin\":\"repository http://deb.debian.org/debian/dists/bookworm/main/binary-amd64/Packages.xz\"")
        .contains("\"gitCommit\":\"0123abc\"")
        .contains("\"dirty\":true");
    assertThat(n.at("/predicate/runDetails/builder/version/engine").asString())
        .isEqualTo("podman 4.3.1");
    assertThat(n.at("/predicate/runDetails/metadata/startedOn").asString())
        .isEqualTo("2026-12-03T13:00:00Z");
    assertThat(n.at("/predicate/runDetails/metadata/finishedOn").asString())
        .isEqualTo("2026-12-03T13:05:00Z");
    assertThat(n.at("/predicate/buildDefinition/externalParameters/spec").asString())
        .isEqualTo("specs/debian.yaml");
  }
}

package dtk.exec.supply;

import dtk.exec.ExecException;
import dtk.exec.engine.Signing;
import dtk.exec.process.Invocation;
import dtk.exec.process.ProcessResult;
import dtk.exec.process.ProcessRunner;
import dtk.render.FileTrees;
import dtk.spec.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Signs a tiny throwaway image into a local {@code dir:} before anything is pushed.
 * containers/image (podman, buildah, skopeo) uploads the manifest first and signs after, so a key
 * that is missing, locked or unsupported would otherwise leave an unsigned image under the tag,
 * which the next plan calls up to date. The same library and flags as the push ({@code skopeo copy
 * --sign-by}, {@code --sign-by-sigstore-private-key}, {@code --sign-passphrase-file}), so what
 * fails here fails there; Debian's podman and skopeo, for one, refuse sigstore signing
 * ("Debian-local change: sigstore disabled").
 */
public final class SigningCheck {
  static final String IDENTITY = "localhost/dtk-signing-check:latest";

  private SigningCheck() {}

  /** Throws an {@link ExecException} with the signer's reason when {@code signing} cannot sign. */
  public static void check(ProcessRunner runner, Signing signing) throws InterruptedException {
    if (signing == null || !signing.enabled()) {
      return;
    }
    Path dir = null;
    try {
      dir =
          Files.createTempDirectory(
              "dtk-sign-check-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path layout = Files.createDirectories(dir.resolve("layout"));
      Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
      Attestations.Artifact probe =
          new Attestations.Artifact(
              "application/vnd.dtk.signing-check.v1+json",
              "check.json",
              "{}".getBytes(StandardCharsets.UTF_8));
      byte[] manifest = Attestations.unboundManifest(probe);
      Digest md = Digest.sha256(manifest);
      Files.write(
          blobs.resolve(Attestations.EMPTY_DIGEST.encoded()),
          "{}".getBytes(StandardCharsets.UTF_8));
      Files.write(blobs.resolve(md.encoded()), manifest);
      Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
      Files.writeString(
          layout.resolve("index.json"),
          "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
              + Attestations.OCI_MANIFEST
              + "\",\"digest\":\""
              + md
              + "\",\"size\":"
              + manifest.length
              + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"check\"}}]}");
      List<String> argv = new ArrayList<>(List.of("skopeo", "copy", "--quiet"));
      argv.addAll(signing.flags());
      argv.add("--sign-identity");
      argv.add(IDENTITY);
      argv.add("oci:" + layout.toAbsolutePath() + ":check");
      argv.add("dir:" + dir.resolve("signed").toAbsolutePath());
      ProcessResult r;
      try {
        r = runner.run(Invocation.of(argv).withTimeout(Duration.ofMinutes(2)));
      } catch (IOException e) {
        throw new ExecException(
            "cannot check the signing key: skopeo did not start: " + e.getMessage(),
            "install skopeo (it also attaches SBOM and provenance)",
            e);
      }
      if (!r.ok()) {
        String reason = reason(r.stderr());
        throw new ExecException(
            "cannot sign with " + signing + ": " + reason + " (checked before pushing anything)",
            reason.contains("sigstore disabled")
                ? "this build of the container tools has sigstore signing disabled (Debian's podman 4.3 and skopeo 1.9 do); sign with --sign-by (GPG) or use upstream podman"
                : "check the key (gpg --list-secret-keys), GNUPGHOME and the passphrase file");
      }
    } catch (IOException e) {
      throw new ExecException(
          "cannot check the signing key: " + e.getMessage(),
          "check that the temporary directory is writable",
          e);
    } finally {
      FileTrees.deleteQuietly(dir); // a private temporary directory holding a throwaway signature
    }
  }

  private static String reason(String stderr) {
    String err = stderr == null ? "" : stderr.strip();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("msg=\"(.*)\"").matcher(err);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    if (last != null) {
      return last.replace("\\\"", "\"");
    }
    int nl = err.lastIndexOf('\n');
    return err.isEmpty() ? "skopeo failed" : nl < 0 ? err : err.substring(nl + 1);
  }
}

package dtk.cli;

import dtk.exec.build.ImageBuilder;
import dtk.exec.build.SupplyChain;
import dtk.exec.engine.Signing;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * SBOM output and signing for {@code apply} and {@code push}, added with {@code @Mixin}. The
 * signing flags are the engines' own and are passed through to each push; dtk never reads the key
 * or the passphrase.
 */
public class SupplyFlags {
  @Option(
      names = "--sbom-dir",
      paramLabel = "DIR",
      description =
          "Also write each image's SBOM (<target>.spdx.json, SPDX 2.3) and provenance (<target>.provenance.json, "
              + "in-toto SLSA v1) here. Both are attached to every pushed image either way.")
  Path sbomDir;

  @Option(
      names = "--sign-by",
      paramLabel = "KEY",
      description =
          "Sign each pushed image, index and attached artifact with this GPG key (simple signing; the signatures "
              + "go where registries.d says). podman and buildah.")
  String signBy;

  @Option(
      names = "--sign-by-sigstore-private-key",
      paramLabel = "FILE",
      description =
          "Sign with this sigstore (cosign) private key, stored as registries.d's use-sigstore-attachments says. podman only.")
  Path sigstoreKey;

  @Option(
      names = "--sign-passphrase-file",
      paramLabel = "FILE",
      description = "The passphrase of the signing key, read by the engine. podman only.")
  Path passphraseFile;

  /**
   * The signing the flags ask for; files that are missing, or a passphrase without a key, are usage
   * errors.
   */
  Signing signing(String engine) {
    readable("--sign-by-sigstore-private-key", sigstoreKey);
    readable("--sign-passphrase-file", passphraseFile);
    if (passphraseFile != null && signBy == null && sigstoreKey == null) {
      throw CommandException.usage(
          "--sign-passphrase-file needs a key to unlock",
          "add --sign-by KEY or --sign-by-sigstore-private-key FILE, or leave --sign-passphrase-file out");
    }
    Signing s = new Signing(signBy, sigstoreKey, passphraseFile);
    if (s.enabled() && "docker".equals(engine)) {
      throw CommandException.usage(
          "docker cannot sign the images it pushes (--sign-by, --sign-by-sigstore-private-key)",
          "use --engine podman (GPG and sigstore signing) or --engine buildah (GPG signing), or sign afterwards with skopeo copy --sign-by");
    }
    if ("buildah".equals(engine) && (sigstoreKey != null || passphraseFile != null)) {
      throw CommandException.usage(
          "buildah push has no --sign-by-sigstore-private-key or --sign-passphrase-file (only --sign-by)",
          "use --engine podman for sigstore signing or a passphrase file");
    }
    return s;
  }

  /** {@code options} with the SBOM directory and signing of these flags. */
  ImageBuilder.Options apply(ImageBuilder.Options options, String engine) {
    return apply(options, engine, null);
  }

  /**
   * As {@link #apply(ImageBuilder.Options, String)}, every pushed image checked against {@code
   * verifyPolicy} (or none).
   */
  ImageBuilder.Options apply(ImageBuilder.Options options, String engine, Path verifyPolicy) {
    if (sbomDir != null && Files.exists(sbomDir) && !Files.isDirectory(sbomDir)) {
      throw CommandException.usage(
          "--sbom-dir " + sbomDir + " is not a directory",
          "give a directory (it is created when missing)");
    }
    SupplyChain supply =
        new SupplyChain(
            sbomDir == null ? null : sbomDir.toAbsolutePath(), signing(engine), verifyPolicy);
    return new ImageBuilder.Options(
        options.workDir(),
        options.logDir(),
        options.pull(),
        options.engineArgs(),
        options.allowInheritedLabels(),
        options.noCache(),
        options.registry(),
        supply);
  }

  private static void readable(String flag, Path f) {
    if (f != null && (!Files.isRegularFile(f) || !Files.isReadable(f))) {
      throw CommandException.usage(
          flag + " " + f + (Files.exists(f) ? " cannot be read" : " not found"),
          "give the path of a readable file");
    }
  }
}

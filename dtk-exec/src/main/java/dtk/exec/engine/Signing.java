package dtk.exec.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How pushed images are signed, passed through to the engine's own push: {@code --sign-by KEY} (GPG
 * simple signing; the signatures go where {@code registries.d} says), or {@code
 * --sign-by-sigstore-private-key FILE} with {@code --sign-passphrase-file FILE}. Only references
 * are held: the key id and file paths, never key material or a passphrase; the passphrase file is
 * read by the engine itself.
 *
 * @param signBy a GPG key id, fingerprint or e-mail, or {@code null}
 * @param sigstorePrivateKey a sigstore (cosign) private key file, or {@code null}
 * @param passphraseFile the passphrase of either key, or {@code null}
 */
public record Signing(String signBy, Path sigstorePrivateKey, Path passphraseFile) {
  public static final Signing NONE = new Signing(null, null, null);

  public Signing {
    signBy = signBy == null || signBy.isBlank() ? null : signBy.strip();
  }

  /** Whether anything is signed. */
  public boolean enabled() {
    return signBy != null || sigstorePrivateKey != null;
  }

  /** The engine flags ({@code podman push}, {@code skopeo copy} use the same names). */
  public List<String> flags() {
    List<String> argv = new ArrayList<>();
    if (signBy != null) {
      argv.add("--sign-by");
      argv.add(signBy);
    }
    if (sigstorePrivateKey != null) {
      argv.add("--sign-by-sigstore-private-key");
      argv.add(sigstorePrivateKey.toAbsolutePath().toString());
    }
    if (passphraseFile != null) {
      argv.add("--sign-passphrase-file");
      argv.add(passphraseFile.toAbsolutePath().toString());
    }
    return argv;
  }

  /** For logs and reports: which mechanisms, never a passphrase. */
  @Override
  public String toString() {
    if (!enabled()) {
      return "unsigned";
    }
    List<String> parts = new ArrayList<>();
    if (signBy != null) {
      parts.add("GPG key " + signBy);
    }
    if (sigstorePrivateKey != null) {
      parts.add("sigstore key " + sigstorePrivateKey);
    }
    return String.join(" and ", parts);
  }
}

package dtk.exec.supply;

import dtk.exec.ExecException;
import dtk.exec.engine.Signing;
import dtk.exec.process.Invocation;
import dtk.exec.process.OutputListener;
import dtk.exec.process.ProcessResult;
import dtk.exec.process.ProcessRunner;
import dtk.exec.registry.RegistryClient;
import dtk.exec.registry.RegistryException;
import dtk.exec.registry.RegistryOptions;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * A push whose tag is written last: the image goes to a pending tag first, is signed by digest for
 * the identity of its final tag ({@code skopeo copy --sign-identity}: the signature names the final
 * tag, as {@code podman push --sign-by} to that tag would), is checked, and only then gets its
 * final tag (the same manifest bytes PUT under it, so the digest and its signatures stay valid).
 *
 * <p>Why: the planner trusts the platform tag (its inputs-digest label says "up to date"); a tag
 * written before a failed check would make the next plan skip a refused image and publish it in the
 * index.
 */
public final class Promotion {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ProcessRunner runner;
  private final RegistryOptions registry;
  private final RegistryClient client;

  public Promotion(ProcessRunner runner, RegistryOptions registry) {
    this.runner = runner;
    this.registry = registry;
    this.client = new RegistryClient(registry, System.getenv());
  }

  /**
   * The pending tag of a target ({@code dtk-pending-<16 hex of its inputs digest>}): the same for
   * every run with the same inputs, so retries overwrite it instead of adding tags.
   */
  public static String pendingTag(Digest inputsDigest) {
    return "dtk-pending-" + inputsDigest.shortHex(16).toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The pending tag for what {@code text} names (an index and its members: no inputs digest of its
   * own).
   */
  public static String pendingTagFor(String text) {
    return pendingTag(Digest.sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /**
   * Signs {@code repository@digest} for {@code identity} (the final tag) where registries.d says,
   * without writing any tag: {@code skopeo copy --preserve-digests --sign-identity} from the digest
   * to itself (the blobs are already there; only the signature is new).
   */
  public void sign(
      ImageRef repository, Digest digest, ImageRef identity, Signing signing, OutputListener log)
      throws InterruptedException {
    sign(repository, digest, identity, signing, List.of(), log);
  }

  /**
   * As {@link #sign}, for an index: the index and each of its images are signed for {@code
   * identity} ({@code --multi-arch all}), as {@code podman manifest push --all --sign-by} does; a
   * pull by the index tag checks each image against that tag too.
   */
  public void signIndex(
      ImageRef repository, Digest digest, ImageRef identity, Signing signing, OutputListener log)
      throws InterruptedException {
    sign(repository, digest, identity, signing, List.of("--multi-arch", "all"), log);
  }

  private void sign(
      ImageRef repository,
      Digest digest,
      ImageRef identity,
      Signing signing,
      List<String> more,
      OutputListener log)
      throws InterruptedException {
    ImageRef byDigest = new ImageRef(repository.registry(), repository.repository(), null, digest);
    List<String> argv =
        new ArrayList<>(
            List.of(
                "skopeo",
                "copy",
                "--quiet",
                "--preserve-digests",
                "--src-tls-verify=" + registry.tlsVerify(),
                "--dest-tls-verify=" + registry.tlsVerify()));
    if (registry.authfile() != null) {
      argv.addAll(
          List.of(
              "--src-authfile",
              registry.authfile().toString(),
              "--dest-authfile",
              registry.authfile().toString()));
    }
    argv.addAll(more);
    argv.addAll(signing.flags());
    argv.add("--sign-identity");
    argv.add(identity.toString());
    argv.add("docker://" + byDigest);
    argv.add("docker://" + byDigest);
    ProcessResult r;
    try {
      r = runner.run(Invocation.of(argv).withTimeout(Duration.ofMinutes(10)).withOutput(log));
    } catch (IOException e) {
      throw new ExecException(
          "cannot sign " + byDigest + ": skopeo did not start: " + e.getMessage(),
          "install skopeo",
          e);
    }
    if (!r.ok()) {
      throw new ExecException(
          "cannot sign "
              + byDigest
              + " as "
              + identity
              + " with "
              + signing
              + ": "
              + lastLine(r.stderr()),
          "check the key (gpg --list-secret-keys), GNUPGHOME, the passphrase file and registries.d");
    }
  }

  /**
   * Writes {@code tag} for {@code repository@digest}: its manifest, byte for byte, PUT under the
   * tag. Returns the digest the registry reports, which must be {@code digest}.
   */
  public Digest tag(ImageRef repository, Digest digest, String tag) {
    ImageRef repo = new ImageRef(repository.registry(), repository.repository(), null, null);
    RegistryClient.RawManifest m = client.rawManifest(repo, digest.toString());
    String type = JSON.readTree(m.body()).path("mediaType").asString("");
    if (type.isEmpty()) {
      type =
          m.mediaType() == null
              ? "application/vnd.oci.image.manifest.v1+json"
              : m.mediaType().split(";")[0].strip();
    }
    Digest written = client.putManifest(repo, tag, type, m.body());
    if (!written.equals(digest)) {
      throw new RegistryException(
          "registry "
              + repo.registry()
              + " stored "
              + repo
              + ":"
              + tag
              + " as "
              + written
              + ", not "
              + digest,
          repo.registry(),
          "the registry rewrote the manifest; push without verify.signature");
    }
    return written;
  }

  private static String lastLine(String s) {
    String t = s == null ? "" : s.strip();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("msg=\"(.*)\"").matcher(t);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    if (last != null) {
      return last.replace("\\\"", "\"");
    }
    int nl = t.lastIndexOf('\n');
    return t.isEmpty() ? "skopeo failed" : nl < 0 ? t : t.substring(nl + 1);
  }
}

package dtk.exec.supply;

import dtk.exec.process.Invocation;
import dtk.exec.process.ProcessResult;
import dtk.exec.process.ProcessRunner;
import dtk.exec.registry.RegistryOptions;
import dtk.render.FileTrees;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The containers-policy check of an image, exactly as {@code podman pull} would apply it: {@code
 * skopeo --policy FILE copy docker://IMAGE dir:THROWAWAY}, which verifies the signatures that
 * {@code registries.d} locates against {@code policy.json}'s requirements ({@code signedBy}, {@code
 * sigstoreSigned}) and fails on a missing or wrong signature. The copy is deleted after.
 */
public final class PolicyCheck {
  /** The outcome: accepted, or refused with skopeo's reason. */
  public record Result(boolean accepted, String detail) {}

  private final ProcessRunner runner;
  private final RegistryOptions registry;

  public PolicyCheck(ProcessRunner runner, RegistryOptions registry) {
    this.runner = runner;
    this.registry = registry;
  }

  private static final java.util.regex.Pattern GPGME =
      java.util.regex.Pattern.compile(
          "gpgme\\.Signature\\{.*?Fingerprint:\\\\?\"([0-9A-Fa-f]+)\\\\?\".*?Status:gpgme\\.Error\\{err:(0x[0-9a-f]+)\\}.*\\}");

  /**
   * containers/image prints a refused GPG signature as a Go struct dump; keep what a reader needs:
   * the key that signed, and when gpgme says so (GPG_ERR_NO_PUBKEY, 0x9) that the policy does not
   * hold it.
   */
  static String readable(String reason) {
    java.util.regex.Matcher m = GPGME.matcher(reason);
    if (!m.find()) {
      return reason;
    }
    String what =
        m.group(2).equals("0x9")
            ? "signed by key " + m.group(1) + ", which is not among the policy's keys"
            : "signed by key " + m.group(1) + " (gpgme error " + m.group(2) + ")";
    return reason.substring(0, m.start()) + what + reason.substring(m.end());
  }

  /**
   * @param registriesD the {@code registries.d} directory to read signature locations from, or
   *     {@code null} for skopeo's default ({@code ~/.config/containers/registries.d}, then {@code
   *     /etc})
   */
  public Result check(ImageRef image, Path policy, Path registriesD)
      throws InterruptedException, IOException {
    Path dir = Files.createTempDirectory("dtk-policy-");
    try {
      List<String> argv =
          new ArrayList<>(List.of("skopeo", "--policy", policy.toAbsolutePath().toString()));
      if (registriesD != null) {
        argv.add("--registries.d");
        argv.add(registriesD.toAbsolutePath().toString());
      }
      argv.add("copy");
      argv.add("--src-tls-verify=" + registry.tlsVerify());
      if (registry.authfile() != null) {
        argv.add("--src-authfile");
        argv.add(registry.authfile().toString());
      }
      argv.add("docker://" + image);
      argv.add("dir:" + dir.resolve("image").toAbsolutePath());
      ProcessResult r = runner.run(Invocation.of(argv).withTimeout(Duration.ofMinutes(30)));
      if (r.ok()) {
        return new Result(true, "accepted by " + policy);
      }
      String err = r.stderr().strip();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("msg=\"(.*)\"").matcher(err);
      String reason = null;
      while (m.find()) {
        reason = m.group(1);
      }
      return new Result(
          false,
          reason != null
              ? readable(reason)
              : err.isEmpty() ? "skopeo exited " + r.exitCode() : err);
    } finally {
      FileTrees.delete(dir);
    }
  }
}

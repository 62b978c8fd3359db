package dtk.exec.supply;

import dtk.exec.process.ProcessRunner;
import dtk.exec.registry.RegistryOptions;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code dtk verify --policy} and {@code verify.signature} check of a pushed image: the
 * containers-policy verdict on the image ({@link PolicyCheck}), and for each platform digest that
 * an SBOM and a provenance statement are attached whose subject is exactly that digest (the
 * provenance statement's own subject too), each artifact's own signature accepted by the same
 * policy.
 */
public final class SupplyCheck {
  /**
   * One line of the verdict: {@code sbom ok x86_64 sha256:...: sha256:... (signature accepted)}.
   */
  public record Check(String name, boolean ok, String subject, String detail) {
    public String line() {
      return String.format("%-11s %s  %s: %s", name, ok ? "ok" : "FAILED", subject, detail);
    }
  }

  private final ProcessRunner runner;
  private final RegistryOptions registry;
  private final Attestations attestations;

  public SupplyCheck(ProcessRunner runner, RegistryOptions registry) {
    this.runner = runner;
    this.registry = registry;
    this.attestations = new Attestations(runner, registry);
  }

  /** The policy's verdict on {@code image} (a tag or a digest reference). */
  public Check signature(ImageRef image, Path policy, Path registriesD)
      throws InterruptedException, IOException {
    PolicyCheck.Result r = new PolicyCheck(runner, registry).check(image, policy, registriesD);
    return new Check("signature", r.accepted(), image.toString(), r.detail());
  }

  /**
   * The SBOM and provenance of {@code image@digest} ({@code platform} names it in the lines); with
   * {@code policy} non-null each artifact's own signature is checked against it.
   */
  public List<Check> attestations(
      ImageRef image, String platform, Digest digest, Path policy, Path registriesD)
      throws InterruptedException, IOException {
    ImageRef repo = new ImageRef(image.registry(), image.repository(), null, null);
    String subject = platform + " " + digest;
    List<Check> out = new ArrayList<>();
    List<Attestations.Found> sboms = attestations.find(repo, digest, Spdx.MEDIA_TYPE);
    boolean sbomOk =
        !sboms.isEmpty()
            && sboms.stream().allMatch(f -> digest.toString().equals(f.subjectDigest()));
    out.add(
        artifact(
            "sbom",
            sboms,
            sbomOk,
            sbomOk ? null : "attached to another digest",
            repo,
            subject,
            policy,
            registriesD));
    List<Attestations.Found> provs = attestations.find(repo, digest, Provenance.MEDIA_TYPE);
    boolean provOk =
        !provs.isEmpty()
            && provs.stream()
                .allMatch(
                    f ->
                        digest.toString().equals(f.subjectDigest())
                            && digest.toString().equals(Provenance.subjectDigest(f.content())));
    out.add(
        artifact(
            "provenance",
            provs,
            provOk,
            provOk ? null : "its subject is another digest",
            repo,
            subject,
            policy,
            registriesD));
    return out;
  }

  private Check artifact(
      String name,
      List<Attestations.Found> found,
      boolean ok,
      String wrong,
      ImageRef repo,
      String subject,
      Path policy,
      Path registriesD)
      throws InterruptedException, IOException {
    if (found.isEmpty()) {
      return new Check(name, false, subject, "none attached");
    }
    if (!ok) {
      return new Check(name, false, subject, wrong);
    }
    Digest digest = found.get(0).manifestDigest();
    if (policy == null) {
      return new Check(name, true, subject, digest.toString());
    }
    for (Attestations.Found f : found) {
      PolicyCheck.Result r =
          new PolicyCheck(runner, registry)
              .check(
                  new ImageRef(repo.registry(), repo.repository(), null, f.manifestDigest()),
                  policy,
                  registriesD);
      if (!r.accepted()) {
        return new Check(
            name, false, subject, f.manifestDigest() + ": its signature is refused: " + r.detail());
      }
    }
    return new Check(name, true, subject, digest + " (signature accepted)");
  }
}

package dtk.exec.testing;

import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.plan.RemoteImage;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Targets and registry snapshots for the apply unit tests. */
public final class Fixtures {
  private Fixtures() {}

  public static final String BASE_A = "sha256:" + "a".repeat(64);
  public static final String BASE_B = "sha256:" + "b".repeat(64);

  public static ApplyTarget target(String arch, String kernel) {
    return target(arch, kernel, "inputs-" + arch + "-" + kernel, BASE_A);
  }

  /** A digest made from {@code seed}: the same seed, the same digest. */
  public static Digest digest(String seed) {
    return Digest.sha256(seed.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A target whose inputs digest is {@link #digest digest(inputsSeed)}.
   *
   * @param inputsSeed names the inputs: targets with the same seed have the same inputs digest
   */
  public static ApplyTarget target(
      String arch, String kernel, String inputsSeed, String baseDigest) {
    Digest inputs = digest(inputsSeed);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("name", "driver-toolkit");
    labels.put("org.opencontainers.image.base.digest", baseDigest);
    labels.put(ApplyTarget.INPUTS_DIGEST_LABEL, inputs.toString());
    return new ApplyTarget(
        "centos/" + arch + "/" + kernel,
        "centos",
        arch,
        kernel,
        ImageRef.parse("reg.test/org/dtk:" + kernel + "." + arch),
        ImageRef.parse("reg.test/org/dtk:" + kernel),
        inputs,
        labels);
  }

  /** What the registry would hold after {@code t} was pushed. */
  public static RemoteImage.Present pushed(ApplyTarget t) {
    return new RemoteImage.Present(digestOf(t), dtk.exec.Platform.ociArch(t.arch()), t.labels());
  }

  public static Digest digestOf(ApplyTarget t) {
    return digest(t.id() + " " + t.inputsDigest());
  }
}

package dtk.exec.testing;

import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.plan.RemoteImage;
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

  public static ApplyTarget target(String arch, String kernel, String inputs, String baseDigest) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("name", "driver-toolkit");
    labels.put("org.opencontainers.image.base.digest", baseDigest);
    labels.put(ApplyTarget.INPUTS_DIGEST_LABEL, inputs);
    return new ApplyTarget(
        "centos/" + arch + "/" + kernel,
        "centos",
        arch,
        kernel,
        "reg.test/org/dtk:" + kernel + "." + arch,
        "reg.test/org/dtk:" + kernel,
        inputs,
        labels);
  }

  /** What the registry would hold after {@code t} was pushed. */
  public static RemoteImage.Present pushed(ApplyTarget t) {
    return new RemoteImage.Present(digestOf(t), dtk.exec.Platform.ociArch(t.arch()), t.labels());
  }

  public static String digestOf(ApplyTarget t) {
    return "sha256:" + Integer.toHexString(t.id().hashCode() ^ t.inputsDigest().hashCode());
  }
}

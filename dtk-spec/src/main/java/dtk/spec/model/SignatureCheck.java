package dtk.spec.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code verify.signature}: the check of a pushed image against a containers policy before its
 * platform tag is written.
 *
 * <pre>{@code
 * verify:
 *   signature:
 *     policy: policy.json      # containers-policy.json(5), next to the spec
 * }</pre>
 *
 * @param policy the policy file, resolved against the spec file that names it
 * @param written what the spec wrote ({@code policy.json}): the file's name in messages
 */
public record SignatureCheck(Path policy, String written) {
  public SignatureCheck {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(written, "written");
  }
}

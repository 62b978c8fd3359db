package dtk.spec.model;

import java.util.Objects;

/**
 * A value read from a label of a registry image at plan time.
 *
 * <pre>{ image: quay.io/centos-bootc/centos-bootc:stream9, label: ostree.linux }</pre>
 */
public record LabelSource(String image, String label) {
  public LabelSource {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(label, "label");
  }
}

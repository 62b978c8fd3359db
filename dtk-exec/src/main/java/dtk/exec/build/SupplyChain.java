package dtk.exec.build;

import dtk.exec.engine.Signing;
import java.nio.file.Path;

/**
 * What dtk adds to every image it pushes: an SPDX SBOM and an in-toto/SLSA provenance statement,
 * attached to the image in the registry, and the engine's signature.
 *
 * @param outputDir also write each SBOM and provenance statement here ({@code --sbom-dir}), or
 *     {@code null}
 * @param signing how images (and the attached artifacts) are signed
 * @param verifyPolicy a containers policy every pushed image is checked against before its tag is
 *     written ({@code --verify-policy}, in place of each spec's {@code verify.signature}), or
 *     {@code null}
 */
public record SupplyChain(Path outputDir, Signing signing, Path verifyPolicy) {
  public static final SupplyChain DEFAULT = new SupplyChain(null, Signing.NONE, null);

  public SupplyChain {
    signing = signing == null ? Signing.NONE : signing;
  }

  public SupplyChain(Path outputDir, Signing signing) {
    this(outputDir, signing, null);
  }
}

package dtk.exec.build;

import dtk.exec.engine.Signing;
import java.nio.file.Path;

/**
 * What dtk adds to every image it pushes: an SPDX SBOM and an in-toto/SLSA provenance statement,
 * attached to the image in the registry, and the engine's signature.
 *
 * @param outputDir also write each SBOM and provenance statement here ({@code --sbom-dir}), or {@code null}
 * @param signing how images (and the attached artifacts) are signed
 */
public record SupplyChain(Path outputDir, Signing signing) {
  public static final SupplyChain DEFAULT = new SupplyChain(null, Signing.NONE);

  public SupplyChain {
    signing = signing == null ? Signing.NONE : signing;
  }
}

package dtk.cli;

import dtk.exec.ExecException;
import dtk.exec.process.ProcessRunner;
import dtk.exec.supply.Attestations;
import dtk.exec.supply.Provenance;
import dtk.exec.supply.Spdx;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dtk sbom IMAGE}: print the SBOM (or provenance) attached to a pushed toolkit. */
@Command(
    name = "sbom",
    mixinStandardHelpOptions = true,
    description = {
      "Print the SPDX 2.3 SBOM that dtk apply attached to IMAGE (a per-platform image, or an index with --platform), "
          + "read through the registry's referrers API or its sha256-<digest> fallback tag.",
    })
public final class SbomCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec CommandSpec command;

  @Mixin RegistryFlags registry;

  @Option(
      names = "--platform",
      paramLabel = "ARCH",
      description = "The platform of an index (x86_64, aarch64).")
  String platform;

  @Option(
      names = "--provenance",
      description = "Print the in-toto SLSA provenance statement instead of the SBOM.")
  boolean provenance;

  @Parameters(
      index = "0",
      paramLabel = "IMAGE",
      description = "The image, e.g. quay.io/org/dtk:6.1.0-57-amd64.x86_64")
  String image;

  @Override
  public Integer call() {
    PrintWriter out = command.commandLine().getOut();
    ImageRef ref = parse(image);
    String type = provenance ? Provenance.MEDIA_TYPE : Spdx.MEDIA_TYPE;
    String what = provenance ? "provenance statement" : "SBOM";
    try {
      Attestations a = new Attestations(ProcessRunner.local(), registry.registry());
      Digest digest = single(a, ref, platform);
      List<Attestations.Found> found = a.find(ref, digest, type);
      if (found.isEmpty()) {
        throw CommandException.toolFailed(
            "no " + what + " is attached to " + ref.name() + "@" + digest,
            "push the image with dtk apply (it attaches SBOM and provenance), or check the image name",
            null);
      }
      out.print(new String(found.get(found.size() - 1).content(), StandardCharsets.UTF_8));
      out.flush();
      return ExitStatus.OK.code();
    } catch (ExecException e) {
      throw CommandException.toolFailed(e.getMessage(), e.hint(), e);
    }
  }

  static ImageRef parse(String image) {
    try {
      return ImageRef.parse(image).normalised();
    } catch (IllegalArgumentException e) {
      throw CommandException.usage(
          "IMAGE '" + image + "': " + e.getMessage(),
          "give an image reference such as registry/org/name:tag");
    }
  }

  /**
   * The one per-platform digest {@code ref} names; an index needs {@code --platform} unless it has
   * one platform.
   */
  static Digest single(Attestations a, ImageRef ref, String platform) {
    Map<String, Digest> digests = a.platformDigests(ref, platform);
    if (digests.isEmpty()) {
      throw CommandException.usage(
          ref + " has no " + platform + " image", "give one of its platforms with --platform");
    }
    if (digests.size() > 1) {
      throw CommandException.usage(
          ref + " is an index of " + String.join(", ", digests.keySet()),
          "choose one with --platform (" + String.join(", ", digests.keySet()) + ")");
    }
    return digests.values().iterator().next();
  }
}

package dtk.cli;

import dtk.exec.ExecException;
import dtk.exec.ProcessRunner;
import dtk.exec.supply.Attestations;
import dtk.exec.supply.PolicyCheck;
import dtk.exec.supply.Provenance;
import dtk.exec.supply.Spdx;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dtk verify IMAGE --policy policy.json}: what a cluster admin checks before admitting a toolkit. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check a pushed toolkit: its signatures against a containers policy.json (as podman pull and CRI-O apply it, "
          + "through skopeo copy --policy), and that an SBOM and a provenance statement are attached to each platform "
          + "image and name exactly its digest. Exit 0 when all pass, 4 when one fails.",
    })
public final class VerifyCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec CommandSpec command;

  @Mixin RegistryFlags registry;

  @Option(names = "--policy", paramLabel = "FILE", required = true,
      description = "A containers-policy.json(5) file, e.g. with a signedBy requirement for the toolkit's repository.")
  Path policy;

  @Option(names = "--registries.d", paramLabel = "DIR",
      description = "Where the signature locations are configured (default: skopeo's, ~/.config/containers/registries.d "
          + "then /etc/containers/registries.d).")
  Path registriesD;

  @Option(names = "--platform", paramLabel = "ARCH", description = "Only this platform of an index.")
  String platform;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "The image or index, e.g. quay.io/org/dtk:6.1.0-57-amd64")
  String image;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = command.commandLine().getOut();
    if (!Files.isRegularFile(policy) || !Files.isReadable(policy)) {
      throw CommandException.usage("--policy " + policy + (Files.exists(policy) ? " cannot be read" : " not found"),
          "give a containers policy.json (see containers-policy.json(5))");
    }
    if (registriesD != null && !Files.isDirectory(registriesD)) {
      throw CommandException.usage("--registries.d " + registriesD + " is not a directory", "give the directory of the *.yaml files");
    }
    ImageRef ref = SbomCommand.parse(image);
    boolean ok = true;
    try {
      PolicyCheck.Result sig = new PolicyCheck(ProcessRunner.local(), registry.registry()).check(ref, policy, registriesD);
      out.println(dtk.spec.Printable.escape("signature   " + (sig.accepted() ? "ok" : "FAILED") + "  " + ref + ": " + sig.detail()));
      ok &= sig.accepted();
      Attestations a = new Attestations(ProcessRunner.local(), registry.registry());
      Map<String, String> digests = a.platformDigests(ref, platform);
      if (digests.isEmpty()) {
        throw CommandException.usage(ref + " has no " + platform + " image", "give one of its platforms with --platform");
      }
      for (Map.Entry<String, String> e : digests.entrySet()) {
        String digest = e.getValue();
        List<Attestations.Found> sboms = a.find(ref, digest, Spdx.MEDIA_TYPE);
        boolean sbomOk = !sboms.isEmpty() && sboms.stream().allMatch(f -> digest.equals(f.subjectDigest()));
        out.println(dtk.spec.Printable.escape("sbom        " + (sbomOk ? "ok" : "FAILED") + "  " + e.getKey() + " " + digest + ": "
            + (sboms.isEmpty() ? "none attached" : sbomOk ? sboms.get(0).manifestDigest() : "attached to another digest")));
        List<Attestations.Found> provs = a.find(ref, digest, Provenance.MEDIA_TYPE);
        boolean provOk = !provs.isEmpty() && provs.stream()
            .allMatch(f -> digest.equals(f.subjectDigest()) && digest.equals(Provenance.subjectDigest(f.content())));
        out.println(dtk.spec.Printable.escape("provenance  " + (provOk ? "ok" : "FAILED") + "  " + e.getKey() + " " + digest + ": "
            + (provs.isEmpty() ? "none attached" : provOk ? provs.get(0).manifestDigest() : "its subject is another digest")));
        ok &= sbomOk && provOk;
      }
    } catch (ExecException e) {
      throw CommandException.toolFailed(e.getMessage(), e.hint(), e);
    } catch (IOException e) {
      throw CommandException.toolFailed("cannot run the policy check: " + e.getMessage(), "install skopeo", e);
    }
    out.flush();
    if (!ok) {
      throw CommandException.toolFailed(ref + " failed verification (see above)",
          "sign it (dtk apply --sign-by KEY), push it with dtk apply, or check policy.json and registries.d", null);
    }
    return ExitStatus.OK.code();
  }
}

package dtk.cli;

import dtk.exec.ExecException;
import dtk.exec.Platform;
import dtk.exec.build.ImageVerifier;
import dtk.exec.build.ModuleResult;
import dtk.exec.build.ModuleVerifier;
import dtk.exec.engine.LocalImages;
import dtk.exec.process.Invocation;
import dtk.exec.process.OutputListener;
import dtk.exec.process.ProcessResult;
import dtk.exec.process.ProcessRunner;
import dtk.exec.registry.RegistryOptions;
import dtk.exec.supply.Attestations;
import dtk.exec.supply.SupplyCheck;
import dtk.render.FileTrees;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import dtk.spec.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dtk verify IMAGE}: check a toolkit that is already pushed. {@code --policy}: its
 * signatures against a containers policy.json and its attached SBOM and provenance (what a cluster
 * admin checks before admitting it); {@code --module DIR}: build driver sources against it.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check a pushed toolkit. --policy FILE: its signatures against a containers policy.json (as podman pull and CRI-O "
          + "apply it, through skopeo copy --policy), and that an SBOM and a provenance statement are attached to each "
          + "platform image and name exactly its digest, each signed as the policy requires.",
      "--module DIR: build driver sources against the image, as verify.modules does before a push: each DIR is "
          + "built as dkms builds it (its dkms.conf), or with make -C /lib/modules/<kver>/build M=DIR modules, as the "
          + "image's user in a throwaway build FROM the image; every .ko must carry the image's vermagic.",
      "The kernel is read from the image's /etc/driver-toolkit-release.json (else its "
          + "org.opencontainers.image.version label). The image is pulled when it is not local.",
      "Give --policy, --module or both. Exit 0 when every check passes, 4 when one fails.",
    })
public final class VerifyCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec CommandSpec command;

  @Mixin EngineFlags engine;

  @Parameters(
      index = "0",
      paramLabel = "IMAGE",
      description =
          "The toolkit image, such as "
              + "quay.io/me/driver-toolkit:6.1.0-57-amd64.x86_64, or a local image id.")
  String image;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description =
          "A containers-policy.json(5) file, e.g. with a signedBy requirement for the toolkit's repository.")
  Path policy;

  @Option(
      names = "--registries.d",
      paramLabel = "DIR",
      description =
          "Where the signature locations are configured (default: skopeo's, ~/.config/containers/registries.d "
              + "then /etc/containers/registries.d).")
  Path registriesD;

  @Option(
      names = "--platform",
      paramLabel = "ARCH",
      description = "With --policy: only this platform of an index.")
  String platform;

  @Option(
      names = "--module",
      paramLabel = "DIR",
      description = "A driver source directory (repeatable); a failure fails the command (exit 4).")
  List<Path> modules = new ArrayList<>();

  @Option(
      names = "--optional-module",
      paramLabel = "DIR",
      description =
          "A driver source whose failure is reported but does not fail the command (repeatable).")
  List<Path> optionalModules = new ArrayList<>();

  @Option(
      names = "--module-timeout",
      paramLabel = "SECONDS",
      defaultValue = "1200",
      description = "Seconds each module's build may take (default: ${DEFAULT-VALUE}).")
  int timeout;

  @Option(
      names = "--kernel-version",
      paramLabel = "RELEASE",
      description =
          "The kernel release to build for, when the image does not say (a /lib/modules/RELEASE/build of the image).")
  String kernelVersion;

  @Option(
      names = "--engine-arg",
      paramLabel = "ARG",
      description =
          "Extra argument for the throwaway build (repeatable), such as --engine-arg=--isolation=chroot.")
  List<String> engineArgs = new ArrayList<>();

  @Option(
      names = {"-v", "--verbose"},
      description = "Show the build's output (on stderr).")
  boolean verbose;

  @Option(
      names = CommonFlags.STACKTRACE,
      description = "Print the stack trace of an error (for bug reports).")
  boolean stacktrace;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    if (policy == null && modules.isEmpty() && optionalModules.isEmpty()) {
      throw CommandException.usage(
          "dtk verify needs --policy FILE, --module DIR or both",
          "--policy checks signatures, SBOM and provenance; --module builds a driver against the image");
    }
    List<String> failed = new ArrayList<>();
    if (policy != null) {
      verifyPolicy(out, failed);
    }
    if (!modules.isEmpty() || !optionalModules.isEmpty()) {
      verifyModules(out, err, failed);
    }
    if (failed.size() == 1) {
      throw CommandException.toolFailed(
          failed.get(0), failed.get(0).contains("module") ? MODULE_HINT : POLICY_HINT, null);
    }
    if (!failed.isEmpty()) {
      throw CommandException.toolFailed(
          String.join("; ", failed), POLICY_HINT + "; " + MODULE_HINT, null);
    }
    return ExitStatus.OK.code();
  }

  private static final String MODULE_HINT =
      "run again with -v for the build's output; fix the driver, or the toolkit's packages in its spec";
  private static final String POLICY_HINT =
      "sign it (dtk apply --sign-by KEY), push it with dtk apply, or check policy.json and registries.d";

  private void verifyModules(PrintWriter out, PrintWriter err, List<String> failed)
      throws InterruptedException {
    if (timeout < 10 || timeout > 14400) {
      throw CommandException.usage(
          "--module-timeout " + timeout + " is out of range", "give 10 to 14400 seconds");
    }
    List<ModuleVerifier.Source> sources = new ArrayList<>();
    for (Path m : modules) {
      sources.add(source(m, true));
    }
    for (Path m : optionalModules) {
      sources.add(source(m, false));
    }
    String program = engine.engine.equals("docker") ? "docker" : "podman";
    ProcessRunner runner = ProcessRunner.local();
    OutputListener log =
        verbose
            ? (stream, line) -> {
              synchronized (err) {
                err.println(Printable.escape(line));
                err.flush();
              }
            }
            : null;
    RegistryOptions registry = engine.registry();
    Path scratch = null;
    try {
      pullIfMissing(runner, program, registry, log);
      scratch = Files.createTempDirectory("dtk-verify-");
      ImageVerifier reader = new ImageVerifier(runner, program, engineArgs, Duration.ofMinutes(5));
      String kernel =
          kernelVersion != null
              ? kernelVersion
              : reader
                  .kernelOf(image, scratch, log)
                  .orElseThrow(
                      () ->
                          CommandException.toolFailed(
                              image
                                  + " does not say its kernel: no KERNEL_VERSION in "
                                  + "/etc/driver-toolkit-release.json and no org.opencontainers.image.version label",
                              "pass --kernel-version RELEASE (a directory under /lib/modules of the image)",
                              null));
      ProcessResult archOut =
          runner.run(
              Invocation.of(new LocalImages(program).inspect(image, "{{.Architecture}}"))
                  .withTimeout(Duration.ofMinutes(2)));
      String arch =
          archOut.ok() && !archOut.stdout().isBlank()
              ? Platform.of(archOut.stdout().strip()).arch()
              : "x86_64";
      List<String> releases =
          kernel.endsWith("." + arch) ? List.of(kernel) : List.of(kernel, kernel + "." + arch);
      err.println(
          Printable.escape(
              "dtk: verify "
                  + image
                  + ": "
                  + sources.size()
                  + " module(s) for kernel "
                  + kernel
                  + " on "
                  + arch));
      err.flush();
      List<ModuleResult> results =
          new ModuleVerifier(runner, program, engineArgs)
              .verify(image, arch, releases, sources, scratch, log);
      print(out, results);
      List<ModuleResult> blocking = results.stream().filter(ModuleResult::blocks).toList();
      if (!blocking.isEmpty()) {
        failed.add(
            blocking.size()
                + " of "
                + results.size()
                + " module(s) failed on "
                + image
                + " (kernel "
                + kernel
                + "): "
                + String.join("; ", blocking.stream().map(ModuleResult::describe).toList()));
      }
    } catch (IOException e) {
      throw CommandException.toolFailed("verify " + image + ": " + e.getMessage(), null, e);
    } finally {
      FileTrees.deleteQuietly(scratch);
    }
  }

  private void verifyPolicy(PrintWriter out, List<String> failed) throws InterruptedException {
    if (!Files.isRegularFile(policy) || !Files.isReadable(policy)) {
      throw CommandException.usage(
          "--policy " + policy + (Files.exists(policy) ? " cannot be read" : " not found"),
          "give a containers policy.json (see containers-policy.json(5))");
    }
    if (registriesD != null && !Files.isDirectory(registriesD)) {
      throw CommandException.usage(
          "--registries.d " + registriesD + " is not a directory",
          "give the directory of the *.yaml files");
    }
    ImageRef ref = SbomCommand.parse(image);
    boolean ok = true;
    try {
      SupplyCheck check = new SupplyCheck(ProcessRunner.local(), engine.registry());
      SupplyCheck.Check sig = check.signature(ref, policy, registriesD);
      out.println(Printable.escape(sig.line()));
      ok &= sig.ok();
      Map<String, Digest> digests =
          new Attestations(ProcessRunner.local(), engine.registry()).platformDigests(ref, platform);
      if (digests.isEmpty()) {
        throw CommandException.usage(
            ref + " has no " + platform + " image", "give one of its platforms with --platform");
      }
      for (Map.Entry<String, Digest> e : digests.entrySet()) {
        for (SupplyCheck.Check c :
            check.attestations(ref, e.getKey(), e.getValue(), policy, registriesD)) {
          out.println(Printable.escape(c.line()));
          ok &= c.ok();
        }
      }
    } catch (ExecException e) {
      throw CommandException.toolFailed(e.getMessage(), e.hint(), e);
    } catch (IOException e) {
      throw CommandException.toolFailed(
          "cannot run the policy check: " + e.getMessage(), "install skopeo", e);
    }
    out.flush();
    if (!ok) {
      failed.add(ref + " failed verification (see above)");
    }
  }

  private ModuleVerifier.Source source(Path dir, boolean required) {
    if (!Files.isDirectory(dir)) {
      throw CommandException.usage(
          "--"
              + (required ? "" : "optional-")
              + "module "
              + dir
              + ": "
              + (Files.exists(dir) ? "not a directory" : "does not exist"),
          "give the directory of a driver's source (the one holding its dkms.conf or Makefile)");
    }
    return new ModuleVerifier.Source(
        dir.toString(), dir.toAbsolutePath().normalize(), required, timeout, null);
  }

  private void pullIfMissing(
      ProcessRunner runner, String program, RegistryOptions registry, OutputListener log)
      throws IOException, InterruptedException {
    ProcessResult exists =
        runner.run(
            Invocation.of(new LocalImages(program).inspect(image, "{{.Id}}"))
                .withTimeout(Duration.ofMinutes(2)));
    if (exists.ok()) {
      return;
    }
    ProcessResult pulled =
        runner.run(
            Invocation.of(new LocalImages(program).pull(image, registry))
                .withTimeout(Duration.ofMinutes(30))
                .withOutput(log));
    if (!pulled.ok()) {
      throw CommandException.toolFailed(
          "cannot pull " + image + ": " + pulled.tail(3).strip(),
          "check the image reference and that you are logged in (podman login); for a registry on 127.0.0.1 without "
              + "TLS pass --tls-verify=false",
          null);
    }
  }

  private static void print(PrintWriter out, List<ModuleResult> results) {
    int w = Math.max(6, results.stream().mapToInt(r -> r.name().length()).max().orElse(6));
    out.println(
        String.format(
            "%-" + w + "s  %-18s  %4s  %-28s  %s", "MODULE", "RESULT", "KO", "VERMAGIC", "TIME"));
    for (ModuleResult r : results) {
      out.println(
          Printable.escape(
              String.format(
                  "%-" + w + "s  %-18s  %4d  %-28s  %ds",
                  r.name(),
                  r.status().word() + (r.required() ? "" : " (optional)"),
                  r.koCount(),
                  r.vermagic() == null ? "-" : r.vermagic().split(" ")[0],
                  r.seconds())));
    }
    for (ModuleResult r : results) {
      if (r.status() != ModuleResult.Status.OK) {
        out.println(
            Printable.escape(
                r.name()
                    + ": "
                    + r.status().word()
                    + (r.detail() == null ? "" : ": " + r.detail())));
        if (r.error() != null) {
          out.println("  first error: " + Printable.escape(r.error()));
        }
      }
    }
    out.flush();
  }
}

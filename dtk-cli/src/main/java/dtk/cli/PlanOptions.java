package dtk.cli;

import dtk.render.Pins;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** What {@code render} and {@code plan} pin on the command line, added with {@code @Mixin}. */
public class PlanOptions {
  @Option(names = "--platform", paramLabel = "ARCH", split = ",",
      description = "Only these platforms (x86_64, aarch64, ...; repeatable or comma-separated).")
  List<String> platforms = new ArrayList<>();

  @Option(names = "--kernel-version", paramLabel = "VERSION", split = ",",
      description = {"Build for this kernel version instead of the spec's pin, for every spec given (repeatable);",
          "--set NAME:kernel.version=VERSION pins one spec. Offline, a spec that reads its kernel from an image needs one."})
  List<String> kernelVersions = new ArrayList<>();

  @Option(names = "--fact", paramLabel = "NAME=VALUE",
      description = "Value of a fact the spec reads from an image label, e.g. --fact compose=CentOS-Stream-9-20240708.0 (repeatable).")
  Map<String, String> facts = new LinkedHashMap<>();

  @Option(names = "--vcs-ref", paramLabel = "REF",
      description = "The commit to record in the vcs.ref and org.opencontainers.image.revision labels.")
  String vcsRef;

  @Option(names = "--templates", paramLabel = "DIR",
      description = "Directory of templates that override the built-in ones file by file (dnf/Containerfile.ftl, apt/Containerfile.ftl, common/steps.ftl).")
  Path templates;

  Pins pins() {
    return new Pins(kernelVersions, facts, Map.of(), vcsRef, null);
  }
}

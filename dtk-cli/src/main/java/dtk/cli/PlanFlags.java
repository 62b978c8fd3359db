package dtk.cli;

import dtk.exec.apply.Pipeline;
import dtk.exec.resolve.NodeListReader;
import dtk.render.NodeKernel;
import dtk.render.Pins;
import dtk.render.Platforms;
import dtk.spec.LoadResult;
import dtk.spec.Printable;
import dtk.spec.ValueRules;
import dtk.spec.model.Kind;
import dtk.spec.model.Spec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/** What {@code render} and {@code plan} pin on the command line, added with {@code @Mixin}. */
public class PlanFlags {
  @Option(
      names = "--platform",
      paramLabel = "ARCH",
      split = ",",
      description = "Only these platforms (x86_64, aarch64, ...; repeatable or comma-separated).")
  List<String> platforms = new ArrayList<>();

  @Option(
      names = "--kernel-version",
      paramLabel = "VERSION",
      split = ",",
      description = {
        "Build for this kernel version instead of the spec's pin (repeatable); only with one spec:",
        "with several, --set NAME:kernel.version=VERSION pins each. Offline, a spec that reads its kernel from an image needs one."
      })
  List<String> kernelVersions = new ArrayList<>();

  @Option(
      names = "--kernels-from",
      paramLabel = "FILE",
      description = {
        "Also build for the kernels of a cluster's nodes: FILE (or - for standard input) is the output of",
        "kubectl get nodes -o json; each node kernel goes to the specs whose kernel.match finds it, on the node's platform."
      })
  String kernelsFrom;

  private List<NodeKernel> nodeKernels;

  @Option(
      names = "--fact",
      paramLabel = "NAME=VALUE",
      description =
          "Value of a fact the spec reads from an image label, e.g. --fact compose=CentOS-Stream-9-20240708.0 (repeatable).")
  Map<String, String> facts = new LinkedHashMap<>();

  @Option(
      names = "--vcs-ref",
      paramLabel = "REF",
      description =
          "The commit to record in the vcs.ref and org.opencontainers.image.revision labels.")
  String vcsRef;

  @Option(
      names = "--templates",
      paramLabel = "DIR",
      description =
          "Directory of templates that override the built-in ones file by file (dnf/Containerfile.ftl, apt/Containerfile.ftl, common/steps.ftl).")
  Path templates;

  /**
   * Refuses {@code --kernel-version} values that are not kernel releases, and {@code
   * --kernel-version} with several specs: a Debian and a Fedora spec never share a kernel, and
   * silently giving every spec the same one would build toolkits for the wrong kernel.
   */
  void checkKernelVersions(List<Spec> specs) {
    for (String v : kernelVersions) {
      String bad = ValueRules.kernelRelease(v);
      if (bad != null) {
        throw CommandException.usage(
            "--kernel-version '" + ValueRules.printable(v) + "' " + bad,
            "give the release as the package manager names it, e.g. --kernel-version 5.14.0-570.el9");
      }
    }
    if (!kernelVersions.isEmpty() && specs.size() > 1) {
      String names = String.join(", ", specs.stream().map(Spec::name).toList());
      throw CommandException.usage(
          "--kernel-version applies to one spec, but "
              + specs.size()
              + " are given ("
              + names
              + ")",
          "pin each spec with --set NAME:kernel.version=VERSION, e.g. --set "
              + specs.get(0).name()
              + ":kernel.version="
              + kernelVersions.get(0)
              + ", or give only one spec");
    }
  }

  /**
   * {@code --platform} values that are not a platform dtk builds for (x86_64, aarch64, ppc64le,
   * s390x) are a usage error; said before any spec is read.
   */
  static void checkKnown(List<String> platforms) {
    for (String p : platforms) {
      if (!Platforms.known(p)) {
        throw CommandException.usage(
            "unknown platform '" + p + "' in --platform",
            "use x86_64, aarch64, ppc64le or s390x (the kernel's names, not amd64 or arm64)");
      }
    }
  }

  /**
   * A {@code --platform} that none of {@code specs} builds is a usage error: a plan, build or push
   * for it would silently do nothing (an empty CI matrix). A platform built by at least one spec is
   * fine; the specs that do not build it are skipped.
   */
  static void checkBuilt(List<String> platforms, List<Spec> specs) {
    checkKnown(platforms);
    Set<String> built = new LinkedHashSet<>();
    specs.stream()
        .filter(s -> s.kind() == Kind.DriverToolkit)
        .forEach(s -> built.addAll(s.platforms()));
    List<String> missing = platforms.stream().filter(p -> !built.contains(p)).distinct().toList();
    if (!missing.isEmpty()) {
      throw CommandException.usage(
          "no spec given builds "
              + String.join(", ", missing)
              + " (--platform "
              + String.join(",", platforms)
              + ")",
          built.isEmpty()
              ? "give spec files of kind DriverToolkit"
              : "these specs build "
                  + String.join(", ", built)
                  + "; drop --platform or give a spec that lists the platform");
    }
  }

  /**
   * Loads the specs at {@code paths} (default {@code specs/}) and checks the options against them:
   * invalid specs are reported (exit 3), then {@code --kernel-version} and {@code --platform}.
   */
  LoadResult load(List<Path> paths, CommonFlags common, PrintWriter err, String verb) {
    LoadResult loaded =
        Pipeline.load(CommonFlags.inputs(paths), common.sets(), common.allowedPaths());
    if (!loaded.ok()) {
      throw RenderCommand.reportInvalid(loaded.diagnostics(), err, verb);
    }
    checkKernelVersions(loaded.specs());
    checkBuilt(platforms, loaded.specs());
    warnUnclaimed(loaded.specs(), err);
    return loaded;
  }

  /** A {@code dtk: warning:} line per node kernel of {@code --kernels-from} that no spec takes. */
  void warnUnclaimed(List<Spec> specs, PrintWriter err) {
    List<String> left = NodeKernel.unclaimed(specs, nodeKernels());
    for (String k : left) {
      err.println(
          "dtk: warning: node kernel "
              + Printable.escape(k)
              + " matches no spec's kernel.match; no toolkit is"
              + " planned for it");
    }
    if (!left.isEmpty()) {
      err.println(
          "  hint: add kernel.match to the spec of that distro (e.g. kernel: { match: '\\.el9\\.' }), or ignore"
              + " it if no driver runs there");
      err.flush();
    }
  }

  /** The node kernels of {@code --kernels-from}, read once; none without it. */
  List<NodeKernel> nodeKernels() {
    if (nodeKernels == null) {
      nodeKernels = kernelsFrom == null ? List.of() : readNodeKernels(kernelsFrom);
    }
    return nodeKernels;
  }

  /** Cap on a --kernels-from file: a NodeList of thousands of nodes is a few MiB. */
  static final int MAX_NODE_LIST_BYTES = 64 << 20;

  private static List<NodeKernel> readNodeKernels(String from) {
    byte[] bytes;
    try (InputStream in = from.equals("-") ? System.in : Files.newInputStream(Path.of(from))) {
      bytes = in.readNBytes(MAX_NODE_LIST_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw CommandException.usage(
          "--kernels-from " + from + ": no such file",
          "give the output of kubectl get nodes -o json, e.g. kubectl get nodes -o json > nodes.json");
    } catch (IOException e) {
      throw CommandException.usage(
          "--kernels-from " + from + ": cannot read it: " + e.getMessage(),
          "check the path and its permissions");
    }
    if (bytes.length > MAX_NODE_LIST_BYTES) {
      throw CommandException.usage(
          "--kernels-from " + from + " is larger than " + (MAX_NODE_LIST_BYTES >> 20) + " MiB",
          "give the output of kubectl get nodes -o json");
    }
    try {
      return NodeListReader.read(
          new String(bytes, StandardCharsets.UTF_8), from.equals("-") ? "standard input" : from);
    } catch (NodeListReader.InvalidException e) {
      throw CommandException.usage("--kernels-from " + Printable.escape(e.getMessage()), e.hint());
    }
  }

  Pins pins() {
    return new Pins(kernelVersions, facts, Map.of(), vcsRef, null, nodeKernels());
  }
}

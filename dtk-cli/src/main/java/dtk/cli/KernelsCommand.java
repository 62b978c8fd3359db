package dtk.cli;

import dtk.exec.ExecException;
import dtk.exec.process.ProcessRunner;
import dtk.exec.registry.Registries;
import dtk.exec.resolve.OnlineResolver;
import dtk.render.JsonText;
import dtk.render.NodeKernel;
import dtk.render.OfflineResolver;
import dtk.render.Pins;
import dtk.render.RenderException;
import dtk.render.Resolution;
import dtk.render.TargetExpander;
import dtk.spec.LoadResult;
import dtk.spec.Printable;
import dtk.spec.model.Kind;
import dtk.spec.model.Spec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dtk kernels}: the kernels each spec yields now, per platform, and where each came from.
 */
@Command(
    name = "kernels",
    mixinStandardHelpOptions = true,
    description = {
      "Per spec and platform: the kernels dtk plan and dtk apply would build a toolkit for now, and where each came "
          + "from (a pin, the label of an image, a package repository's index, the nodes of --kernels-from). "
          + "Reads the registries and repositories the specs name; --offline only the pins and --kernels-from.",
    })
public final class KernelsCommand implements Callable<Integer> {
  enum Format {
    text,
    json
  }

  @picocli.CommandLine.Spec CommandSpec command;

  @Mixin CommonFlags common;
  @Mixin PlanFlags plan;
  @Mixin RegistryFlags registry;

  @Parameters(
      arity = "0..*",
      paramLabel = "PATH",
      description = "Spec files or directories of them (default: specs/).")
  List<Path> paths = new ArrayList<>();

  @Option(
      names = "--offline",
      description = "Read no registry or repository: only pins and --kernels-from.")
  boolean offline;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  /** One kernel of one spec on one platform. */
  record Row(Spec spec, String arch, String kernel, String origin) {}

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    PlanFlags.checkKnown(plan.platforms);
    LoadResult loaded = plan.load(paths, common, err, "list kernels of");
    List<Spec> specs =
        loaded.specs().stream()
            .filter(
                s ->
                    s.kind() == Kind.DriverToolkit
                        && !TargetExpander.archs(s, plan.platforms).isEmpty())
            .toList();
    Pins pins = plan.pins();
    Map<Spec, Resolution> resolved = new LinkedHashMap<>();
    try {
      if (offline) {
        List<dtk.spec.Diagnostic> problems = new ArrayList<>();
        for (Spec s : specs) {
          try {
            resolved.put(
                s, OfflineResolver.resolve(s, TargetExpander.archs(s, plan.platforms), pins));
          } catch (RenderException e) {
            problems.addAll(e.diagnostics());
          }
        }
        if (!problems.isEmpty()) {
          throw RenderCommand.reportInvalid(problems, err, "list kernels of");
        }
      } else {
        CommonFlags.checkEnvironment(System.getenv());
        OnlineResolver resolver =
            OnlineResolver.standard(
                Registries.inspector(registry.registry()),
                ProcessRunner.local(),
                System.getenv(),
                registry.registry());
        resolved.putAll(resolver.resolveAll(specs, plan.platforms, pins));
      }
    } catch (ExecException e) {
      throw CommandException.toolFailed(e.getMessage(), e.hint(), e);
    }
    List<Row> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    resolved.forEach(
        (spec, r) -> {
          for (String arch : TargetExpander.archs(spec, plan.platforms)) {
            for (String k : r.kernelVersions(arch)) {
              String origin = r.kernelOrigin(arch, k);
              rows.add(new Row(spec, arch, k, origin == null ? "" : origin));
            }
            if (r.kernelVersions(arch).isEmpty()) {
              notes.add(
                  "spec '"
                      + spec.name()
                      + "': no kernel on "
                      + arch
                      + (pins.nodeKernels().isEmpty()
                          ? ""
                          : " (no node of --kernels-from runs " + arch + ")"));
            }
          }
          notes.addAll(r.notes());
        });
    List<String> unclaimed = NodeKernel.unclaimed(loaded.specs(), pins.nodeKernels());
    out.print(format == Format.json ? json(rows, notes, unclaimed) : text(rows, notes));
    out.flush();
    return ExitStatus.OK.code();
  }

  static String text(List<Row> rows, List<String> notes) {
    List<String[]> table = new ArrayList<>();
    table.add(new String[] {"SPEC", "PLATFORM", "KERNEL", "FROM"});
    for (Row r : rows) {
      table.add(new String[] {r.spec().name(), r.arch(), r.kernel(), r.origin()});
    }
    int[] w = new int[3];
    for (String[] t : table) {
      for (int i = 0; i < 3; i++) {
        w[i] = Math.max(w[i], Printable.escape(t[i]).length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (String[] t : table) {
      for (int i = 0; i < 3; i++) {
        String c = Printable.escape(t[i]);
        b.append(c).append(" ".repeat(w[i] - c.length() + 2));
      }
      b.append(Printable.escape(t[3]).strip()).append('\n');
    }
    notes.forEach(n -> b.append("note: ").append(Printable.escape(n)).append('\n'));
    return b.toString();
  }

  /**
   * {@code
   * {"specs":[{"name","file","platforms":{"x86_64":[{"kernel","from"}]}}],"notes":[],"unclaimedNodeKernels":[]}}.
   */
  static String json(List<Row> rows, List<String> notes, List<String> unclaimed) {
    Map<Spec, Map<String, List<Object>>> bySpec = new LinkedHashMap<>();
    for (Row r : rows) {
      Map<String, Object> k = new LinkedHashMap<>();
      k.put("kernel", r.kernel());
      k.put("from", r.origin());
      bySpec
          .computeIfAbsent(r.spec(), s -> new LinkedHashMap<>())
          .computeIfAbsent(r.arch(), a -> new ArrayList<>())
          .add(k);
    }
    List<Object> specs = new ArrayList<>();
    bySpec.forEach(
        (spec, platforms) -> {
          Map<String, Object> s = new LinkedHashMap<>();
          s.put("name", spec.name());
          s.put("file", spec.file().toString().replace('\\', '/'));
          s.put("platforms", platforms);
          specs.add(s);
        });
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("specs", specs);
    root.put("notes", notes);
    root.put("unclaimedNodeKernels", unclaimed);
    return JsonText.write(root);
  }
}

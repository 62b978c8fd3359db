package dtk.render;

import dtk.render.internal.ContainerfileView;
import dtk.render.internal.ContainerfileView.RepoView;
import dtk.render.internal.ContainerfileView.UserView;
import dtk.render.internal.ContainerfileView.VariantView;
import dtk.render.internal.Escapes;
import dtk.render.internal.TemplateEngine;
import dtk.render.internal.Values;
import dtk.spec.Diagnostic;
import dtk.spec.DiagnosticCode;
import dtk.spec.Digest;
import dtk.spec.Location;
import dtk.spec.ValueCheck;
import dtk.spec.ValueRules;
import dtk.spec.model.ModuleSource;
import dtk.spec.model.PackageEntry;
import dtk.spec.model.PackageManager;
import dtk.spec.model.SecretSpec;
import dtk.spec.model.Spec;
import dtk.spec.model.Variant;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Renders a {@link Target} into its {@link BuildContext} with the built-in templates ({@code
 * dnf/Containerfile.ftl}, {@code apt/Containerfile.ftl}, {@code common/steps.ftl}) or a user
 * directory that overrides them file by file. Thread-safe; FreeMarker is configured on the first
 * render.
 */
public final class Renderer {
  /** Kernel packages when a spec lists none. */
  static final Map<PackageManager, List<String>> DEFAULT_KERNEL_PACKAGES =
      Map.of(
          PackageManager.dnf,
              List.of(
                  "kernel-core-${kernel.version}",
                  "kernel-devel-${kernel.version}",
                  "kernel-headers-${kernel.version}",
                  "kernel-modules-${kernel.version}",
                  "kernel-modules-extra-${kernel.version}"),
          PackageManager.apt, List.of("linux-headers-${kernel.version}"));

  private static final String KERNEL_SENTINEL = "\u0000kernel.version\u0000";
  private static final Pattern IMAGE_REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]*");

  /** The names a Containerfile template can use, for hints: the components of its view. */
  static final String TEMPLATE_NAMES =
      java.util.Arrays.stream(ContainerfileView.class.getRecordComponents())
          .map(java.lang.reflect.RecordComponent::getName)
          .collect(java.util.stream.Collectors.joining(", "));

  private final TemplateEngine engine;

  private Renderer(Path templates) {
    this.engine = new TemplateEngine(templates);
  }

  /**
   * The renderer with the built-in templates only (one per JVM; FreeMarker starts on first use).
   */
  public static Renderer builtIn() {
    return BuiltIn.INSTANCE;
  }

  private static final class BuiltIn {
    static final Renderer INSTANCE = new Renderer(null);
  }

  /**
   * A renderer whose templates in {@code dir} override the built-in ones file by file ({@code
   * dir/dnf/Containerfile.ftl} replaces the built-in dnf template).
   *
   * @throws IllegalArgumentException when {@code dir} is not a directory
   */
  public static Renderer withTemplates(Path dir) {
    if (dir == null) {
      return builtIn();
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "template directory " + dir + " does not exist or is not a directory");
    }
    return new Renderer(dir.toAbsolutePath().normalize());
  }

  /** The template that renders {@code spec}'s Containerfile: {@code dnf/Containerfile.ftl}. */
  public static String templateName(Spec spec) {
    PackageManager pm = spec.packageManager() == null ? PackageManager.dnf : spec.packageManager();
    return pm.name() + "/Containerfile.ftl";
  }

  /**
   * Renders every target, in parallel, returning the contexts in the targets' order.
   *
   * @throws RenderException with the problems of every target (each distinct problem once)
   */
  public List<BuildContext> renderAll(List<Target> targets) {
    BuildContext[] out = new BuildContext[targets.size()];
    RenderException[] failed = new RenderException[targets.size()];
    java.util.stream.IntStream.range(0, targets.size())
        .parallel()
        .forEach(
            i -> {
              try {
                out[i] = render(targets.get(i));
              } catch (RenderException e) {
                failed[i] = e;
              }
            });
    java.util.Set<Diagnostic> problems = new java.util.LinkedHashSet<>();
    for (RenderException e : failed) {
      if (e != null) {
        problems.addAll(e.diagnostics());
      }
    }
    if (!problems.isEmpty()) {
      throw new RenderException(List.copyOf(problems));
    }
    return List.of(out);
  }

  /**
   * The build context of {@code t}.
   *
   * @throws RenderException for a value that cannot be written safely (pointing at the spec) or a
   *     template error (pointing at the template line, naming the spec)
   */
  public BuildContext render(Target t) {
    Spec spec = t.spec();
    PackageManager pm = spec.packageManager() == null ? PackageManager.dnf : spec.packageManager();
    Values values = Values.of(t);
    List<Diagnostic> problems = new ArrayList<>();

    String from = baseImage(t, problems);
    boolean matchKernel = spec.compiler() != null && spec.compiler().matchKernel();
    List<String> packages = packages(t, values, pm, matchKernel, problems);
    List<String> kernelPackages =
        spec.kernel() == null || spec.kernel().packages().isEmpty()
            ? DEFAULT_KERNEL_PACKAGES.get(pm)
            : spec.kernel().packages();
    List<String> kernelWords =
        kernelWords(spec, values, kernelPackages, "/kernel/packages/", problems);
    List<VariantView> variants = variants(t, values, pm, problems);
    Repositories repositories = repositories(spec, values, problems);
    BuildArgs args = buildArgs(t, values, problems);
    List<SecretSpec> secrets = secrets(spec, problems);
    UserView user = user(spec, problems);
    boolean releaseFile = spec.build() != null && spec.build().releaseFile();
    List<String> secretIds = secrets.stream().map(SecretSpec::id).toList();
    boolean subscription =
        secretIds.contains("rhsm-org") && secretIds.contains("rhsm-activationkey");
    Map<String, String> labels = labels(t, values, problems);
    List<String> unset = unsetLabels(spec, problems);
    Map<String, String> provenance = provenance(t, problems);
    if (!problems.isEmpty()) {
      throw new RenderException(problems);
    }

    ContainerfileView view =
        new ContainerfileView(
            spec.name(),
            t.arch(),
            from,
            args.names(),
            repositories.views(),
            packages,
            kernelWords,
            variants,
            matchKernel,
            secretIds,
            subscription,
            releaseFile,
            pm == PackageManager.dnf ? "." + t.arch() : "",
            user,
            labels);
    String containerfile = containerfile(t, view);
    Map<String, String> digestFiles = new TreeMap<>(repositories.files());
    digestFiles.put(BuildContext.CONTAINERFILE, containerfile);
    digestFiles.putAll(moduleInputs(spec, problems));
    if (!problems.isEmpty()) {
      throw new RenderException(problems);
    }
    Digest digest =
        InputsDigest.of(
            t.platform(), from, t.baseDigest(), digestFiles, args.values(), labels, unset);
    return new BuildContext(
        t,
        containerfile,
        repositories.files(),
        args.values(),
        labels,
        provenance,
        unset,
        secrets,
        digest);
  }

  /** The repository files by context path ({@code repos/NAME}) and as the template sees them. */
  private record Repositories(Map<String, String> files, List<RepoView> views) {}

  /**
   * Every build argument ({@code KERNEL_VERSION} first) and the names the spec declares, in order.
   */
  private record BuildArgs(Map<String, String> values, List<String> names) {}

  private static String baseImage(Target t, List<Diagnostic> problems) {
    String from = t.fromImage();
    if (!IMAGE_REF.matcher(from).matches()) {
      problems.add(
          error(
              t.spec(),
              "/baseImage",
              "base image '" + Escapes.printable(from) + "' is not an image reference",
              "write it as registry/repository:tag, such as quay.io/centos/centos:stream9"));
    }
    return from;
  }

  /** The spec's packages for the target's arch, interpolated. */
  private static List<String> packages(
      Target t, Values values, PackageManager pm, boolean matchKernel, List<Diagnostic> problems) {
    Spec spec = t.spec();
    List<String> packages = new ArrayList<>();
    for (int i = 0; i < spec.packages().size(); i++) {
      PackageEntry p = spec.packages().get(i);
      if (!p.appliesTo(t.arch())) {
        continue;
      }
      String name = values.interpolate(p.name(), "/packages/" + i, problems);
      if (name == null || !packageName(spec, name, "/packages/" + i, problems)) {
        continue;
      }
      // The kernel layer installs gcc of the kernel's version; the distro gcc here would block it.
      if (pm == PackageManager.dnf
          && matchKernel
          && (name.equals("gcc") || name.equals("gcc-c++"))) {
        continue;
      }
      packages.add(name);
    }
    return packages;
  }

  /** The kernel variants for the target's arch, with their build argument and kernel flavour. */
  private static List<VariantView> variants(
      Target t, Values values, PackageManager pm, List<Diagnostic> problems) {
    Spec spec = t.spec();
    List<VariantView> variants = new ArrayList<>();
    List<Variant> specVariants = spec.kernel() == null ? List.of() : spec.kernel().variants();
    for (int i = 0; i < specVariants.size(); i++) {
      Variant v = specVariants.get(i);
      String at = "/kernel/variants/" + i;
      if (!v.appliesTo(t.arch())) {
        continue;
      }
      String badName = ValueCheck.VARIANT_NAME.problem(v.name());
      if (badName != null) {
        problems.add(error(spec, at + "/name", badName, null));
        continue;
      }
      for (int r = 0; r < v.enableRepos().size(); r++) {
        String badId = ValueCheck.REPOSITORY_ID.problem(v.enableRepos().get(r));
        if (badId != null) {
          problems.add(error(spec, at + "/enableRepos/" + r, badId, null));
        }
      }
      String badRepos = ValueCheck.variantRepositories(v.name(), pm.name(), v.enableRepos().size());
      if (badRepos != null) {
        problems.add(error(spec, at + "/enableRepos", badRepos, null));
      }
      String upper = v.name().toUpperCase(Locale.ROOT);
      String key =
          Character.isDigit(upper.charAt(0))
              ? "KERNEL_" + upper + "_VERSION"
              : upper + "_KERNEL_VERSION";
      variants.add(
          new VariantView(
              v.name(),
              v.enableRepos(),
              kernelWords(spec, values, v.packages(), at + "/packages/", problems),
              key,
              "+" + v.name()));
    }
    return variants;
  }

  /** The spec's repository files, read as UTF-8 and interpolated. */
  private static Repositories repositories(Spec spec, Values values, List<Diagnostic> problems) {
    Map<String, String> repoFiles = new TreeMap<>();
    List<RepoView> repos = new ArrayList<>();
    for (int i = 0; i < spec.repositories().size(); i++) {
      Path p = spec.repositories().get(i);
      String at = "/repositories/" + i;
      String fileName = p.getFileName() == null ? "" : p.getFileName().toString();
      String badFile = ValueCheck.REPOSITORY_FILE_NAME.problem(fileName);
      if (badFile != null) {
        problems.add(error(spec, at, badFile, null));
        continue;
      }
      String source = "repos/" + fileName;
      List<String> names = new ArrayList<>();
      spec.repositories()
          .subList(0, i + 1)
          .forEach(r -> names.add(r.getFileName() == null ? "" : r.getFileName().toString()));
      if (ValueRules.repeatsEarlierFileName(names, i)) {
        problems.add(
            error(
                spec,
                at,
                "two repository files are named '" + fileName + "'",
                "rename one of them"));
        continue;
      }
      String text = readText(spec, p, at, problems);
      if (text == null) {
        continue;
      }
      String content = values.interpolate(text, at, problems);
      if (content != null) {
        repoFiles.put(source, content);
        repos.add(new RepoView(source, fileName));
      }
    }
    return new Repositories(repoFiles, repos);
  }

  /** {@code KERNEL_VERSION} and the spec's build arguments, interpolated. */
  private static BuildArgs buildArgs(Target t, Values values, List<Diagnostic> problems) {
    Spec spec = t.spec();
    Map<String, String> buildArgs = new LinkedHashMap<>();
    buildArgs.put("KERNEL_VERSION", t.kernelVersion());
    List<String> argNames = new ArrayList<>();
    if (spec.build() == null) {
      return new BuildArgs(buildArgs, argNames);
    }
    for (var e : spec.build().args().entrySet()) {
      String at = "/build/args/" + pointerToken(e.getKey());
      String badArg = ValueCheck.BUILD_ARG_NAME.problem(e.getKey());
      if (badArg != null) {
        problems.add(error(spec, at, badArg, null));
        continue;
      }
      String v = values.interpolate(e.getValue(), at, problems);
      if (v != null && safe(spec, v, "build argument " + e.getKey(), at, problems)) {
        buildArgs.put(e.getKey(), v);
        argNames.add(e.getKey());
      }
    }
    return new BuildArgs(buildArgs, argNames);
  }

  private static List<SecretSpec> secrets(Spec spec, List<Diagnostic> problems) {
    if (spec.build() == null) {
      return List.of();
    }
    List<SecretSpec> secrets = spec.build().secrets();
    for (int i = 0; i < secrets.size(); i++) {
      String badSecret = ValueCheck.SECRET_ID.problem(secrets.get(i).id());
      if (badSecret != null) {
        problems.add(error(spec, "/build/secrets/" + i + "/id", badSecret, null));
      }
    }
    return secrets;
  }

  /** The non-root user the image ends with, or {@code null}. */
  private static UserView user(Spec spec, List<Diagnostic> problems) {
    if (spec.build() == null || spec.build().user() == null) {
      return null;
    }
    var u = spec.build().user();
    String badUser = ValueCheck.USER_NAME.problem(u.name());
    if (badUser != null) {
      problems.add(error(spec, "/build/user/name", badUser, null));
    } else if (u.uid() <= 0) {
      problems.add(
          error(
              spec,
              "/build/user/uid",
              "uid " + u.uid() + " is not a non-root user id",
              "use 1000 or above"));
    } else {
      return new UserView(u.name(), u.uid());
    }
    return null;
  }

  /** The label keys the image must not inherit from its base. */
  private static List<String> unsetLabels(Spec spec, List<Diagnostic> problems) {
    List<String> unset = new ArrayList<>();
    for (int i = 0; i < spec.unsetLabels().size(); i++) {
      String k = spec.unsetLabels().get(i);
      try {
        unset.add(Escapes.labelKey(k));
      } catch (Escapes.UnsafeValueException e) {
        problems.add(error(spec, "/unsetLabels/" + i, e.getMessage(), null));
      }
    }
    return unset;
  }

  /** The VCS labels of the target's revision; empty without one. */
  private static Map<String, String> provenance(Target t, List<Diagnostic> problems) {
    Map<String, String> provenance = new LinkedHashMap<>();
    if (t.vcsRef() != null) {
      if (safe(t.spec(), t.vcsRef(), "vcs.ref", "", problems)) {
        provenance.put("vcs.ref", t.vcsRef());
        provenance.put("org.opencontainers.image.revision", t.vcsRef());
      }
    }
    return provenance;
  }

  /** The Containerfile the spec's template makes of {@code view}, ending with a newline. */
  private String containerfile(Target t, ContainerfileView view) {
    Spec spec = t.spec();
    String containerfile;
    try {
      containerfile = engine.render(templateName(spec), view);
    } catch (TemplateEngine.TemplateFailure f) {
      Path file = engine.describe(f.template());
      throw new RenderException(
          Diagnostic.error(
              DiagnosticCode.RENDER_TEMPLATE,
              new Location(file, f.line(), f.column()),
              "template "
                  + f.template()
                  + " failed for spec '"
                  + spec.name()
                  + "' ("
                  + spec.file()
                  + ") on "
                  + t.arch()
                  + ": "
                  + f.getMessage(),
              (engine.overrideDir() != null
                      ? "check the templates in " + engine.overrideDir() + "; "
                      : "")
                  + "a Containerfile template sees "
                  + TEMPLATE_NAMES
                  + " and the functions shq, shword, labelq, labelKey"));
    }
    return containerfile.endsWith("\n") ? containerfile : containerfile + "\n";
  }

  private Map<String, String> labels(Target t, Values values, List<Diagnostic> problems) {
    Spec spec = t.spec();
    Map<String, String> labels = new LinkedHashMap<>();
    // defaults first, so the spec's own labels override them in place
    labels.put("org.opencontainers.image.title", spec.name());
    if (!spec.metadata().description().isEmpty()) {
      labels.put("org.opencontainers.image.description", spec.metadata().description());
    }
    labels.put("org.opencontainers.image.version", t.kernelVersion());
    labels.put("org.opencontainers.image.base.name", t.baseImage());
    if (t.baseDigest() != null) {
      labels.put("org.opencontainers.image.base.digest", t.baseDigest().toString());
    }
    labels.keySet().removeAll(spec.unsetLabels()); // a default the spec unsets is not set at all
    for (var e : spec.labels().entrySet()) {
      String at = "/labels/" + pointerToken(e.getKey());
      try {
        Escapes.labelKey(e.getKey());
      } catch (Escapes.UnsafeValueException x) {
        problems.add(error(spec, at, x.getMessage(), null));
        continue;
      }
      String v = values.interpolate(e.getValue(), at, problems);
      if (v == null) {
        continue;
      }
      try {
        Escapes.labelQuote(v);
        labels.put(e.getKey(), v);
      } catch (Escapes.UnsafeValueException x) {
        problems.add(
            error(
                spec,
                at,
                "label '" + e.getKey() + "': " + x.getMessage(),
                "write the value on one line (in YAML, a folded scalar '>-' joins its lines with spaces)"));
      }
    }
    for (var e : labels.entrySet()) {
      if (!spec.labels().containsKey(e.getKey())) {
        try {
          Escapes.labelQuote(e.getValue());
        } catch (Escapes.UnsafeValueException x) {
          problems.add(
              error(
                  spec,
                  e.getKey().endsWith("description") ? "/metadata/description" : "/baseImage",
                  "label '" + e.getKey() + "': " + x.getMessage(),
                  "write the value on one line"));
        }
      }
    }
    return labels;
  }

  /**
   * Package names with {@code ${kernel.version}} written as {@code "${KERNEL_VERSION}"}, the rest
   * quoted.
   */
  private static List<String> kernelWords(
      Spec spec, Values values, List<String> names, String at, List<Diagnostic> problems) {
    Map<String, String> with = new LinkedHashMap<>(values.map());
    with.put("kernel.version", KERNEL_SENTINEL);
    List<String> words = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String raw = names.get(i);
      String pointer = at + i;
      if (raw.indexOf('\u0000') >= 0) {
        problems.add(error(spec, pointer, "package name contains a NUL character", null));
        continue;
      }
      String s = values.interpolate(raw, with, pointer, problems);
      if (s == null) {
        continue;
      }
      String plain = s.replace(KERNEL_SENTINEL, "");
      if (!packageName(
          spec, s.startsWith(KERNEL_SENTINEL) ? "x" + plain : plain, pointer, problems)) {
        continue;
      }
      StringBuilder w = new StringBuilder();
      String[] parts = s.split(KERNEL_SENTINEL, -1);
      for (int p = 0; p < parts.length; p++) {
        if (!parts[p].isEmpty()) {
          w.append(Escapes.shellWord(parts[p]));
        }
        if (p < parts.length - 1) {
          w.append("\"${KERNEL_VERSION}\"");
        }
      }
      words.add(w.toString());
    }
    return words;
  }

  private static boolean packageName(Spec spec, String name, String at, List<Diagnostic> problems) {
    String bad = ValueRules.packageName(name);
    if (bad != null && !bad.startsWith("contains")) {
      problems.add(error(spec, at, ValueCheck.message("package name", name, bad), null));
      return false;
    }
    return safe(spec, name, "package name", at, problems);
  }

  private static boolean safe(
      Spec spec, String value, String what, String at, List<Diagnostic> problems) {
    try {
      Escapes.shellQuote(value);
      return true;
    } catch (Escapes.UnsafeValueException e) {
      problems.add(
          error(spec, at, what + " '" + Escapes.printable(value) + "': " + e.getMessage(), null));
      return false;
    }
  }

  private static String readText(Spec spec, Path p, String at, List<Diagnostic> problems) {
    try {
      byte[] bytes = Files.readAllBytes(p);
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      problems.add(error(spec, at, "repository file " + p + " is not UTF-8 text", null));
    } catch (IOException e) {
      problems.add(
          error(
              spec,
              at,
              "repository file " + p + " cannot be read: " + e.getMessage(),
              "paths are relative to the spec file that names them"));
    }
    return null;
  }

  /**
   * The driver sources of {@code verify.modules} as digest inputs ({@code verify/modules/<i>}): a
   * directory by its {@link SourceTree#listing}, a git source by URL and ref; with whether it is
   * required. Empty without modules, so that other digests stay as they were.
   */
  private static Map<String, String> moduleInputs(Spec spec, List<Diagnostic> problems) {
    Map<String, String> out = new TreeMap<>();
    if (spec.verify() == null || !spec.verify().enabled()) {
      return out;
    }
    List<ModuleSource> modules = spec.verify().modules();
    for (int i = 0; i < modules.size(); i++) {
      ModuleSource m = modules.get(i);
      String head = "required " + m.required() + "\n";
      if (m.isGit()) {
        out.put("verify/modules/" + i, head + "git " + m.git() + "\nref " + m.ref() + "\n");
        continue;
      }
      try {
        out.put(
            "verify/modules/" + i,
            head + "path " + m.written() + "\n" + SourceTree.listing(m.path()));
      } catch (IOException e) {
        problems.add(
            error(
                spec,
                "/verify/modules/" + i + "/path",
                "cannot read module source " + m.written() + ": " + e.getMessage(),
                "a module path is a readable directory next to the spec"));
      }
    }
    return out;
  }

  private static Diagnostic error(Spec spec, String pointer, String message, String hint) {
    return Diagnostic.error(code(pointer), spec.source().locate(pointer), message, hint);
  }

  /** A stable code per kind of value: {@code render/label}, {@code render/package}, ... */
  static DiagnosticCode code(String pointer) {
    if (pointer.startsWith("/labels")
        || pointer.startsWith("/unsetLabels")
        || pointer.startsWith("/metadata")) {
      return DiagnosticCode.RENDER_LABEL;
    } else if (pointer.startsWith("/packages") || pointer.startsWith("/kernel")) {
      return DiagnosticCode.RENDER_PACKAGE;
    } else if (pointer.startsWith("/repositories")) {
      return DiagnosticCode.RENDER_REPOSITORY;
    } else if (pointer.startsWith("/build/args")) {
      return DiagnosticCode.RENDER_BUILD_ARG;
    } else if (pointer.startsWith("/build/secrets")) {
      return DiagnosticCode.RENDER_SECRET;
    } else if (pointer.startsWith("/build/user")) {
      return DiagnosticCode.RENDER_USER;
    } else if (pointer.startsWith("/baseImage")) {
      return DiagnosticCode.RENDER_BASE_IMAGE;
    }
    return DiagnosticCode.RENDER_VALUE;
  }

  /** A JSON-pointer token: {@code ~} and {@code /} escaped (RFC 6901). */
  static String pointerToken(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}

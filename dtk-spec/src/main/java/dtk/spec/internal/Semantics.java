package dtk.spec.internal;

import dtk.spec.Diagnostic;
import dtk.spec.DiagnosticCode;
import dtk.spec.ImageRef;
import dtk.spec.Interpolation;
import dtk.spec.Location;
import dtk.spec.SpecPaths;
import dtk.spec.Suggest;
import dtk.spec.ValueCheck;
import dtk.spec.ValueRules;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rules the schema cannot express, run on any document (read defensively): {@code spec/...} and
 * {@code interpolation/...} diagnostics.
 */
public final class Semantics {
  public static final String API_VERSION = "dtk/v1";

  private Semantics() {}

  /**
   * Checks {@code doc}. {@code complete} is true for a merged DriverToolkit (every rule applies);
   * false for a DriverToolkitDefaults file on its own (facts and platforms may come later).
   */
  public static List<Diagnostic> check(Doc doc, boolean complete) {
    return check(doc, complete, null, null);
  }

  /** As {@link #check(Doc, boolean)}, with the paths the spec names confined by {@code paths}. */
  public static List<Diagnostic> check(Doc doc, boolean complete, SpecPaths paths) {
    return check(doc, complete, null, paths);
  }

  /**
   * As {@link #check(Doc, boolean)}; {@code writtenPlatforms} are the platforms the files declare
   * before {@code --set} (null: take them from {@code doc}). Variant platforms are checked against
   * those, so narrowing platforms on the command line does not make a variant wrong.
   */
  public static List<Diagnostic> check(Doc doc, boolean complete, List<Object> writtenPlatforms) {
    return check(doc, complete, writtenPlatforms, null);
  }

  /**
   * As {@link #check(Doc, boolean, List)}; every file the spec names must pass {@code paths} (null:
   * no confinement) before it is looked at.
   */
  public static List<Diagnostic> check(
      Doc doc, boolean complete, List<Object> writtenPlatforms, SpecPaths paths) {
    return check(doc, complete, writtenPlatforms, paths, new RepositoryFileChecks());
  }

  /**
   * As {@link #check(Doc, boolean, List, SpecPaths)}; a repository file's own checks are taken from
   * {@code repoFiles} when another spec of the same load named the same file.
   */
  public static List<Diagnostic> check(
      Doc doc,
      boolean complete,
      List<Object> writtenPlatforms,
      SpecPaths paths,
      RepositoryFileChecks repoFiles) {
    List<Diagnostic> out = new ArrayList<>();
    Map<String, Object> root = map(doc.root());
    if (root == null) {
      return out;
    }
    Object api = root.get("apiVersion");
    if (api instanceof String s && !s.equals(API_VERSION)) {
      out.add(
          Diagnostic.error(
              DiagnosticCode.SPEC_API_VERSION,
              doc.valueLocation("/apiVersion"),
              "apiVersion '" + s + "' is not supported",
              "write apiVersion: " + API_VERSION));
    }
    imageRef(doc, "/baseImage", root.get("baseImage"), out);
    Map<String, Object> kernel = map(root.get("kernel"));
    if (kernel != null) {
      Map<String, Object> source = map(kernel.get("source"));
      if (source != null) {
        imageRef(doc, "/kernel/source/image", source.get("image"), out);
        kernelSource(doc, source, out);
      }
      regex(doc, "/kernel/match", kernel.get("match"), out);
    }
    Map<String, Object> facts = map(root.get("facts"));
    if (facts != null) {
      facts.forEach(
          (k, v) -> {
            Map<String, Object> f = map(v);
            if (f != null) {
              imageRef(doc, "/facts/" + Pointers.escape(k) + "/image", f.get("image"), out);
            }
          });
    }
    Map<String, Object> image = map(root.get("image"));
    if (image != null) {
      tag(doc, "/image/tag", image.get("tag"), out);
      tag(doc, "/image/platformTag", image.get("platformTag"), out);
    }
    labels(doc, root, out);
    secrets(doc, root, out);
    variants(
        doc,
        writtenPlatforms != null ? writtenPlatforms : list(root.get("platforms")),
        kernel,
        complete,
        out);
    if (complete
        && kernel != null
        && !kernel.containsKey("version")
        && !kernel.containsKey("versions")
        && !kernel.containsKey("source")) {
      out.add(
          Diagnostic.error(
              DiagnosticCode.SPEC_KERNEL,
              doc.keyLocation("/kernel"),
              "kernel needs a version, versions or a source to read the version from",
              "pin kernel.version, or set kernel.source: { image: ..., label: ostree.linux }"));
    }
    repositories(doc, root, complete, paths, repoFiles, out);
    modules(doc, root, paths, out);
    signaturePolicy(doc, root, paths, out);
    interpolation(doc, root, complete, out);
    containerfileValues(doc, root, kernel, out);
    return out;
  }

  /**
   * {@code kernel.source}: an image label or a repository, not both; {@code newest} and {@code
   * match} only with a repository; a repository reads {@code urls} or {@code fromBaseImage}, not
   * both and not neither; urls are http(s) (a spec never names a host file); an apt package has
   * exactly one {@code *}; regular expressions compile.
   */
  private static void kernelSource(Doc doc, Map<String, Object> source, List<Diagnostic> out) {
    Map<String, Object> repo = map(source.get("repository"));
    if (repo == null) {
      for (String k : List.of("newest", "match")) {
        if (source.containsKey(k)) {
          out.add(
              Diagnostic.error(
                  DiagnosticCode.SPEC_KERNEL,
                  doc.keyLocation("/kernel/source/" + k),
                  "kernel.source." + k + " only applies to a repository source",
                  "add kernel.source.repository: { type: dnf|apt, urls: [...], package: ... }, or remove "
                      + k));
        }
      }
      return;
    }
    for (String k : List.of("image", "label")) {
      if (source.containsKey(k)) {
        out.add(
            Diagnostic.error(
                DiagnosticCode.SPEC_KERNEL,
                doc.keyLocation("/kernel/source/" + k),
                "kernel.source reads either an image label (image, label) or a repository, not both",
                "remove kernel.source." + k + ", or remove kernel.source.repository"));
      }
    }
    regex(doc, "/kernel/source/match", source.get("match"), out);
    boolean fromBase = Boolean.TRUE.equals(repo.get("fromBaseImage"));
    List<Object> urls = list(repo.get("urls"));
    if (fromBase && urls != null) {
      out.add(
          Diagnostic.error(
              DiagnosticCode.SPEC_KERNEL,
              doc.keyLocation("/kernel/source/repository/urls"),
              "kernel.source.repository reads either urls or fromBaseImage, not both",
              "remove urls to read the base image's repositories, or remove fromBaseImage"));
    } else if (!fromBase && urls == null) {
      out.add(
          Diagnostic.error(
              DiagnosticCode.SPEC_KERNEL,
              doc.keyLocation("/kernel/source/repository"),
              "kernel.source.repository needs urls or fromBaseImage: true",
              "add fromBaseImage: true to read the repositories the base image is configured with, or list urls"));
    }
    Object type = repo.get("type");
    if (urls != null) {
      for (int i = 0; i < urls.size(); i++) {
        if (urls.get(i) instanceof String u) {
          String problem = repositoryUrl(u, "apt".equals(type));
          if (problem != null) {
            out.add(
                Diagnostic.error(
                    DiagnosticCode.SPEC_KERNEL,
                    doc.valueLocation("/kernel/source/repository/urls/" + i),
                    problem,
                    "apt".equals(type)
                        ? "write \"URI SUITE COMPONENT...\", e.g. \"http://deb.debian.org/debian bookworm main\""
                        : "write a baseurl, e.g. https://mirror.stream.centos.org/9-stream/BaseOS/${arch}/os/"));
          }
        }
      }
    }
    if (repo.get("package") instanceof String pkg) {
      long stars = pkg.chars().filter(c -> c == '*').count();
      if ("apt".equals(type) && stars != 1) {
        out.add(
            Diagnostic.error(
                DiagnosticCode.SPEC_KERNEL,
                doc.valueLocation("/kernel/source/repository/package"),
                "apt package '"
                    + ValueRules.printable(pkg)
                    + "' needs exactly one * standing for the kernel, it has "
                    + stars,
                "e.g. linux-headers-*-amd64"));
      } else if ("dnf".equals(type) && stars != 0) {
        out.add(
            Diagnostic.error(
                DiagnosticCode.SPEC_KERNEL,
                doc.valueLocation("/kernel/source/repository/package"),
                "dnf package '" + ValueRules.printable(pkg) + "' is a package name, without *",
                "e.g. kernel-devel: its version-release is the kernel"));
      }
    }
  }

  /** Why {@code u} is not a repository URL dtk reads, or {@code null}. */
  private static String repositoryUrl(String u, boolean apt) {
    String[] words = u.strip().split("\\s+");
    int first = apt && words.length > 0 && words[0].equals("deb") ? 1 : 0;
    if (apt && words.length - first < 3) {
      return "apt source '" + ValueRules.printable(u) + "' is not \"URI SUITE COMPONENT...\"";
    }
    if (!apt && words.length != 1) {
      return "dnf baseurl '" + ValueRules.printable(u) + "' is not one URL";
    }
    String url = words[first];
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      return "repository URL '"
          + ValueRules.printable(url)
          + "' is not http:// or https:// (a spec names no host file)";
    }
    return null;
  }

  private static void regex(Doc doc, String pointer, Object value, List<Diagnostic> out) {
    if (value instanceof String s) {
      try {
        java.util.regex.Pattern.compile(s);
      } catch (java.util.regex.PatternSyntaxException e) {
        out.add(
            Diagnostic.error(
                DiagnosticCode.SPEC_KERNEL,
                doc.valueLocation(pointer),
                "'"
                    + ValueRules.printable(s)
                    + "' is not a valid regular expression: "
                    + e.getDescription()
                    + " near index "
                    + e.getIndex(),
                "write a Java regular expression, e.g. '^5\\.14\\.0-' (quote it in YAML)"));
      }
    }
  }

  /**
   * The {@link ValueRules} a value's own text already breaks (rendering would refuse it whatever
   * the facts): each reported at the value, under the code rendering uses with {@code spec/}.
   */
  private static void containerfileValues(
      Doc doc, Map<String, Object> root, Map<String, Object> kernel, List<Diagnostic> out) {
    packages(doc, "/packages", list(root.get("packages")), out);
    if (kernel != null) {
      packages(doc, "/kernel/packages", list(kernel.get("packages")), out);
      List<Object> variants = list(kernel.get("variants"));
      for (int i = 0; variants != null && i < variants.size(); i++) {
        Map<String, Object> v = map(variants.get(i));
        if (v == null) {
          continue;
        }
        String p = "/kernel/variants/" + i;
        if (v.get("name") instanceof String n) {
          rule(
              doc,
              DiagnosticCode.SPEC_VARIANT,
              p + "/name",
              false,
              ValueCheck.VARIANT_NAME,
              n,
              out);
        }
        List<Object> repos = list(v.get("enableRepos"));
        if (repos != null && root.get("packageManager") instanceof String pm) {
          String why =
              ValueCheck.variantRepositories(String.valueOf(v.get("name")), pm, repos.size());
          if (why != null) {
            out.add(
                Diagnostic.error(
                    DiagnosticCode.SPEC_VARIANT, doc.valueLocation(p + "/enableRepos"), why, null));
          }
        }
        for (int r = 0; repos != null && r < repos.size(); r++) {
          if (repos.get(r) instanceof String id) {
            rule(
                doc,
                DiagnosticCode.SPEC_VARIANT,
                p + "/enableRepos/" + r,
                false,
                ValueCheck.REPOSITORY_ID,
                id,
                out);
          }
        }
        packages(doc, p + "/packages", list(v.get("packages")), out);
      }
    }
    Map<String, Object> labels = map(root.get("labels"));
    if (labels != null) {
      labels.forEach(
          (k, v) -> {
            if (v instanceof String s) {
              rule(
                  doc,
                  DiagnosticCode.SPEC_LABEL,
                  "/labels/" + Pointers.escape(k),
                  false,
                  "label '" + k + "' value",
                  s,
                  ValueRules.controlCharacter(ValueRules.literalParts(s)),
                  out);
            }
          });
    }
    Map<String, Object> metadata = map(root.get("metadata"));
    if (metadata != null && metadata.get("description") instanceof String d) {
      rule(
          doc,
          DiagnosticCode.SPEC_LABEL,
          "/metadata/description",
          false,
          "description (the image's description label)",
          d,
          ValueRules.controlCharacter(ValueRules.literalParts(d)),
          out);
    }
    Map<String, Object> build = map(root.get("build"));
    if (build == null) {
      return;
    }
    Map<String, Object> args = map(build.get("args"));
    if (args != null) {
      args.forEach(
          (k, v) -> {
            String p = "/build/args/" + Pointers.escape(k);
            String why = ValueCheck.BUILD_ARG_NAME.why(k);
            if (why != null) {
              rule(
                  doc,
                  DiagnosticCode.SPEC_BUILD_ARG,
                  p,
                  true,
                  ValueCheck.BUILD_ARG_NAME.what(),
                  k,
                  why,
                  out);
            } else if (v instanceof String s) {
              rule(
                  doc,
                  DiagnosticCode.SPEC_BUILD_ARG,
                  p,
                  false,
                  "build argument " + k,
                  s,
                  ValueRules.controlCharacter(ValueRules.literalParts(s)),
                  out);
            }
          });
    }
    List<Object> secrets = list(build.get("secrets"));
    for (int i = 0; secrets != null && i < secrets.size(); i++) {
      Map<String, Object> s = map(secrets.get(i));
      if (s != null && s.get("id") instanceof String id) {
        rule(
            doc,
            DiagnosticCode.SPEC_SECRET,
            "/build/secrets/" + i + "/id",
            false,
            ValueCheck.SECRET_ID,
            id,
            out);
      }
    }
    Map<String, Object> user = map(build.get("user"));
    if (user != null && user.get("name") instanceof String n) {
      rule(doc, DiagnosticCode.SPEC_USER, "/build/user/name", false, ValueCheck.USER_NAME, n, out);
    }
  }

  private static void packages(Doc doc, String at, List<Object> packages, List<Diagnostic> out) {
    for (int i = 0; packages != null && i < packages.size(); i++) {
      Object entry = packages.get(i);
      String p = at + "/" + i;
      if (map(entry) != null) {
        entry = map(entry).get("name");
        p = p + "/name";
      }
      if (entry instanceof String name) {
        rule(
            doc,
            DiagnosticCode.SPEC_PACKAGE,
            p,
            false,
            "package name",
            name,
            ValueRules.packageName(ValueRules.literalParts(name)),
            out);
      }
    }
  }

  private static void rule(
      Doc doc,
      DiagnosticCode code,
      String ptr,
      boolean atKey,
      ValueCheck check,
      String value,
      List<Diagnostic> out) {
    rule(doc, code, ptr, atKey, check.what(), value, check.why(value), out);
  }

  private static void rule(
      Doc doc,
      DiagnosticCode code,
      String ptr,
      boolean atKey,
      String what,
      String value,
      String why,
      List<Diagnostic> out) {
    if (why != null) {
      out.add(
          Diagnostic.error(
              code,
              atKey ? doc.keyLocation(ptr) : doc.valueLocation(ptr),
              ValueCheck.message(what, value, why),
              why.startsWith("contains")
                  ? "write the value on one line (in YAML, a folded scalar '>-' joins its lines with spaces)"
                  : why.startsWith("starts with '-'")
                      ? "list package names only: package manager options are not package names"
                      : null));
    }
  }

  private static void imageRef(Doc doc, String ptr, Object v, List<Diagnostic> out) {
    if (!(v instanceof String s)) {
      return;
    }
    try {
      ImageRef.parse(s);
    } catch (ImageRef.InvalidException e) {
      out.add(
          Diagnostic.error(
              DiagnosticCode.SPEC_IMAGE_REF,
              doc.valueLocation(ptr),
              "'" + s + "' is not a valid image reference: " + e.getMessage(),
              "write [registry[:port]/]repository[:tag][@sha256:digest], e.g. quay.io/centos/centos:stream9"));
    }
  }

  /** A tag may hold references: its literal parts must be legal once '+' is normalised to '_'. */
  private static void tag(Doc doc, String ptr, Object v, List<Diagnostic> out) {
    if (!(v instanceof String s)) {
      return;
    }
    String literal;
    try {
      StringBuilder b = new StringBuilder();
      int last = 0;
      for (Interpolation.Reference r : Interpolation.references(s)) {
        b.append(s, last, r.offset()).append('x');
        last = s.indexOf('}', r.offset()) + 1;
      }
      b.append(s.substring(last));
      literal = ImageRef.normaliseTag(b.toString());
    } catch (Interpolation.SyntaxException e) {
      return; // reported by the interpolation check
    }
    if (!ImageRef.isValidTag(literal)
        || literal.length() > 128 && !Interpolation.hasReferences(s)) {
      out.add(
          Diagnostic.error(
              DiagnosticCode.SPEC_TAG,
              doc.valueLocation(ptr),
              "'" + s + "' is not a valid image tag",
              "a tag is letters, digits, '_', '.', '-' (at most 128, not starting with '.' or '-'); '+' becomes '_'"));
    }
  }

  private static void labels(Doc doc, Map<String, Object> root, List<Diagnostic> out) {
    Map<String, Object> labels = map(root.get("labels"));
    List<Object> unset = list(root.get("unsetLabels"));
    if (labels == null || unset == null) {
      return;
    }
    for (int i = 0; i < unset.size(); i++) {
      if (unset.get(i) instanceof String k && labels.containsKey(k)) {
        out.add(
            Diagnostic.error(
                DiagnosticCode.SPEC_LABEL_CONFLICT,
                doc.valueLocation("/unsetLabels/" + i),
                "label '"
                    + k
                    + "' is both set (at "
                    + doc.keyLocation("/labels/" + Pointers.escape(k))
                    + ") and unset",
                "keep it in labels or in unsetLabels, not both"));
      }
    }
  }

  private static void secrets(Doc doc, Map<String, Object> root, List<Diagnostic> out) {
    Map<String, Object> build = map(root.get("build"));
    List<Object> secrets = build == null ? null : list(build.get("secrets"));
    if (secrets == null) {
      return;
    }
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < secrets.size(); i++) {
      Map<String, Object> s = map(secrets.get(i));
      if (s == null) {
        continue;
      }
      String p = "/build/secrets/" + i;
      boolean env = s.containsKey("env");
      boolean file = s.containsKey("file");
      if (env == file) {
        out.add(
            Diagnostic.error(
                DiagnosticCode.SPEC_SECRET,
                doc.valueLocation(p),
                "secret '"
                    + s.get("id")
                    + "' needs exactly one of env and file"
                    + (env ? ", not both" : ""),
                "write { id: "
                    + s.get("id")
                    + ", env: VARIABLE } or { id: "
                    + s.get("id")
                    + ", file: path }"));
      }
      if (s.get("id") instanceof String id && !ids.add(id)) {
        out.add(
            Diagnostic.error(
                DiagnosticCode.SPEC_SECRET,
                doc.valueLocation(p + "/id"),
                "secret id '" + id + "' is used twice",
                "give each secret its own id"));
      }
    }
  }

  private static void variants(
      Doc doc,
      List<Object> platforms,
      Map<String, Object> kernel,
      boolean complete,
      List<Diagnostic> out) {
    List<Object> variants = kernel == null ? null : list(kernel.get("variants"));
    if (variants == null) {
      return;
    }
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < variants.size(); i++) {
      Map<String, Object> v = map(variants.get(i));
      if (v == null) {
        continue;
      }
      String p = "/kernel/variants/" + i;
      if (v.get("name") instanceof String n && !names.add(n)) {
        out.add(
            Diagnostic.error(
                DiagnosticCode.SPEC_DUPLICATE_VARIANT,
                doc.valueLocation(p + "/name"),
                "kernel variant '" + n + "' is defined twice",
                "give each variant its own name"));
      }
      List<Object> vp = list(v.get("platforms"));
      if (complete && vp != null && platforms != null) {
        for (int j = 0; j < vp.size(); j++) {
          if (!platforms.contains(vp.get(j))) {
            out.add(
                Diagnostic.error(
                    DiagnosticCode.SPEC_VARIANT_PLATFORM,
                    doc.valueLocation(p + "/platforms/" + j),
                    "kernel variant '"
                        + v.get("name")
                        + "' names platform '"
                        + vp.get(j)
                        + "', which this spec does not build (platforms: "
                        + join(platforms)
                        + ")",
                    "add it to platforms, or drop it from the variant"));
          }
        }
      }
    }
  }

  private static void repositories(
      Doc doc,
      Map<String, Object> root,
      boolean complete,
      SpecPaths paths,
      RepositoryFileChecks repoFiles,
      List<Diagnostic> out) {
    List<Object> repos = list(root.get("repositories"));
    if (repos == null) {
      return;
    }
    Set<String> facts = factNames(root);
    List<String> fileNames = new ArrayList<>();
    for (int i = 0; i < repos.size(); i++) {
      if (!(repos.get(i) instanceof String r)) {
        continue;
      }
      fileNames.add(r.substring(r.lastIndexOf('/') + 1));
      if (ValueRules.repeatsEarlierFileName(fileNames, fileNames.size() - 1)) {
        out.add(
            Diagnostic.error(
                DiagnosticCode.SPEC_REPOSITORY,
                doc.valueLocation("/repositories/" + i),
                "two repository files are named '" + fileNames.get(fileNames.size() - 1) + "'",
                "they are copied into the build context by name: rename one of them"));
      }
      String p = "/repositories/" + i;
      Path file;
      try {
        file = resolveAgainst(doc, p, r);
      } catch (InvalidPathException e) {
        out.add(
            Diagnostic.error(
                DiagnosticCode.SPEC_REPOSITORY_NOT_FOUND,
                doc.valueLocation(p),
                "repository file '" + r + "' is not a usable path: " + e.getReason(),
                null));
        continue;
      }
      Optional<String> refused = paths == null ? Optional.empty() : paths.refusal(file);
      if (refused.isPresent()) {
        // never opened: not even whether it exists is said
        out.add(
            Diagnostic.error(
                DiagnosticCode.PATH_OUTSIDE_ROOT,
                doc.valueLocation(p),
                "repository file '" + r + "' " + refused.get(),
                paths.hint()));
        continue;
      }
      if (!Files.isRegularFile(file)) {
        out.add(
            Diagnostic.error(
                DiagnosticCode.SPEC_REPOSITORY_NOT_FOUND,
                doc.valueLocation(p),
                "repository file '" + r + "': " + file + " " + dtk.spec.Missing.whyNotAFile(file),
                "paths are relative to the spec file that names them"));
        continue;
      }
      String name = file.getFileName() == null ? "" : file.getFileName().toString();
      rule(
          doc,
          DiagnosticCode.SPEC_REPOSITORY,
          p,
          false,
          ValueCheck.REPOSITORY_FILE_NAME,
          name,
          out);
      if (complete) {
        out.addAll(
            repoFiles.of(
                file,
                facts,
                () -> {
                  List<Diagnostic> d = new ArrayList<>();
                  checkRepoFile(file, facts, d);
                  return d;
                }));
      }
    }
  }

  /**
   * {@code verify.modules}: each a path or a git URL with a ref; a path is confined by {@code
   * paths} and must be a directory; a git URL is https://, ssh:// or user@host:path (never file://
   * nor a host path: a spec never reads host files outside its root).
   */
  private static void modules(
      Doc doc, Map<String, Object> root, SpecPaths paths, List<Diagnostic> out) {
    Map<String, Object> verify = map(root.get("verify"));
    List<Object> modules = verify == null ? null : list(verify.get("modules"));
    if (modules == null) {
      return;
    }
    for (int i = 0; i < modules.size(); i++) {
      Map<String, Object> m = map(modules.get(i));
      if (m == null) {
        continue;
      }
      String p = "/verify/modules/" + i;
      Object path = m.get("path");
      Object git = m.get("git");
      if ((path == null) == (git == null)) {
        out.add(
            Diagnostic.error(
                DiagnosticCode.SPEC_MODULE,
                doc.valueLocation(p),
                path == null
                    ? "verify.modules[" + i + "] names no source"
                    : "verify.modules[" + i + "] names both a path and a git URL",
                "write path: DIR (a directory next to the spec) or git: URL with ref: TAG"));
        continue;
      }
      if (git instanceof String url) {
        if (!(m.get("ref") instanceof String)) {
          out.add(
              Diagnostic.error(
                  DiagnosticCode.SPEC_MODULE,
                  doc.keyLocation(p + "/git"),
                  "module " + url + " has no ref",
                  "add ref: with the tag or commit to build, such as ref: v1.2.3"));
        } else if (((String) m.get("ref")).startsWith("-")) {
          out.add(
              Diagnostic.error(
                  DiagnosticCode.SPEC_MODULE,
                  doc.valueLocation(p + "/ref"),
                  "module " + url + ": ref '" + m.get("ref") + "' starts with '-'",
                  "name a tag, branch or commit"));
        }
        if (!gitUrl(url)) {
          out.add(
              Diagnostic.error(
                  DiagnosticCode.SPEC_MODULE_GIT,
                  doc.valueLocation(p + "/git"),
                  "module git URL '"
                      + url
                      + "' is not allowed: use https://, ssh:// or user@host:path",
                  "a spec never reads host files: file:// URLs and local paths are refused; put the source next to the"
                      + " spec and write path: DIR instead"));
        }
        continue;
      }
      if (m.containsKey("ref")) {
        out.add(
            Diagnostic.error(
                DiagnosticCode.SPEC_MODULE,
                doc.keyLocation(p + "/ref"),
                "module " + path + ": ref only applies to a git URL",
                "remove ref, or write git: URL instead of path"));
      }
      if (!(path instanceof String dir)) {
        continue;
      }
      Path resolved;
      try {
        resolved = resolveAgainst(doc, p + "/path", dir);
      } catch (InvalidPathException e) {
        out.add(
            Diagnostic.error(
                DiagnosticCode.SPEC_MODULE_NOT_FOUND,
                doc.valueLocation(p + "/path"),
                "module '" + dir + "' is not a usable path: " + e.getReason(),
                null));
        continue;
      }
      Optional<String> refused = paths == null ? Optional.empty() : paths.refusal(resolved);
      if (refused.isPresent()) {
        out.add(
            Diagnostic.error(
                DiagnosticCode.PATH_OUTSIDE_ROOT,
                doc.valueLocation(p + "/path"),
                "module '" + dir + "' " + refused.get(),
                paths.hint()));
        continue;
      }
      if (!Files.isDirectory(resolved)) {
        out.add(
            Diagnostic.error(
                DiagnosticCode.SPEC_MODULE_NOT_FOUND,
                doc.valueLocation(p + "/path"),
                "module '"
                    + dir
                    + "': "
                    + resolved
                    + (Files.exists(resolved) ? " is not a directory" : " does not exist"),
                "a module path is a directory with the driver's source (and its dkms.conf), relative to the spec file"));
      }
    }
  }

  /**
   * {@code verify.signature.policy}: a file confined by {@code paths} like every spec path, refused
   * before anything reads it; it must exist and be a regular file.
   */
  private static void signaturePolicy(
      Doc doc, Map<String, Object> root, SpecPaths paths, List<Diagnostic> out) {
    Map<String, Object> verify = map(root.get("verify"));
    Map<String, Object> signature = verify == null ? null : map(verify.get("signature"));
    if (signature == null || !(signature.get("policy") instanceof String policy)) {
      return;
    }
    String p = "/verify/signature/policy";
    Path file;
    try {
      file = resolveAgainst(doc, p, policy);
    } catch (InvalidPathException e) {
      out.add(
          Diagnostic.error(
              DiagnosticCode.SPEC_POLICY_NOT_FOUND,
              doc.valueLocation(p),
              "policy file '" + policy + "' is not a usable path: " + e.getReason(),
              null));
      return;
    }
    Optional<String> refused = paths == null ? Optional.empty() : paths.refusal(file);
    if (refused.isPresent()) {
      out.add(
          Diagnostic.error(
              DiagnosticCode.PATH_OUTSIDE_ROOT,
              doc.valueLocation(p),
              "policy file '" + policy + "' " + refused.get(),
              paths.hint()));
      return;
    }
    if (!Files.isRegularFile(file)) {
      out.add(
          Diagnostic.error(
              DiagnosticCode.SPEC_POLICY_NOT_FOUND,
              doc.valueLocation(p),
              "policy file '" + policy + "': " + file + " " + dtk.spec.Missing.whyNotAFile(file),
              "write the path of a containers-policy.json(5) file relative to the spec file, or pass dtk apply"
                  + " --verify-policy FILE"));
    }
  }

  /** https://, ssh:// or scp-like user@host:path; nothing that git would read from this machine. */
  static boolean gitUrl(String url) {
    if (url.startsWith("-")) {
      return false;
    }
    if (url.startsWith("https://") || url.startsWith("ssh://")) {
      return url.indexOf('/', url.indexOf("//") + 2) > url.indexOf("//") + 2;
    }
    return url.matches("[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^/\\s-][^\\s]*") && !url.contains("::");
  }

  /**
   * {@code relative} resolved against the directory of the file that wrote the value at {@code
   * ptr}.
   */
  public static Path resolveAgainst(Doc doc, String ptr, String relative) {
    Origin o = doc.values().get(ptr);
    Path base = o == null ? doc.file() : o.source().file();
    Path dir = base.getParent();
    boolean fromArgument =
        base.getFileName() != null && base.getFileName().toString().startsWith("--set[");
    if (fromArgument || dir == null) {
      return Path.of(relative).normalize();
    }
    return dir.resolve(relative).normalize();
  }

  private static void checkRepoFile(Path file, Set<String> facts, List<Diagnostic> out) {
    String text;
    try {
      if (Files.size(file) > YamlReader.MAX_BYTES) {
        out.add(
            Diagnostic.error(
                DiagnosticCode.SPEC_REPOSITORY_FILE,
                Location.ofFile(file),
                "repository file is larger than " + YamlReader.MAX_BYTES + " bytes",
                null));
        return;
      }
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
    } catch (CharacterCodingException e) {
      out.add(
          Diagnostic.error(
              DiagnosticCode.SPEC_REPOSITORY_FILE,
              Location.ofFile(file),
              "repository file is not UTF-8",
              null));
      return;
    } catch (IOException e) {
      out.add(
          Diagnostic.error(
              DiagnosticCode.SPEC_REPOSITORY_FILE,
              Location.ofFile(file),
              "cannot read repository file: " + e.getMessage(),
              null));
      return;
    }
    SourceText src = new SourceText(file, text);
    checkString(text, facts, true, out, src::locationOf);
  }

  private static void interpolation(
      Doc doc, Map<String, Object> root, boolean complete, List<Diagnostic> out) {
    Set<String> facts = factNames(root);
    walkStrings(
        root,
        "",
        (ptr, s) -> {
          Origin o = doc.values().get(ptr);
          checkString(
              s,
              facts,
              complete,
              out,
              off -> o == null ? doc.valueLocation(ptr) : o.locate(s, off));
        });
  }

  private static Set<String> factNames(Map<String, Object> root) {
    Map<String, Object> facts = map(root.get("facts"));
    return facts == null ? Set.of() : new TreeSet<>(facts.keySet());
  }

  private static void checkString(
      String s,
      Set<String> facts,
      boolean checkFacts,
      List<Diagnostic> out,
      java.util.function.IntFunction<Location> locate) {
    if (s.indexOf("${") < 0) {
      return;
    }
    List<Interpolation.Reference> refs;
    try {
      refs = Interpolation.references(s);
    } catch (Interpolation.SyntaxException e) {
      out.add(
          Diagnostic.error(
              DiagnosticCode.INTERPOLATION_SYNTAX, locate.apply(e.offset()), e.getMessage(), null));
      return;
    }
    for (Interpolation.Reference r : refs) {
      String name = r.name();
      boolean known =
          Interpolation.NAMES.contains(name)
              || (name.startsWith("facts.") && (!checkFacts || facts.contains(name.substring(6))));
      if (!known) {
        List<String> candidates = new ArrayList<>(Interpolation.NAMES);
        facts.forEach(f -> candidates.add("facts." + f));
        String hint;
        if (name.startsWith("facts.")) {
          hint =
              facts.isEmpty()
                  ? "declare it under facts: (a label of an image)"
                  : "declared facts: " + String.join(", ", facts);
        } else {
          hint =
              "known names: "
                  + String.join(", ", new TreeSet<>(Interpolation.NAMES))
                  + ", facts.NAME";
        }
        out.add(
            Diagnostic.error(
                DiagnosticCode.INTERPOLATION_UNKNOWN_NAME,
                locate.apply(r.offset()),
                "unknown name '${" + name + "}'" + Suggest.didYouMean(name, candidates),
                hint));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void walkStrings(
      Object v, String ptr, java.util.function.BiConsumer<String, String> f) {
    if (v instanceof Map<?, ?> m) {
      ((Map<String, Object>) m).forEach((k, x) -> walkStrings(x, Pointers.child(ptr, k), f));
    } else if (v instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        walkStrings(l.get(i), Pointers.child(ptr, i), f);
      }
    } else if (v instanceof String s) {
      f.accept(ptr, s);
    }
  }

  private static String join(List<Object> l) {
    List<String> s = new ArrayList<>();
    l.forEach(x -> s.add(String.valueOf(x)));
    return String.join(", ", s);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : null;
  }
}

package dtk.spec.internal;

import dtk.spec.model.BuildSpec;
import dtk.spec.model.CompilerSpec;
import dtk.spec.model.ImageSpec;
import dtk.spec.model.KernelSpec;
import dtk.spec.model.Kind;
import dtk.spec.model.LabelSource;
import dtk.spec.model.Metadata;
import dtk.spec.model.ModuleSource;
import dtk.spec.model.PackageEntry;
import dtk.spec.model.PackageManager;
import dtk.spec.model.RepositorySource;
import dtk.spec.model.SecretSpec;
import dtk.spec.model.SignatureCheck;
import dtk.spec.model.Spec;
import dtk.spec.model.UserSpec;
import dtk.spec.model.Variant;
import dtk.spec.model.VerifySpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Binds a merged, schema-valid, rule-checked DriverToolkit document to the model records. */
public final class Binder {
  private Binder() {}

  public static Spec bind(Doc doc) {
    Map<String, Object> root = Semantics.map(doc.root());
    Map<String, Object> md = obj(root.get("metadata"));
    Map<String, Object> kernel = obj(root.get("kernel"));
    Map<String, Object> image = obj(root.get("image"));
    Map<String, Object> build = obj(root.get("build"));
    Map<String, Object> verify = obj(root.get("verify"));
    Map<String, Object> compiler = obj(root.get("compiler"));

    List<String> versions = new ArrayList<>();
    if (kernel.get("version") instanceof String v) {
      versions.add(v);
    }
    versions.addAll(strings(kernel.get("versions")));
    List<Variant> variants = new ArrayList<>();
    for (Object o : list(kernel.get("variants"))) {
      Map<String, Object> v = obj(o);
      variants.add(
          new Variant(
              (String) v.get("name"),
              bool(v.get("enabled"), false),
              strings(v.get("platforms")),
              strings(v.get("enableRepos")),
              strings(v.get("packages"))));
    }
    Map<String, Object> source = Semantics.map(kernel.get("source"));
    RepositorySource repository = source == null ? null : repositorySource(source);
    KernelSpec kernelSpec =
        new KernelSpec(
            versions,
            repository == null ? labelSource(source) : null,
            repository,
            (String) kernel.get("match"),
            strings(kernel.get("packages")),
            variants);

    Map<String, LabelSource> facts = new LinkedHashMap<>();
    obj(root.get("facts")).forEach((k, v) -> facts.put(k, labelSource(v)));

    List<Path> repositories = new ArrayList<>();
    List<Object> repos = list(root.get("repositories"));
    for (int i = 0; i < repos.size(); i++) {
      repositories.add(Semantics.resolveAgainst(doc, "/repositories/" + i, (String) repos.get(i)));
    }

    List<PackageEntry> packages = new ArrayList<>();
    for (Object o : list(root.get("packages"))) {
      if (o instanceof String s) {
        packages.add(new PackageEntry(s, List.of()));
      } else {
        Map<String, Object> p = obj(o);
        packages.add(new PackageEntry((String) p.get("name"), strings(p.get("platforms"))));
      }
    }

    List<SecretSpec> secrets = new ArrayList<>();
    for (Object o : list(build.get("secrets"))) {
      Map<String, Object> s = obj(o);
      secrets.add(
          new SecretSpec((String) s.get("id"), (String) s.get("env"), (String) s.get("file")));
    }
    Map<String, Object> user = obj(build.get("user"));
    UserSpec userSpec =
        user.isEmpty()
            ? null
            : new UserSpec(
                (String) user.get("name"),
                user.get("uid") instanceof Number n ? n.intValue() : 1001);
    BuildSpec buildSpec =
        new BuildSpec(
            stringMap(build.get("args")), secrets, userSpec, bool(build.get("releaseFile"), true));

    return new Spec(
        doc.file(),
        new DocSourceMap(doc),
        (String) root.get("apiVersion"),
        Kind.valueOf((String) root.get("kind")),
        new Metadata((String) md.get("name"), (String) md.get("description")),
        (String) root.get("baseImage"),
        PackageManager.valueOf((String) root.get("packageManager")),
        strings(root.get("platforms")),
        kernelSpec,
        facts,
        repositories,
        new CompilerSpec(bool(compiler.get("matchKernel"), true)),
        packages,
        stringMap(root.get("labels")),
        strings(root.get("unsetLabels")),
        new ImageSpec(
            (String) image.get("registry"),
            (String) image.get("organization"),
            (String) image.get("name"),
            (String) image.get("tag"),
            (String) image.get("platformTag")),
        buildSpec,
        new VerifySpec(
            bool(verify.get("enabled"), true),
            bool(verify.get("canary"), false),
            modules(doc, verify),
            signature(doc, verify)));
  }

  private static SignatureCheck signature(Doc doc, Map<String, Object> verify) {
    Map<String, Object> s = Semantics.map(verify.get("signature"));
    if (s == null || !(s.get("policy") instanceof String p)) {
      return null;
    }
    return new SignatureCheck(Semantics.resolveAgainst(doc, "/verify/signature/policy", p), p);
  }

  private static List<ModuleSource> modules(Doc doc, Map<String, Object> verify) {
    List<ModuleSource> out = new ArrayList<>();
    List<Object> items = list(verify.get("modules"));
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> m = obj(items.get(i));
      int timeout =
          m.get("timeout") instanceof Number n ? n.intValue() : ModuleSource.DEFAULT_TIMEOUT;
      boolean required = bool(m.get("required"), true);
      if (m.get("path") instanceof String p) {
        out.add(
            new ModuleSource(
                Semantics.resolveAgainst(doc, "/verify/modules/" + i + "/path", p),
                null,
                null,
                required,
                timeout,
                p));
      } else {
        String git = (String) m.get("git");
        out.add(new ModuleSource(null, git, (String) m.get("ref"), required, timeout, git));
      }
    }
    return out;
  }

  private static RepositorySource repositorySource(Map<String, Object> source) {
    Map<String, Object> r = Semantics.map(source.get("repository"));
    if (r == null) {
      return null;
    }
    Object newest = source.get("newest");
    return new RepositorySource(
        (String) r.get("type"),
        strings(r.get("urls")),
        bool(r.get("fromBaseImage"), false),
        (String) r.get("package"),
        newest instanceof Number n ? n.intValue() : 1,
        (String) source.get("match"));
  }

  private static LabelSource labelSource(Object o) {
    Map<String, Object> m = Semantics.map(o);
    return m == null ? null : new LabelSource((String) m.get("image"), (String) m.get("label"));
  }

  private static Map<String, Object> obj(Object o) {
    Map<String, Object> m = Semantics.map(o);
    return m == null ? Map.of() : m;
  }

  private static List<Object> list(Object o) {
    List<Object> l = Semantics.list(o);
    return l == null ? List.of() : l;
  }

  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    for (Object x : list(o)) {
      out.add((String) x);
    }
    return out;
  }

  private static Map<String, String> stringMap(Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    obj(o).forEach((k, v) -> out.put(k, (String) v));
    return out;
  }

  private static boolean bool(Object o, boolean dflt) {
    return o instanceof Boolean b ? b : dflt;
  }
}

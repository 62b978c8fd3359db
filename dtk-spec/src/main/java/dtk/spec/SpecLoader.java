package dtk.spec;

import dtk.spec.internal.Binder;
import dtk.spec.internal.Doc;
import dtk.spec.internal.Pointers;
import dtk.spec.internal.SchemaDiagnostics;
import dtk.spec.internal.Semantics;
import dtk.spec.internal.Trees;
import dtk.spec.internal.YamlReader;
import dtk.spec.model.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Loads spec files: safe YAML, JSON-schema validation, {@code extends}, {@code --set} overrides,
 * interpolation names and semantic rules, collecting every problem in one run.
 *
 * <pre>
 * LoadResult r = SpecLoader.standard().load(List.of(Path.of("specs")), Overrides.parse(sets));
 * if (!r.ok()) r.diagnostics().forEach(System.err::println);
 * </pre>
 *
 * Files are read and validated in parallel; the result does not depend on timing. The schema is
 * compiled on the first load, once per process.
 */
public final class SpecLoader {
  private final List<Path> allowed;

  private SpecLoader(List<Path> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  /**
   * Starts compiling the spec schema on a daemon thread, for a command that is about to load specs
   * (the CLI calls it before it parses its command line).
   */
  public static void prewarm() {
    dtk.spec.internal.SchemaValidator.prewarm();
  }

  public static SpecLoader standard() {
    return new SpecLoader(List.of());
  }

  /**
   * This loader, also letting specs name files under {@code dirs} ({@code --allow-path}); without
   * them every path a spec names must stay inside its spec root (see {@link SpecPaths}).
   */
  public SpecLoader allowingPaths(List<Path> dirs) {
    List<Path> all = new ArrayList<>(allowed);
    all.addAll(dirs);
    return new SpecLoader(all);
  }

  public LoadResult load(List<Path> paths) {
    return load(paths, Overrides.none());
  }

  /**
   * Loads every path: a file, or a directory (its {@code *.yaml} and {@code *.yml} files, sorted,
   * not recursive).
   */
  public LoadResult load(List<Path> paths, Overrides overrides) {
    Objects.requireNonNull(paths, "paths");
    Overrides ov = overrides == null ? Overrides.none() : overrides;
    return new Run(ov, allowed).run(paths);
  }

  /** One file as read and validated on its own. */
  private static final class FileState {
    final Path display;

    /** The rule for the paths this file names: the root of the input that reached it first. */
    final SpecPaths paths;

    /** Reached only through another file's {@code extends}, not given on the command line. */
    final boolean extended;

    YamlReader.Result read;
    List<Diagnostic> own = new ArrayList<>();
    boolean schemaOk;

    FileState(Path display, SpecPaths paths, boolean extended) {
      this.display = display;
      this.paths = paths;
      this.extended = extended;
    }

    /** A dtk spec at all: a mapping with {@code apiVersion: dtk/v1}. */
    boolean isDtkSpec() {
      Map<String, Object> r = root();
      return r != null && "dtk/v1".equals(r.get("apiVersion"));
    }

    Doc doc() {
      return read == null ? null : read.doc();
    }

    Map<String, Object> root() {
      return doc() != null && doc().root() instanceof Map<?, ?> m ? cast(m) : null;
    }

    String kind() {
      Map<String, Object> r = root();
      return r != null && r.get("kind") instanceof String s ? s : null;
    }

    String extendsValue() {
      Map<String, Object> r = root();
      return r != null && r.get("extends") instanceof String s ? s : null;
    }

    /** {@code extends} is written, of whatever type (the schema reports a wrong one). */
    boolean extendsWritten() {
      Map<String, Object> r = root();
      return r != null && r.containsKey("extends");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  private static final class Run {
    private final Overrides overrides;
    private final List<Path> allowed;
    private final Map<Path, SpecPaths> rootOf = new LinkedHashMap<>();
    private final Map<Path, FileState> files = new ConcurrentHashMap<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    /** The JSON pointers and keys of this load's files, one copy of each (see YamlReader.read). */
    private final Map<String, String> strings = new ConcurrentHashMap<>();

    private final dtk.spec.internal.RepositoryFileChecks repositoryFiles =
        new dtk.spec.internal.RepositoryFileChecks();

    Run(Overrides overrides, List<Path> allowed) {
      this.overrides = overrides;
      this.allowed = allowed;
    }

    LoadResult run(List<Path> paths) {
      diagnostics.addAll(overrides.problems());
      Map<Path, Path> inputs = expand(paths);
      List<Path> keys = new ArrayList<>(inputs.keySet());
      FileState[] states = new FileState[keys.size()];
      IntStream.range(0, keys.size())
          .parallel()
          .forEach(
              i ->
                  states[i] =
                      readAndCheck(inputs.get(keys.get(i)), rootOf.get(keys.get(i)), false));
      for (int i = 0; i < keys.size(); i++) {
        files.put(keys.get(i), states[i]);
      }

      // extends chains, loading targets that were not given
      Map<FileState, List<FileState>> chains = new LinkedHashMap<>();
      Map<FileState, Boolean> chainOk = new LinkedHashMap<>();
      for (FileState f : states) {
        chainOf(f, chains, chainOk);
      }

      List<FileState> buildable = new ArrayList<>();
      for (FileState f : states) {
        if ("DriverToolkit".equals(f.kind())) {
          buildable.add(f);
        }
      }
      for (FileState f : new ArrayList<>(files.values())) {
        if ("DriverToolkitDefaults".equals(f.kind()) && !(f.extended && !f.isDtkSpec())) {
          f.own.addAll(Semantics.check(f.doc(), false, f.paths));
        }
      }

      Outcome[] outcomes = new Outcome[buildable.size()];
      IntStream.range(0, buildable.size())
          .parallel()
          .forEach(
              i ->
                  outcomes[i] =
                      buildSpec(
                          buildable.get(i),
                          chains.get(buildable.get(i)),
                          chainOk.getOrDefault(buildable.get(i), true)));

      for (FileState f : files.values()) {
        if (f.extended && !f.isDtkSpec()) {
          continue; // never echoed: the extends that reached it says "not a dtk spec"
        }
        diagnostics.addAll(f.read.diagnostics());
        diagnostics.addAll(f.own);
      }
      Map<String, Outcome> byName = new LinkedHashMap<>();
      List<Spec> specs = new ArrayList<>();
      for (Outcome o : outcomes) {
        diagnostics.addAll(o.diagnostics);
        boolean duplicate = false;
        if (o.name != null) {
          Outcome first = byName.putIfAbsent(o.name, o);
          if (first != null) {
            duplicate = true;
            Location at = o.doc.valueLocation("/metadata/name");
            diagnostics.add(
                Diagnostic.error(
                    DiagnosticCode.SPEC_DUPLICATE_NAME,
                    at,
                    "target name '"
                        + o.name
                        + "'"
                        + (fromArgument(at) ? " of " + o.doc.file() : "")
                        + " is already used by "
                        + nameSource(first.doc),
                    "target names must be unique across the spec set: rename one of them"));
          }
        }
        if (o.spec != null && !duplicate) {
          specs.add(o.spec);
        }
      }
      diagnostics.addAll(overrides.unknownTargets(byName.keySet()));
      List<Map<Integer, Overrides.Miss>> misses = new ArrayList<>();
      for (Outcome o : outcomes) {
        misses.add(o.unapplied());
      }
      diagnostics.addAll(overrides.appliedNowhere(misses));

      List<Diagnostic> sorted = dedupe(diagnostics);
      sorted.sort(ORDER);
      return new LoadResult(specs, sorted, files.size());
    }

    private static boolean fromArgument(Location at) {
      return at.file().getFileName() != null
          && at.file().getFileName().toString().startsWith("--set[");
    }

    /** Where a spec's name was written: the file, also when a --set gave the name. */
    private static String nameSource(Doc doc) {
      Location at = doc.valueLocation("/metadata/name");
      return fromArgument(at) ? doc.file() + " (named by " + at + ")" : at.toString();
    }

    private static List<Diagnostic> dedupe(List<Diagnostic> in) {
      Map<List<Object>, Diagnostic> seen = new LinkedHashMap<>();
      for (Diagnostic d : in) {
        seen.putIfAbsent(List.of(d.code(), d.at(), d.message()), d);
      }
      return new ArrayList<>(seen.values());
    }

    private Map<Path, Path> expand(List<Path> paths) {
      Map<Path, Path> out = new LinkedHashMap<>();
      for (Path p : paths) {
        if (Files.isDirectory(p)) {
          List<Path> found;
          try (Stream<Path> s = Files.list(p)) {
            found =
                s.filter(
                        x -> {
                          String n = x.getFileName().toString();
                          return (n.endsWith(".yaml") || n.endsWith(".yml"))
                              && Files.isRegularFile(x);
                        })
                    .sorted(Comparator.comparing(x -> x.getFileName().toString()))
                    .toList();
          } catch (IOException e) {
            diagnostics.add(
                Diagnostic.error(
                    DiagnosticCode.FILE_UNREADABLE,
                    Location.ofFile(p),
                    "cannot list the directory: " + e.getMessage(),
                    null));
            continue;
          }
          if (found.isEmpty()) {
            diagnostics.add(
                Diagnostic.error(
                    DiagnosticCode.FILE_NO_SPECS,
                    Location.ofFile(p),
                    "no *.yaml or *.yml files in this directory",
                    "point dtk at a directory of spec files"));
          }
          SpecPaths rule = SpecPaths.within(p, allowed);
          for (Path f : found) {
            // a link in the spec folder to a file elsewhere is not read
            take(f, rule, out);
          }
        } else {
          Path dir = key(p).getParent();
          SpecPaths rule = SpecPaths.within(dir == null ? key(p) : dir, allowed);
          // a spec named on the command line (a shell glob in a PR check) that is a link to a file
          // outside its own folder is not read either
          take(p, rule, out);
        }
      }
      return out;
    }

    /**
     * Adds spec file {@code f} under {@code rule}, or reports it unread when it leaves the rule's
     * root.
     */
    private void take(Path f, SpecPaths rule, Map<Path, Path> out) {
      Optional<String> refused =
          Files.isSymbolicLink(f)
                  || !Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)
              ? rule.refusal(f)
              : Optional.empty();
      if (refused.isPresent()) {
        diagnostics.add(
            Diagnostic.error(
                DiagnosticCode.PATH_OUTSIDE_ROOT,
                Location.ofFile(f),
                "spec file " + refused.get(),
                rule.hint()));
        return;
      }
      out.putIfAbsent(key(f), f);
      rootOf.putIfAbsent(key(f), rule);
    }

    private static Path key(Path p) {
      return p.toAbsolutePath().normalize();
    }

    private FileState readAndCheck(Path display, SpecPaths paths, boolean extended) {
      FileState f = new FileState(display, paths, extended);
      f.read = YamlReader.read(display, strings);
      Doc doc = f.doc();
      if (doc == null) {
        return f;
      }
      boolean partial = f.extendsWritten();
      // a file that extends another is checked for required keys once merged
      f.own.addAll(
          SchemaDiagnostics.check(
              doc,
              v ->
                  !partial
                      || !v.keyword().equals("required")
                      || (v.instancePointer().isEmpty()
                          && ("apiVersion".equals(v.property()) || "kind".equals(v.property())))));
      f.schemaOk = f.own.isEmpty();
      return f;
    }

    /** The ancestors of {@code f}, root first; records problems on the way. */
    private List<FileState> chainOf(
        FileState f, Map<FileState, List<FileState>> chains, Map<FileState, Boolean> ok) {
      if (chains.containsKey(f)) {
        return chains.get(f);
      }
      List<FileState> chain = new ArrayList<>();
      List<FileState> seen = new ArrayList<>();
      seen.add(f);
      FileState cur = f;
      boolean good = true;
      while (cur.extendsWritten()) {
        if (cur.extendsValue() == null) {
          good = false; // not a string: the schema says so, and there is nothing to inherit from
          break;
        }
        String ext = cur.extendsValue();
        Path dir = cur.display.getParent();
        Location at = cur.doc().valueLocation("/extends");
        Path target;
        try {
          target = dir == null ? Path.of(ext).normalize() : dir.resolve(ext).normalize();
        } catch (InvalidPathException e) {
          if (cur == f) {
            diagnostics.add(
                Diagnostic.error(
                    DiagnosticCode.EXTENDS_NOT_FOUND,
                    at,
                    "extends '" + ext + "' is not a usable path: " + e.getReason(),
                    null));
          }
          good = false;
          break;
        }
        Optional<String> refused = cur.paths.refusal(target);
        if (refused.isPresent()) {
          // refused before it is opened: nothing of it can reach the output
          if (cur == f) {
            diagnostics.add(
                Diagnostic.error(
                    DiagnosticCode.PATH_OUTSIDE_ROOT,
                    at,
                    "extends '" + ext + "' " + refused.get(),
                    cur.paths.hint()));
          }
          good = false;
          break;
        }
        if (!Files.isRegularFile(target)) {
          if (cur == f) {
            diagnostics.add(
                Diagnostic.error(
                    DiagnosticCode.EXTENDS_NOT_FOUND,
                    at,
                    "extends '" + ext + "': " + target + " " + dtk.spec.Missing.whyNotAFile(target),
                    "the path is relative to "
                        + cur.display
                        + " and names a DriverToolkitDefaults file"));
          }
          good = false;
          break;
        }
        SpecPaths inherited = cur.paths;
        FileState next =
            files.computeIfAbsent(key(target), k -> readAndCheck(target, inherited, true));
        if (seen.contains(next)) {
          reportCycle(seen.subList(seen.indexOf(next), seen.size()));
          good = false;
          break;
        }
        if (next.extended && !next.isDtkSpec()) {
          if (cur == f) {
            diagnostics.add(
                Diagnostic.error(
                    DiagnosticCode.EXTENDS_NOT_A_SPEC,
                    at,
                    "extends '" + ext + "': " + next.display + " is not a dtk spec",
                    "extends must name a DriverToolkitDefaults file (apiVersion: dtk/v1); run 'dtk validate "
                        + next.display
                        + "' to see what is wrong with it"));
          }
          good = false;
          break;
        }
        if (next.doc() == null) {
          good = false; // its own diagnostics say why
          break;
        }
        if (!"DriverToolkitDefaults".equals(next.kind())) {
          diagnostics.add(
              Diagnostic.error(
                  DiagnosticCode.EXTENDS_WRONG_KIND,
                  at,
                  "extends '"
                      + ext
                      + "': "
                      + next.display
                      + (next.kind() == null ? " has no kind" : " is kind " + next.kind())
                      + ", not DriverToolkitDefaults",
                  "only a DriverToolkitDefaults file can be extended: move the shared keys into one"));
          good = false;
          break;
        }
        seen.add(next);
        chain.add(0, next);
        cur = next;
      }
      chains.put(f, chain);
      ok.put(f, good);
      return chain;
    }

    /**
     * Reports a cycle at the {@code extends:} of each of its members, starting the chain there, so
     * every file that reaches the cycle (in it or not) yields the same diagnostics (deduplicated).
     */
    private void reportCycle(List<FileState> cycle) {
      for (int i = 0; i < cycle.size(); i++) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j <= cycle.size(); j++) {
          names.add(cycle.get((i + j) % cycle.size()).display.toString());
        }
        FileState member = cycle.get(i);
        diagnostics.add(
            Diagnostic.error(
                DiagnosticCode.EXTENDS_CYCLE,
                member.doc().valueLocation("/extends"),
                "extends cycle: " + String.join(" -> ", names),
                "a defaults file must not extend, directly or not, a file that extends it"));
      }
    }

    private record Outcome(
        Doc doc,
        String name,
        Spec spec,
        List<Diagnostic> diagnostics,
        Map<Integer, Overrides.Miss> unapplied) {}

    private Outcome buildSpec(FileState f, List<FileState> chain, boolean chainOk) {
      List<Diagnostic> out = new ArrayList<>();
      Doc merged = null;
      for (FileState parent : chain) {
        Doc p = withoutHeader(parent.doc());
        merged = merged == null ? p : Trees.merge(merged, p);
      }
      // without a parent or a --set nothing changes the document: the spec shares the file's
      // tree (rules and binder only read it) rather than holding a second copy of it
      merged =
          merged == null
              ? (overrides.isEmpty() ? f.doc() : Trees.copy(f.doc()))
              : Trees.merge(merged, f.doc());
      String name = nameOf(merged);
      List<Object> writtenPlatforms =
          merged.root() instanceof Map<?, ?> m && m.get("platforms") instanceof List<?> l
              ? new ArrayList<>(l)
              : null;
      Overrides.Applied applied =
          overrides.isEmpty()
              ? new Overrides.Applied(List.of(), Map.of())
              : overrides.applyTo(merged, name);
      List<Diagnostic> overrideProblems = applied.errors();
      out.addAll(overrideProblems);
      name = nameOf(merged);
      boolean schemaOk;
      if (!chain.isEmpty() || !overrides.isEmpty()) {
        // a broken chain would report the keys the spec meant to inherit as missing: the chain's
        // own diagnostic says what is wrong
        List<Diagnostic> errs =
            SchemaDiagnostics.check(merged, v -> chainOk || !v.keyword().equals("required"));
        out.addAll(errs);
        schemaOk = errs.isEmpty() && chainOk;
      } else {
        schemaOk = f.schemaOk;
      }
      Spec spec = null;
      // the rules read the tree defensively, so they run on a schema-invalid spec too: a typo'd
      // key and an unknown ${...} name are reported in the same run
      if (chainOk && overrideProblems.isEmpty()) {
        List<Diagnostic> sem =
            Semantics.check(merged, true, writtenPlatforms, f.paths, repositoryFiles);
        out.addAll(sem);
        if (schemaOk && sem.isEmpty()) {
          spec = Binder.bind(merged);
        }
      }
      return new Outcome(merged, name, spec, out, applied.unapplied());
    }

    /** A parent's own apiVersion, kind and extends never pass to the file that extends it. */
    private static Doc withoutHeader(Doc d) {
      Doc c = Trees.copy(d);
      if (c.root() instanceof Map<?, ?> m) {
        for (String k : List.of("apiVersion", "kind", "extends")) {
          m.remove(k);
          String p = Pointers.child("", k);
          c.values().remove(p);
          c.keys().remove(p);
        }
      }
      return c;
    }

    private static String nameOf(Doc d) {
      if (d.root() instanceof Map<?, ?> m
          && m.get("metadata") instanceof Map<?, ?> md
          && md.get("name") instanceof String s) {
        return s;
      }
      return null;
    }
  }

  static final Comparator<Diagnostic> ORDER =
      Comparator.comparing((Diagnostic d) -> d.at().file().toString().replace('\\', '/'))
          .thenComparingInt(d -> d.at().line())
          .thenComparingInt(d -> d.at().column())
          .thenComparing(Diagnostic::code)
          .thenComparing(Diagnostic::message);
}

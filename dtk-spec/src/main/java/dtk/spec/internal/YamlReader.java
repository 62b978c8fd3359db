package dtk.spec.internal;

import dtk.spec.Diagnostic;
import dtk.spec.DiagnosticCode;
import dtk.spec.Location;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads one YAML document safely: size, encoding, nesting depth, aliases, recursion, duplicate keys
 * and multi-document streams are checked, and every problem becomes a {@link Diagnostic}. User YAML
 * never reaches a parser with weaker settings.
 */
public final class YamlReader {
  /** Larger files are refused before they are read; a spec is a few kilobytes. */
  public static final long MAX_BYTES = 1024 * 1024;

  /** Deeper nesting is refused before composing (the engine itself has no depth limit). */
  public static final int MAX_DEPTH = 64;

  /** Aliases to collections; the engine's default, enforced here too to get a position. */
  public static final int MAX_COLLECTION_ALIASES = 50;

  /** Values after alias expansion: aliases within the limit above can still multiply. */
  public static final int MAX_VALUES = 100_000;

  private YamlReader() {}

  /** The outcome: a document when there was no error. */
  public record Result(Doc doc, List<Diagnostic> diagnostics) {
    static Result fail(Diagnostic d) {
      return new Result(null, List.of(d));
    }
  }

  /** Settings are immutable and costly to build (scalar resolvers): one set per process. */
  private static final class Settings {
    static final LoadSettings INSTANCE = settings("spec");
  }

  static LoadSettings settings(String label) {
    return LoadSettings.builder()
        .setLabel(label)
        .setAllowDuplicateKeys(false)
        .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
        .setAllowRecursiveKeys(false)
        .setAllowNonScalarKeys(false)
        .setCodePointLimit((int) MAX_BYTES)
        .setUseMarks(true)
        .setSchema(SpecSchema.INSTANCE)
        .build();
  }

  /**
   * YAML 1.2's JSON schema, without snakeyaml-engine's environment-variable resolver: a plain
   * {@code ${arch}} would otherwise be tagged {@code !ENV_VARIABLE} (while {@code
   * ${kernel.version}}, which has a dot, stays a string). Specs never read the environment: every
   * plain scalar that looks like {@code ${NAME}} is a string, interpolated like a quoted one.
   */
  private static final class SpecSchema implements org.snakeyaml.engine.v2.schema.Schema {
    static final SpecSchema INSTANCE = new SpecSchema();
    private final org.snakeyaml.engine.v2.schema.JsonSchema json =
        new org.snakeyaml.engine.v2.schema.JsonSchema();
    private final org.snakeyaml.engine.v2.resolver.ScalarResolver resolver =
        (value, implicit) -> {
          Tag tag = json.getScalarResolver().resolve(value, implicit);
          return tag.equals(Tag.ENV_TAG) ? Tag.STR : tag;
        };

    @Override
    public org.snakeyaml.engine.v2.resolver.ScalarResolver getScalarResolver() {
      return resolver;
    }

    @Override
    public java.util.Map<Tag, org.snakeyaml.engine.v2.api.ConstructNode>
        getSchemaTagConstructors() {
      return json.getSchemaTagConstructors();
    }
  }

  /** Reads {@code file} (shown in messages as given). */
  public static Result read(Path file) {
    return read(file, null);
  }

  /**
   * Reads {@code file}, taking its JSON pointers and keys from {@code strings} when an equal one is
   * there (and adding the others): the files of one spec set spell the same pointers and keys, and
   * stay in memory until the end of the run, so they hold one copy of each rather than one per
   * file. {@code strings} is a concurrent map shared by the files of one load, or null.
   */
  public static Result read(Path file, Map<String, String> strings) {
    byte[] bytes;
    try {
      if (Files.exists(file) && !Files.isRegularFile(file)) {
        return Result.fail(
            Diagnostic.error(
                DiagnosticCode.FILE_UNREADABLE,
                Location.ofFile(file),
                "not a regular file",
                "point dtk at spec files or directories of them"));
      }
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        return Result.fail(
            Diagnostic.error(
                DiagnosticCode.YAML_TOO_LARGE,
                Location.ofFile(file),
                "file is " + size + " bytes; specs are limited to " + MAX_BYTES + " bytes",
                "split the spec, or check that this is the file you meant"));
      }
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes((int) MAX_BYTES + 1); // the size can change, or lie (/proc)
      }
    } catch (NoSuchFileException e) {
      return Result.fail(
          Diagnostic.error(
              DiagnosticCode.FILE_NOT_FOUND,
              Location.ofFile(file),
              "no such file",
              "check the path"));
    } catch (IOException e) {
      return Result.fail(
          Diagnostic.error(
              DiagnosticCode.FILE_UNREADABLE,
              Location.ofFile(file),
              "cannot read the file: " + e.getMessage(),
              "check its permissions"));
    }
    if (bytes.length > MAX_BYTES) {
      return Result.fail(
          Diagnostic.error(
              DiagnosticCode.YAML_TOO_LARGE,
              Location.ofFile(file),
              "file is larger than " + MAX_BYTES + " bytes",
              null));
    }
    return decodeAndParse(file, bytes, strings);
  }

  static Result decodeAndParse(Path file, byte[] bytes) {
    return decodeAndParse(file, bytes, null);
  }

  static Result decodeAndParse(Path file, byte[] bytes, Map<String, String> strings) {
    if (bytes.length >= 2
        && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
            || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
      return Result.fail(
          Diagnostic.error(
              DiagnosticCode.YAML_ENCODING,
              new Location(file, 1, 1),
              "the file is UTF-16; specs must be UTF-8",
              "save the file as UTF-8"));
    }
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        Location at = byteLocation(file, bytes, i);
        return Result.fail(
            Diagnostic.error(
                DiagnosticCode.YAML_BINARY,
                at,
                "NUL byte: this is not a text file",
                "point dtk at YAML spec files only"));
      }
    }
    CharsetDecoder dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult cr = dec.decode(in, out, true);
    if (!cr.isError()) {
      cr = dec.flush(out);
    }
    if (cr.isError()) {
      int bad = in.position();
      return Result.fail(
          Diagnostic.error(
              DiagnosticCode.YAML_ENCODING,
              byteLocation(file, bytes, bad),
              String.format("invalid UTF-8 byte 0x%02X", bytes[bad] & 0xff),
              "specs must be UTF-8: re-save the file as UTF-8"));
    }
    out.flip();
    String text = out.toString();
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return parse(new SourceText(file, text), text, strings);
  }

  /** Line and column (in characters) of byte {@code index}, decoding the valid prefix leniently. */
  private static Location byteLocation(Path file, byte[] bytes, int index) {
    String prefix = new String(bytes, 0, index, StandardCharsets.UTF_8);
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < prefix.length(); i++) {
      if (prefix.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new Location(file, line, prefix.codePointCount(lineStart, prefix.length()) + 1);
  }

  /**
   * Parses {@code yaml} (positions refer to {@code source}, which may hold more text, e.g. a {@code
   * --set} argument whose value is padded to its column).
   */
  public static Result parse(SourceText source, String yaml) {
    return parse(source, yaml, null);
  }

  /**
   * {@link #parse(SourceText, String)}, sharing pointers and keys through {@code strings} (or
   * null).
   */
  public static Result parse(SourceText source, String yaml, Map<String, String> strings) {
    Path file = source.file();
    LoadSettings settings = Settings.INSTANCE;
    Node root;
    CheckingParser parser =
        new CheckingParser(source, new ParserImpl(settings, new StreamReader(settings, yaml)));
    try {
      Optional<Node> n = new Composer(settings, parser).getSingleNode();
      if (n.isEmpty()) {
        return Result.fail(empty(file));
      }
      root = n.get();
    } catch (Refused r) {
      return Result.fail(r.diagnostic);
    } catch (MarkedYamlEngineException e) {
      if (String.valueOf(e.getProblem()).contains("expected a single document")
          || String.valueOf(e.getContext()).contains("expected a single document")) {
        return Result.fail(
            Diagnostic.error(
                DiagnosticCode.YAML_MULTI_DOCUMENT,
                at(source, e.getProblemMark()),
                "a spec file holds exactly one YAML document; this is a second one",
                "put each spec in its own file, or remove the extra '---'"));
      }
      return Result.fail(marked(source, e));
    } catch (ReaderException e) {
      int cps = yaml.codePointCount(0, yaml.length());
      return Result.fail(
          Diagnostic.error(
              DiagnosticCode.YAML_BINARY,
              source.locationOf(yaml.offsetByCodePoints(0, Math.min(e.getPosition(), cps))),
              String.format("control character U+%04X is not allowed in YAML", e.getCodePoint()),
              "point dtk at YAML spec files only"));
    } catch (YamlEngineException e) {
      return Result.fail(unmarked(file, e));
    } catch (StackOverflowError e) {
      return Result.fail(
          Diagnostic.error(
              DiagnosticCode.YAML_TOO_DEEP,
              Location.ofFile(file),
              "nesting is too deep to read",
              "flatten the document"));
    }
    if (root instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
      return Result.fail(empty(file));
    }
    Walker w = new Walker(source, parser.aliases > 0, strings);
    Object value = w.walk(root, "", null);
    if (!w.problems.isEmpty()) {
      return new Result(null, w.problems);
    }
    return new Result(new Doc(file, value, w.values, w.keys), List.of());
  }

  private static Diagnostic empty(Path file) {
    return Diagnostic.error(
        DiagnosticCode.YAML_EMPTY,
        Location.ofFile(file),
        "the file holds no YAML document",
        "write a spec (apiVersion: dtk/v1, kind: DriverToolkit, ...) or remove the file");
  }

  /** A problem found while events stream past, carried out of the composer. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Diagnostic diagnostic;

    Refused(Diagnostic diagnostic) {
      super(diagnostic.message(), null, false, false);
      this.diagnostic = diagnostic;
    }
  }

  /**
   * Checks each event on its way to the composer (one parse, no second pass): nesting depth,
   * aliases to collections, aliases that refer to a collection that contains them, and non-scalar
   * keys. The depth check fires before the composer recurses, so deep input cannot overflow its
   * stack.
   */
  private static final class CheckingParser implements Parser {
    private final SourceText source;
    private final Parser delegate;
    private int depth;
    private int collectionAliases;
    int aliases;
    private final Set<String> collectionAnchors = new HashSet<>();
    private final List<String> openAnchors = new ArrayList<>();
    // per open collection: {is a mapping, next node is a key}
    private final List<boolean[]> frames = new ArrayList<>();

    CheckingParser(SourceText source, Parser delegate) {
      this.source = source;
      this.delegate = delegate;
    }

    @Override
    public boolean checkEvent(Event.ID id) {
      return delegate.checkEvent(id);
    }

    @Override
    public Event peekEvent() {
      return delegate.peekEvent();
    }

    @Override
    public boolean hasNext() {
      return delegate.hasNext();
    }

    @Override
    public Event next() {
      Event e = delegate.next();
      check(e);
      return e;
    }

    private void check(Event e) {
      Event.ID id = e.getEventId();
      boolean isNode =
          id == Event.ID.Scalar
              || id == Event.ID.Alias
              || id == Event.ID.MappingStart
              || id == Event.ID.SequenceStart;
      if (isNode && !frames.isEmpty()) {
        boolean[] top = frames.get(frames.size() - 1);
        if (top[0]) {
          boolean isKey = top[1];
          top[1] = !top[1];
          if (isKey && id != Event.ID.Scalar) {
            throw new Refused(
                Diagnostic.error(
                    DiagnosticCode.YAML_SYNTAX,
                    at(source, e.getStartMark()),
                    "a mapping key must be a plain value, not a list, a mapping or an alias",
                    null));
          }
        }
      }
      switch (id) {
        case MappingStart, SequenceStart -> {
          if (++depth > MAX_DEPTH) {
            throw new Refused(
                Diagnostic.error(
                    DiagnosticCode.YAML_TOO_DEEP,
                    at(source, e.getStartMark()),
                    "nesting deeper than " + MAX_DEPTH + " levels",
                    "a spec needs only a few levels"));
          }
          frames.add(new boolean[] {id == Event.ID.MappingStart, true});
          Optional<Anchor> anchor = ((NodeEvent) e).getAnchor();
          anchor.ifPresent(a -> collectionAnchors.add(a.getValue()));
          openAnchors.add(anchor.map(Anchor::getValue).orElse(null));
        }
        case MappingEnd, SequenceEnd -> {
          depth--;
          frames.remove(frames.size() - 1);
          openAnchors.remove(openAnchors.size() - 1);
        }
        case Alias -> {
          String name = ((AliasEvent) e).getAlias().getValue();
          aliases++;
          if (openAnchors.contains(name)) {
            throw new Refused(
                Diagnostic.error(
                    DiagnosticCode.YAML_RECURSIVE_ALIAS,
                    at(source, e.getStartMark()),
                    "alias *" + name + " refers to a node that contains it",
                    "an alias can only repeat a node that is complete"));
          }
          if (collectionAnchors.contains(name) && ++collectionAliases > MAX_COLLECTION_ALIASES) {
            throw new Refused(
                Diagnostic.error(
                    DiagnosticCode.YAML_ALIAS_LIMIT,
                    at(source, e.getStartMark()),
                    "more than " + MAX_COLLECTION_ALIASES + " aliases to lists or mappings",
                    "write the values out; aliases are for a few repeated blocks"));
          }
        }
        default -> {}
      }
    }
  }

  private static Location at(SourceText source, Optional<Mark> mark) {
    return mark.map(m -> source.location(m.getLine(), m.getColumn()))
        .orElse(Location.ofFile(source.file()));
  }

  private static Diagnostic marked(SourceText source, MarkedYamlEngineException e) {
    Optional<Mark> mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
    String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
    DiagnosticCode code = DiagnosticCode.YAML_SYNTAX;
    if (problem.startsWith("found duplicate key")) {
      code = DiagnosticCode.YAML_DUPLICATE_KEY;
    }
    String msg = problem;
    if (e.getContext() != null && !e.getContext().isBlank()) {
      String ctx = e.getContext();
      String where =
          e.getContextMark()
              .filter(
                  m ->
                      mark.isEmpty()
                          || m.getLine() != mark.get().getLine()
                          || m.getColumn() != mark.get().getColumn())
              .map(
                  m ->
                      " (started at line "
                          + (m.getLine() + 1)
                          + ", column "
                          + (m.getColumn() + 1)
                          + ")")
              .orElse("");
      msg = problem + " " + ctx + where;
    }
    String hint = syntaxHint(msg);
    if (problem.contains("(TAB)")) {
      msg = "a tab character where YAML expects spaces (YAML does not allow tabs for indentation)";
    }
    if (mark.isPresent()) {
      int off = source.offsetOf(mark.get().getLine(), mark.get().getColumn());
      String t = source.text();
      if (off > 0 && off < t.length() && t.charAt(off) == '{' && t.charAt(off - 1) == '$') {
        hint =
            "inside [...] or {...} a value holding ${...} must be quoted: write \"kernel-devel-${kernel.version}\"";
      }
    }
    return Diagnostic.error(code, at(source, mark), msg.strip(), hint);
  }

  /**
   * What to try for SnakeYAML's common complaints, which name the parser's state, not the mistake.
   */
  private static String syntaxHint(String problem) {
    if (problem.contains("(TAB)")) {
      return "indent with spaces (two per level); set the editor to insert spaces in YAML files";
    }
    if (problem.startsWith("mapping values are not allowed here")) {
      return "a key is indented deeper than the keys beside it, or a plain value holds ': ': align the key"
          + " with its siblings, or quote the value";
    }
    if (problem.startsWith("expected <block end>")) {
      return "a line is indented differently from the lines beside it: keys of one mapping (and '- ' items of"
          + " one list) start in the same column";
    }
    if (problem.startsWith("could not find expected ':'")) {
      return "a key needs ':' and a space after it; a plain value continued on the next line must be indented"
          + " deeper than its key";
    }
    if (problem.contains("end of stream") && problem.contains("quoted scalar")) {
      return "a quoted value is never closed: add the closing quote";
    }
    return null;
  }

  private static Diagnostic unmarked(Path file, YamlEngineException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("exceeds the limit")) {
      return Diagnostic.error(
          DiagnosticCode.YAML_TOO_LARGE,
          Location.ofFile(file),
          "the document is longer than " + MAX_BYTES + " characters",
          null);
    }
    if (m.contains("Number of aliases")) {
      return Diagnostic.error(
          DiagnosticCode.YAML_ALIAS_LIMIT,
          Location.ofFile(file),
          "more than " + MAX_COLLECTION_ALIASES + " aliases to lists or mappings",
          null);
    }
    if (m.contains("Recursive key")) {
      return Diagnostic.error(
          DiagnosticCode.YAML_RECURSIVE_ALIAS,
          Location.ofFile(file),
          "a mapping key refers to a node that contains it",
          null);
    }
    return Diagnostic.error(
        DiagnosticCode.YAML_SYNTAX, Location.ofFile(file), m.lines().findFirst().orElse(m), null);
  }

  /**
   * Builds fresh values from the node tree (aliases are copied) and records where each was written.
   */
  private static final class Walker {
    private final SourceText source;
    final Map<String, Origin> values = new HashMap<>();
    final Map<String, Origin> keys = new HashMap<>();
    final List<Diagnostic> problems = new ArrayList<>();
    private final Set<Node> path = Collections.newSetFromMap(new IdentityHashMap<>());
    private int count;

    /** Set when going on would be pointless or costly; duplicate keys and tags are not fatal. */
    private boolean fatal;

    private final boolean aliases;

    private final Map<String, String> strings;

    Walker(SourceText source, boolean aliases, Map<String, String> strings) {
      this.source = source;
      this.aliases = aliases;
      this.strings = strings;
    }

    private String shared(String s) {
      if (strings == null) {
        return s;
      }
      String c = strings.putIfAbsent(s, s);
      return c == null ? s : c;
    }

    private Origin origin(Node n) {
      Optional<Mark> s = n.getStartMark();
      if (s.isEmpty()) {
        return null;
      }
      Mark e = n.getEndMark().orElse(s.get());
      return new Origin(source, s.get().getLine(), s.get().getColumn(), e.getLine(), e.getColumn());
    }

    Object walk(Node n, String ptr, Origin keyOrigin) {
      if (fatal) {
        return null;
      }
      if (++count > MAX_VALUES) {
        fatal = true;
        Location at = keyOrigin != null ? keyOrigin.location() : Location.ofFile(source.file());
        problems.add(
            aliases
                ? Diagnostic.error(
                    DiagnosticCode.YAML_ALIAS_LIMIT,
                    at,
                    "aliases expand to more than " + MAX_VALUES + " values",
                    "write the values out")
                : Diagnostic.error(
                    DiagnosticCode.YAML_TOO_LARGE,
                    at,
                    "more than " + MAX_VALUES + " values in one document",
                    "a spec holds a few dozen values: check that this is the file you meant"));
        return null;
      }
      if (!path.add(n)) {
        fatal = true;
        problems.add(
            Diagnostic.error(
                DiagnosticCode.YAML_RECURSIVE_ALIAS,
                keyOrigin != null ? keyOrigin.location() : Location.ofFile(source.file()),
                "the value of " + Pointers.display(ptr) + " refers to a node that contains it",
                null));
        return null;
      }
      try {
        Origin o = origin(n);
        if (o != null) {
          values.putIfAbsent(ptr, o);
        }
        if (n instanceof MappingNode m) {
          Map<String, Object> out = new LinkedHashMap<>();
          Map<String, Node> seen = new HashMap<>();
          for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
              problems.add(
                  Diagnostic.error(
                      DiagnosticCode.YAML_SYNTAX,
                      locationOf(t.getKeyNode()),
                      "a mapping key must be a plain value",
                      null));
              continue;
            }
            String key = k.getValue();
            Node first = seen.putIfAbsent(key, k);
            if (first != null) {
              String firstAt =
                  first
                      .getStartMark()
                      .map(x -> " (first at line " + (x.getLine() + 1) + ")")
                      .orElse("");
              problems.add(
                  Diagnostic.error(
                      DiagnosticCode.YAML_DUPLICATE_KEY,
                      locationOf(k),
                      "duplicate key '" + key + "'" + firstAt,
                      "remove one of them"));
              continue;
            }
            String child = shared(Pointers.child(ptr, key));
            Origin ko = origin(k);
            if (ko != null) {
              keys.putIfAbsent(child, ko);
            }
            out.put(shared(key), walk(t.getValueNode(), child, ko));
          }
          return out;
        }
        if (n instanceof SequenceNode s) {
          List<Object> out = new ArrayList<>(s.getValue().size());
          int i = 0;
          for (Node item : s.getValue()) {
            out.add(walk(item, shared(Pointers.child(ptr, i++)), keyOrigin));
          }
          return out;
        }
        return scalar((ScalarNode) n);
      } finally {
        path.remove(n);
      }
    }

    private Location locationOf(Node n) {
      Origin o = origin(n);
      return o == null ? Location.ofFile(source.file()) : o.location();
    }

    private Object scalar(ScalarNode s) {
      Tag tag = s.getTag();
      String v = s.getValue();
      try {
        if (tag.equals(Tag.STR)) {
          return v;
        }
        if (tag.equals(Tag.NULL)) {
          return null;
        }
        if (tag.equals(Tag.BOOL)) {
          return Boolean.valueOf(v);
        }
        if (tag.equals(Tag.INT)) {
          BigInteger b = new BigInteger(v);
          if (b.bitLength() < 32) {
            return b.intValue();
          }
          return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (tag.equals(Tag.FLOAT)) {
          return Double.valueOf(v);
        }
      } catch (NumberFormatException e) {
        // a tag forced onto text that is no number: report like an unknown tag
      }
      problems.add(
          Diagnostic.error(
              DiagnosticCode.YAML_TAG,
              locationOf(s),
              "unsupported tag " + tag.getValue().replace(Tag.PREFIX, "!!") + " on '" + v + "'",
              "remove the tag; specs use plain strings, numbers, booleans, lists and mappings"));
      return null;
    }
  }
}

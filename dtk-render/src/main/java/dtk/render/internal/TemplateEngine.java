package dtk.render.internal;

import dtk.spec.SpecPaths;
import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.AttemptExceptionReporter;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.SimpleScalar;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateScalarModel;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * FreeMarker, configured strictly: an undefined value is an error (never an empty string), {@code
 * ?new} and {@code ?api} are blocked, output is plain text with no auto-escaping (each template
 * escapes explicitly with {@code shq}, {@code labelq}, {@code labelKey}), numbers and booleans
 * print as {@code c} (no {@code 8,080}), and no locale or file extension changes behaviour.
 * Interpolations use the square-bracket syntax {@code [=x]}, so the shell's own {@code ${VAR}}
 * passes through templates untouched.
 *
 * <p>Templates come from the class path ({@code /templates/...}); a user directory, when given,
 * overrides them file by file. The configuration is built on first use, not at class load.
 */
public final class TemplateEngine {
  /** Where the built-in templates live on the class path. */
  public static final String CLASSPATH_ROOT = "/templates";

  private final Path overrideDir;
  private volatile Configuration configuration;

  public TemplateEngine(Path overrideDir) {
    this.overrideDir = overrideDir;
  }

  public Path overrideDir() {
    return overrideDir;
  }

  /**
   * A template failure: the template and line it happened at, and FreeMarker's first message line.
   */
  public static final class TemplateFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final String template;
    private final int line;
    private final int column;
    private final Throwable unsafe;

    TemplateFailure(String message, String template, int line, int column, Throwable unsafe) {
      super(message);
      this.template = template;
      this.line = line;
      this.column = column;
      this.unsafe = unsafe;
    }

    public String template() {
      return template;
    }

    public int line() {
      return line;
    }

    public int column() {
      return column;
    }

    /** The {@link Escapes.UnsafeValueException} behind the failure, or {@code null}. */
    public Throwable unsafe() {
      return unsafe;
    }
  }

  /**
   * The file a template name resolves to, for messages: the override file or the class-path
   * resource.
   */
  public Path describe(String templateName) {
    if (overrideDir != null) {
      Path p = overrideDir.resolve(templateName).normalize();
      // any entry there, a refused FIFO or link loop too: the message points at what the user wrote
      if (p.startsWith(overrideDir.normalize())
          && java.nio.file.Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return p;
      }
    }
    return Path.of("classpath:" + CLASSPATH_ROOT + "/" + templateName);
  }

  /** {@code name} rendered with {@code root} as its data model. */
  public String render(String name, Object root) throws TemplateFailure {
    Configuration cfg = configuration();
    Template template;
    try {
      template = cfg.getTemplate(name);
    } catch (freemarker.core.ParseException e) {
      throw new TemplateFailure(
          firstLine(e.getEditorMessage()), name, e.getLineNumber(), e.getColumnNumber(), null);
    } catch (IOException e) {
      throw new TemplateFailure("cannot read template: " + e.getMessage(), name, 0, 0, null);
    } catch (Refused e) {
      throw new TemplateFailure("template refused: " + e.getMessage(), name, 0, 0, null);
    } catch (SecurityException e) {
      // FileTemplateLoader refuses a symlink that leaves the override directory.
      throw new TemplateFailure(
          "template refused: it leaves the template directory (" + e.getMessage() + ")",
          name,
          0,
          0,
          null);
    }
    StringWriter out = new StringWriter(4096);
    try {
      template.process(root, out);
    } catch (TemplateException e) {
      Throwable unsafe = unsafeCause(e);
      String where = e.getTemplateSourceName() != null ? e.getTemplateSourceName() : name;
      Integer line = e.getLineNumber();
      Integer col = e.getColumnNumber();
      String msg = unsafe != null ? unsafe.getMessage() : firstLine(e.getMessageWithoutStackTop());
      throw new TemplateFailure(msg, where, line == null ? 0 : line, col == null ? 0 : col, unsafe);
    } catch (IOException e) {
      throw new TemplateFailure("cannot render: " + e.getMessage(), name, 0, 0, null);
    } catch (Refused e) {
      throw new TemplateFailure("template refused: " + e.getMessage(), name, 0, 0, null);
    } catch (SecurityException e) {
      throw new TemplateFailure(
          "template refused: it leaves the template directory (" + e.getMessage() + ")",
          name,
          0,
          0,
          null);
    }
    return out.toString();
  }

  /** A template file of the override directory that {@link SpecPaths} refuses. */
  static final class Refused extends SecurityException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /**
   * The override directory under {@link SpecPaths}: a template file (also one reached by {@code
   * <#include>} or {@code <#import>}) whose real path leaves the directory, a dangling link, a link
   * loop, a FIFO or a device is refused before FreeMarker opens it; a name with no file falls
   * through to the built-in templates.
   */
  static final class ConfinedLoader implements TemplateLoader {
    private final TemplateLoader delegate;
    private final Path dir;
    private final SpecPaths rule;

    ConfinedLoader(TemplateLoader delegate, Path dir) {
      this.delegate = delegate;
      this.dir = dir.toAbsolutePath().normalize();
      this.rule = SpecPaths.inside(this.dir, "template directory");
    }

    @Override
    public Object findTemplateSource(String name) throws IOException {
      Path p;
      try {
        p = dir.resolve(name).normalize();
      } catch (java.nio.file.InvalidPathException e) {
        return null;
      }
      if (!java.nio.file.Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return null; // not overridden: the built-in template
      }
      java.util.Optional<String> why = rule.fileRefusal(p);
      if (why.isPresent()) {
        throw new Refused(dir.relativize(p) + " " + why.get());
      }
      return delegate.findTemplateSource(name);
    }

    @Override
    public long getLastModified(Object source) {
      return delegate.getLastModified(source);
    }

    @Override
    public java.io.Reader getReader(Object source, String encoding) throws IOException {
      return delegate.getReader(source, encoding);
    }

    @Override
    public void closeTemplateSource(Object source) throws IOException {
      delegate.closeTemplateSource(source);
    }
  }

  private static Throwable unsafeCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof Escapes.UnsafeValueException) {
        return c;
      }
    }
    return null;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "template error";
    }
    String[] lines = s.strip().split("\n");
    StringBuilder b = new StringBuilder(lines[0].strip());
    // FreeMarker puts the failing expression on the next lines ("==> labels.x  [in template ...]").
    for (int i = 1; i < lines.length && i < 4; i++) {
      String l = lines[i].strip();
      if (l.startsWith("==>")) {
        b.append(' ').append(l.replaceAll("\\s*\\[in template.*$", ""));
      }
    }
    return b.toString();
  }

  private Configuration configuration() {
    Configuration c = configuration;
    if (c == null) {
      synchronized (this) {
        c = configuration;
        if (c == null) {
          c = build();
          configuration = c;
        }
      }
    }
    return c;
  }

  private Configuration build() {
    Configuration cfg = new Configuration(Configuration.VERSION_2_3_35);
    List<TemplateLoader> loaders = new ArrayList<>();
    if (overrideDir != null) {
      try {
        loaders.add(new ConfinedLoader(new FileTemplateLoader(overrideDir.toFile()), overrideDir));
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "template directory " + overrideDir + " cannot be used: " + e.getMessage(), e);
      }
    }
    loaders.add(new ClassTemplateLoader(TemplateEngine.class, CLASSPATH_ROOT));
    cfg.setTemplateLoader(new MultiTemplateLoader(loaders.toArray(new TemplateLoader[0])));
    cfg.setDefaultEncoding("UTF-8");
    cfg.setLocale(Locale.ROOT);
    cfg.setLocalizedLookup(false);
    cfg.setOutputFormat(PlainTextOutputFormat.INSTANCE);
    cfg.setRecognizeStandardFileExtensions(false);
    cfg.setAutoEscapingPolicy(Configuration.DISABLE_AUTO_ESCAPING_POLICY);
    cfg.setInterpolationSyntax(Configuration.SQUARE_BRACKET_INTERPOLATION_SYNTAX);
    cfg.setTagSyntax(Configuration.ANGLE_BRACKET_TAG_SYNTAX);
    cfg.setWhitespaceStripping(true);
    cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    cfg.setAttemptExceptionReporter(AttemptExceptionReporter.LOG_WARN_REPORTER);
    cfg.setLogTemplateExceptions(false);
    cfg.setWrapUncheckedExceptions(true);
    cfg.setFallbackOnNullLoopVariable(false);
    cfg.setNumberFormat("c");
    cfg.setBooleanFormat("c");
    cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    cfg.setAPIBuiltinEnabled(false);
    cfg.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
    cfg.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_35).build());
    cfg.setSharedVariable("shq", fn("shq", Escapes::shellQuote));
    cfg.setSharedVariable("shword", fn("shword", Escapes::shellWord));
    cfg.setSharedVariable("labelq", fn("labelq", Escapes::labelQuote));
    cfg.setSharedVariable("labelKey", fn("labelKey", Escapes::labelKey));
    return cfg;
  }

  private static TemplateMethodModelEx fn(String name, UnaryOperator<String> f) {
    return args -> {
      if (args.size() != 1) {
        throw new TemplateModelException(name + "() takes exactly 1 argument");
      }
      Object a = args.get(0);
      String s =
          a instanceof TemplateScalarModel
              ? ((TemplateScalarModel) a).getAsString()
              : a instanceof TemplateNumberModel
                  ? ((TemplateNumberModel) a).getAsNumber().toString()
                  : null;
      if (a == null) {
        throw new TemplateModelException(
            name + "() was given a missing value: check the name, or give a default with !\"\"");
      }
      if (s == null) {
        throw new TemplateModelException(name + "() needs a string");
      }
      return new SimpleScalar(f.apply(s));
    };
  }
}

package dtk.spec.internal;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.ValidationLimitExceededException;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The compiled {@code schemas/dtk-spec.schema.json}: compiled once per process, on first use
 * (commands that never validate never pay for it), and safe to share between threads.
 */
public final class SchemaValidator {
  public static final String ID_PREFIX = "https://dtk.example/schemas";
  public static final String SCHEMA_ID = ID_PREFIX + "/dtk-spec.schema.json";
  public static final String RESOURCE = "schemas/dtk-spec.schema.json";
  static final int MAX_EVALUATION_DEPTH = 256;
  static final long MAX_EVALUATION_STEPS = 1_000_000;

  private final Schema schema;
  private final JsonNode schemaJson;

  private SchemaValidator() {
    SchemaRegistryConfig cfg =
        SchemaRegistryConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(true)
            .locale(Locale.ROOT)
            .build();
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            b ->
                b.schemaRegistryConfig(cfg)
                    .schemaIdResolvers(r -> r.mapPrefix(ID_PREFIX, "classpath:schemas")));
    schema = registry.getSchema(SchemaLocation.of(SCHEMA_ID));
    schema.initializeValidators();
    schemaJson = schema.getSchemaNode();
  }

  /** The shared instance, compiled once by whichever thread asks first. */
  private static final AtomicReference<CompletableFuture<SchemaValidator>> SHARED =
      new AtomicReference<>();

  /** The shared instance; the first call compiles the schema. */
  public static SchemaValidator get() {
    CompletableFuture<SchemaValidator> f = SHARED.get();
    if (f == null) {
      CompletableFuture<SchemaValidator> mine = new CompletableFuture<>();
      if (SHARED.compareAndSet(null, mine)) {
        try {
          mine.complete(new SchemaValidator());
        } catch (RuntimeException | Error e) {
          mine.completeExceptionally(e);
        }
      }
      f = SHARED.get();
    }
    try {
      return f.join();
    } catch (CompletionException e) {
      // the compiling thread's own failure, whichever thread compiled
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /**
   * Compiles the schema on a daemon thread, for a command that will read specs: it overlaps with
   * parsing the command line. A failure is reported to the first {@link #get} caller.
   */
  public static void prewarm() {
    Thread t =
        new Thread(
            () -> {
              try {
                get();
              } catch (RuntimeException | Error e) {
                // get() on the command's own thread reports it
              }
            },
            "dtk-schema-init");
    t.setDaemon(true);
    t.start();
  }

  /** One schema error, with JSON pointers into the instance and the schema. */
  public record Violation(
      String keyword,
      String instancePointer,
      String property,
      String message,
      String schemaPointer,
      Object[] arguments) {}

  /** Validates a plain value tree (as {@link YamlReader} builds it). */
  public List<Violation> validate(Object tree) {
    JsonNode node = toJson(tree);
    AtomicReference<ExecutionContext> ctx = new AtomicReference<>();
    List<com.networknt.schema.Error> errors;
    try {
      errors =
          schema.validate(
              node,
              c -> {
                ctx.set(c);
                c.executionConfig(
                    x ->
                        x.maxEvaluationDepth(MAX_EVALUATION_DEPTH)
                            .maxEvaluationSteps(MAX_EVALUATION_STEPS)
                            .formatAssertionsEnabled(true)
                            .locale(Locale.ROOT));
              });
    } catch (ValidationLimitExceededException e) {
      return List.of(limit(e.getMessage()));
    }
    List<Violation> out = new ArrayList<>();
    for (com.networknt.schema.Error e : errors) {
      out.add(
          new Violation(
              e.getKeyword(),
              pointer(e.getInstanceLocation()),
              e.getProperty(),
              e.getMessage(),
              pointer(e.getSchemaLocation().getFragment()),
              e.getArguments()));
    }
    ExecutionContext c = ctx.get();
    if (c != null && c.isEvaluationAborted()) {
      out.add(limit(c.getEvaluationAbort().getMessage()));
    }
    return out;
  }

  private static Violation limit(String message) {
    return new Violation(
        "limit", "", null, "schema validation stopped: " + message, "", new Object[0]);
  }

  static String pointer(NodePath path) {
    if (path == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object el = path.getElement(i);
      b.append('/')
          .append(el instanceof Integer ? el.toString() : Pointers.escape(String.valueOf(el)));
    }
    return b.toString();
  }

  /** The schema node at a JSON pointer into the schema document, or null. */
  public JsonNode schemaAt(String pointer) {
    JsonNode n = schemaJson;
    for (String t : Pointers.tokens(pointer)) {
      if (n == null) {
        return null;
      }
      n =
          n.isArray() && t.chars().allMatch(Character::isDigit) && !t.isEmpty()
              ? n.get(Integer.parseInt(t))
              : n.get(t);
    }
    return n;
  }

  /**
   * The schema that describes the instance at {@code instancePointer}, following {@code
   * properties}, {@code additionalProperties}, {@code items} (the object branch of if/then/else)
   * and local {@code $ref}s; null when the pointer leaves the schema.
   */
  public JsonNode describe(String instancePointer) {
    JsonNode n = resolve(schemaJson);
    for (String t : Pointers.tokens(instancePointer)) {
      if (n == null) {
        return null;
      }
      JsonNode next = null;
      JsonNode props = n.get("properties");
      if (props != null && props.has(t)) {
        next = props.get(t);
      } else if (n.has("additionalProperties") && n.get("additionalProperties").isObject()) {
        next = n.get("additionalProperties");
      } else if (n.has("items")) {
        next = n.get("items");
        if (next.has("else")) {
          next = next.get("else");
        }
      }
      n = resolve(next);
    }
    return n;
  }

  /** Follows local {@code $ref}s, keeping the referring node's description when it has one. */
  private JsonNode resolve(JsonNode n) {
    int guard = 0;
    while (n != null && n.has("$ref") && guard++ < 16) {
      String ref = n.get("$ref").asString();
      if (!ref.startsWith("#")) {
        return n;
      }
      JsonNode target = schemaAt(ref.substring(1));
      if (target == null) {
        return n;
      }
      if (n.has("description") && target.isObject()) {
        ObjectNode copy = ((ObjectNode) target).deepCopy();
        copy.set("description", n.get("description"));
        target = copy;
      }
      n = target;
    }
    return n;
  }

  /** A plain value tree as a Jackson tree, without reflection. */
  public static JsonNode toJson(Object v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (v == null) {
      return f.nullNode();
    }
    if (v instanceof Map<?, ?> m) {
      ObjectNode o = f.objectNode();
      m.forEach((k, x) -> o.set(String.valueOf(k), toJson(x)));
      return o;
    }
    if (v instanceof List<?> l) {
      ArrayNode a = f.arrayNode(l.size());
      l.forEach(x -> a.add(toJson(x)));
      return a;
    }
    if (v instanceof String s) {
      return f.stringNode(s);
    }
    if (v instanceof Boolean b) {
      return f.booleanNode(b);
    }
    if (v instanceof Integer i) {
      return f.numberNode(i.intValue());
    }
    if (v instanceof Long l) {
      return f.numberNode(l.longValue());
    }
    if (v instanceof BigInteger b) {
      return f.numberNode(b);
    }
    if (v instanceof Double d) {
      return f.numberNode(d.doubleValue());
    }
    return f.stringNode(v.toString());
  }
}

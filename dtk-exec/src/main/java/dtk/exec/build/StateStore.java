package dtk.exec.build;

import dtk.exec.ExecException;
import dtk.render.JsonText;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The record of what was built: one JSON file per target under a state directory ({@code
 * .dtk/state/centos.x86_64.5.14.0-498.el9.json}), written atomically.
 */
public final class StateStore {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final Path dir;

  public StateStore(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** The file of a target id: slashes become dots. */
  public Path file(String target) {
    return dir.resolve(safeName(target) + ".json");
  }

  /**
   * {@code centos/x86_64/5.14.0-498.el9} → {@code centos.x86_64.5.14.0-498.el9}, safe as a file
   * name.
   */
  public static String safeName(String target) {
    return target.replace('/', '.').replaceAll("[^A-Za-z0-9._+-]", "_");
  }

  /** Records {@code b}, replacing an earlier record of the same target. */
  public synchronized void record(BuildRecord b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", b.target());
    m.put("spec", b.spec());
    m.put("name", b.name());
    m.put("arch", b.arch());
    m.put("kernelVersion", b.kernelVersion());
    m.put("engine", b.engine());
    m.put("imageId", b.imageId());
    m.put("image", b.image().toString());
    m.put("index", b.index().toString());
    m.put("inputsDigest", Objects.toString(b.inputsDigest(), null));
    m.put("builtAt", b.builtAt() == null ? null : b.builtAt().toString());
    m.put("pushedDigest", Objects.toString(b.pushedDigest(), null));
    Path f = file(b.target());
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".state-", ".tmp");
      Files.writeString(tmp, JsonText.write(m), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new ExecException(
          "cannot record the build of " + b.target() + " in " + f + ": " + e.getMessage(),
          "check that " + dir + " is writable",
          e);
    }
  }

  /**
   * Removes the records {@code which} selects (a new build of a spec replaces what it built
   * before).
   */
  public synchronized void forget(java.util.function.Predicate<BuildRecord> which) {
    for (BuildRecord b : all()) {
      if (which.test(b)) {
        try {
          Files.deleteIfExists(file(b.target()));
        } catch (IOException e) {
          throw new ExecException(
              "cannot remove the build record " + file(b.target()) + ": " + e.getMessage(),
              "check that " + dir + " is writable",
              e);
        }
      }
    }
  }

  /** Every recorded target, sorted by target id. */
  public List<BuildRecord> all() {
    List<BuildRecord> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
        out.add(read(f));
      }
    } catch (IOException e) {
      throw new ExecException(
          "cannot read the build records in " + dir + ": " + e.getMessage(), null, e);
    }
    out.sort(Comparator.comparing(BuildRecord::target));
    return out;
  }

  public Optional<BuildRecord> get(String target) {
    Path f = file(target);
    return Files.isRegularFile(f) ? Optional.of(read(f)) : Optional.empty();
  }

  private static BuildRecord read(Path f) {
    try {
      JsonNode n = JSON.readTree(Files.readAllBytes(f));
      String built = text(n, "builtAt");
      return new BuildRecord(
          text(n, "target"),
          text(n, "spec"),
          text(n, "name"),
          text(n, "arch"),
          text(n, "kernelVersion"),
          text(n, "engine"),
          text(n, "imageId"),
          ImageRef.parse(text(n, "image")),
          ImageRef.parse(text(n, "index")),
          Digest.parseOrNull(text(n, "inputsDigest")),
          built == null ? null : Instant.parse(built),
          Digest.parseOrNull(text(n, "pushedDigest")));
    } catch (IOException | RuntimeException e) {
      throw new ExecException(
          "build record " + f + " is unreadable: " + e.getMessage(),
          "delete it and run dtk build again",
          e);
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.stringValue(null);
  }
}

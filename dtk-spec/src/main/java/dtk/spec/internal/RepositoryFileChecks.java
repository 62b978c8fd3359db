package dtk.spec.internal;

import dtk.spec.Diagnostic;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The checks of each repository file, made once per load: a file's diagnostics depend only on its
 * contents and on the fact names its {@code ${facts.NAME}} may use, so specs that name the same
 * file with the same facts share them. Thread-safe (specs are checked in parallel).
 */
public final class RepositoryFileChecks {
  private record Key(Path file, Set<String> facts) {}

  private final ConcurrentHashMap<Key, List<Diagnostic>> checked = new ConcurrentHashMap<>();

  /** The diagnostics of {@code file} read with {@code facts}; {@code check} makes them once. */
  List<Diagnostic> of(Path file, Set<String> facts, Supplier<List<Diagnostic>> check) {
    return checked.computeIfAbsent(
        new Key(file.toAbsolutePath().normalize(), Set.copyOf(facts)),
        k -> List.copyOf(check.get()));
  }
}

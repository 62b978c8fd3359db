package dtk.exec.registry;

import dtk.spec.ImageRef;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Memoises inspections: however many targets name an image, it is fetched once per run; parallel
 * callers of the same image share one future.
 */
public final class CachingImageInspector implements ImageInspector {
  private final Function<ImageRef, ImageInfo> fetch;
  private final ConcurrentHashMap<ImageRef, CompletableFuture<ImageInfo>> cache =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ImageRef, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final ExecutorService executor;

  public CachingImageInspector(RegistryClient client) {
    this(client::inspect, client.executor());
  }

  public CachingImageInspector(Function<ImageRef, ImageInfo> fetch, ExecutorService executor) {
    this.fetch = fetch;
    this.executor = executor;
  }

  /** A daemon thread pool for blocking registry calls; threads end when idle. */
  static ExecutorService daemonPool(String name) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newCachedThreadPool(
        r -> {
          Thread t = new Thread(r, name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public CompletableFuture<ImageInfo> inspectAsync(ImageRef ref) {
    return cache.computeIfAbsent(
        ref,
        r ->
            CompletableFuture.supplyAsync(
                () -> {
                  counts.computeIfAbsent(r, k -> new AtomicInteger()).incrementAndGet();
                  return fetch.apply(r);
                },
                executor));
  }

  @Override
  public Map<ImageRef, Integer> fetchCounts() {
    Map<ImageRef, Integer> m = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    counts.forEach((k, v) -> m.put(k, v.get()));
    return Collections.unmodifiableMap(m);
  }
}

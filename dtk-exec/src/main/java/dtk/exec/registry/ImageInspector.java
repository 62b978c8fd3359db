package dtk.exec.registry;

import dtk.spec.ImageRef;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reads images from registries: digest (per platform for a multi-arch index), labels, platform,
 * creation time. Failures are {@link RegistryException}s. {@link Registries#inspector} gives the
 * one dtk uses.
 */
public interface ImageInspector {
  /**
   * Starts (or joins) the inspection of {@code ref}; inspections of different images run in
   * parallel.
   */
  CompletableFuture<ImageInfo> inspectAsync(ImageRef ref);

  /** Inspects {@code ref} and waits for the answer. */
  default ImageInfo inspect(ImageRef ref) throws InterruptedException {
    try {
      return inspectAsync(ref).get();
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      throw new RegistryException("inspecting " + ref + " failed: " + c, ref.registry(), null, c);
    }
  }

  /**
   * How many times each image was actually fetched from its registry in this run (at most once
   * each).
   */
  Map<ImageRef, Integer> fetchCounts();
}

package dtk.exec.registry.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for shared fetches so that a registry failure reaches the caller as itself. */
public final class Futures {
  private Futures() {}

  /** The value of {@code f}; a {@link RuntimeException} it failed with is thrown unwrapped. */
  public static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw e;
    }
  }
}

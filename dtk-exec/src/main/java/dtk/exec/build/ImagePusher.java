package dtk.exec.build;

import dtk.exec.EventListener;
import dtk.exec.ExecEvent;
import dtk.exec.ExecException;
import dtk.exec.engine.ContainerEngine;
import dtk.exec.engine.Signing;
import dtk.exec.registry.RegistryOptions;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pushes what {@link ImageBuilder} recorded, by image id (never a tag that may have moved, never a
 * re-resolved reference), then for each index reference the multi-arch index of the platforms that
 * were pushed. A platform that fails does not stop the others; its index is left untouched.
 */
public final class ImagePusher {
  /** The outcome: what was pushed (with digests), the indexes pushed, and what failed. */
  public record Result(
      List<BuildRecord> pushed, Map<ImageRef, Digest> indexes, List<ExecException> failures) {
    public boolean ok() {
      return failures.isEmpty();
    }
  }

  private final ContainerEngine engine;
  private final RegistryOptions registry;
  private final Signing signing;
  private final StateStore state;
  private final EventListener listener;

  public ImagePusher(
      ContainerEngine engine, RegistryOptions registry, StateStore state, EventListener listener) {
    this(engine, registry, Signing.NONE, state, listener);
  }

  /**
   * @param signing passed through to each push and index push ({@code --sign-by}, ...)
   */
  public ImagePusher(
      ContainerEngine engine,
      RegistryOptions registry,
      Signing signing,
      StateStore state,
      EventListener listener) {
    this.engine = engine;
    this.registry = registry;
    this.signing = signing == null ? Signing.NONE : signing;
    this.state = state;
    this.listener = listener == null ? EventListener.NONE : listener;
  }

  public Result push(List<BuildRecord> built) throws InterruptedException {
    Map<ImageRef, List<BuildRecord>> byIndex = new LinkedHashMap<>();
    Map<ImageRef, Boolean> indexOk = new LinkedHashMap<>();
    List<BuildRecord> pushed = new ArrayList<>();
    List<ExecException> failures = new ArrayList<>();
    for (BuildRecord b : built) {
      indexOk.putIfAbsent(b.index(), true);
      long start = System.nanoTime();
      listener.on(
          new ExecEvent.Step(
              b.target(), "push", ExecEvent.Status.STARTED, Duration.ZERO, b.image().toString()));
      try {
        Digest digest = engine.push(b.imageId(), b.image().normalised(), registry, signing, null);
        BuildRecord p = b.withPushedDigest(digest);
        state.record(p);
        pushed.add(p);
        byIndex.computeIfAbsent(b.index(), k -> new ArrayList<>()).add(p);
        listener.on(
            new ExecEvent.Step(
                b.target(), "push", ExecEvent.Status.DONE, since(start), b.image() + "@" + digest));
      } catch (ExecException e) {
        indexOk.put(b.index(), false);
        failures.add(e);
        listener.on(
            new ExecEvent.Step(
                b.target(), "push", ExecEvent.Status.FAILED, since(start), e.getMessage()));
      }
    }
    Map<ImageRef, Digest> indexes = new LinkedHashMap<>();
    for (Map.Entry<ImageRef, List<BuildRecord>> e : byIndex.entrySet()) {
      ImageRef index = e.getKey();
      if (!indexOk.get(index)) {
        listener.on(
            new ExecEvent.Note(
                index.toString(), "index not updated: a platform of it failed to push"));
        continue;
      }
      long start = System.nanoTime();
      listener.on(
          new ExecEvent.Step(
              index.toString(),
              "index",
              ExecEvent.Status.STARTED,
              Duration.ZERO,
              index.toString()));
      try {
        List<ImageRef> parts = new ArrayList<>();
        for (BuildRecord p : e.getValue()) {
          parts.add(p.image().normalised().withDigest(p.pushedDigest()));
        }
        Digest digest = engine.pushIndex(index.normalised(), parts, registry, signing, null);
        indexes.put(index, digest);
        listener.on(
            new ExecEvent.Step(
                index.toString(),
                "index",
                ExecEvent.Status.DONE,
                since(start),
                index + "@" + digest));
      } catch (ExecException ex) {
        failures.add(ex);
        listener.on(
            new ExecEvent.Step(
                index.toString(), "index", ExecEvent.Status.FAILED, since(start), ex.getMessage()));
      }
    }
    return new Result(pushed, indexes, failures);
  }

  private static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }
}

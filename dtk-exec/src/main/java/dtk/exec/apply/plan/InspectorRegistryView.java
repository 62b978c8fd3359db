package dtk.exec.apply.plan;

import dtk.exec.ExecException;
import dtk.exec.registry.ImageInfo;
import dtk.exec.registry.ImageInspector;
import dtk.exec.registry.ImageNotFoundException;
import dtk.exec.registry.PlatformImage;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * {@link RegistryView} over exec's {@link ImageInspector}: every reference is requested at once
 * (the inspector runs them in parallel over one HTTP client with cached tokens) and then collected;
 * "not found" is an answer ({@link RemoteImage.Absent}), any other failure makes the reference
 * {@link RemoteImage.Unreachable}.
 */
public final class InspectorRegistryView implements RegistryView {
  private final ImageInspector inspector;

  public InspectorRegistryView(ImageInspector inspector) {
    this.inspector = inspector;
  }

  @Override
  public Snapshot inspect(Set<ImageRef> images, Set<ImageRef> indexes) throws InterruptedException {
    Map<ImageRef, CompletableFuture<ImageInfo>> pending = new LinkedHashMap<>();
    for (ImageRef ref : concat(images, indexes)) {
      pending.put(ref, inspector.inspectAsync(ref.normalised()));
    }
    Map<ImageRef, RemoteImage> imageAnswers = new LinkedHashMap<>();
    Map<ImageRef, RemoteIndex> indexAnswers = new LinkedHashMap<>();
    for (ImageRef ref : images) {
      imageAnswers.put(ref, image(ref, pending.get(ref)));
    }
    for (ImageRef ref : indexes) {
      indexAnswers.put(ref, index(ref, pending.get(ref)));
    }
    return new Snapshot(imageAnswers, indexAnswers);
  }

  private static RemoteImage image(ImageRef ref, CompletableFuture<ImageInfo> f)
      throws InterruptedException {
    try {
      ImageInfo info = f.get();
      if (info.platforms().isEmpty()) {
        return new RemoteImage.Present(info.digest(), null, Map.of());
      }
      PlatformImage p = info.platforms().get(0);
      // a per-platform tag that holds an index (someone pushed a list there) is not dtk's image
      Digest digest = info.index() ? info.digest() : p.digest();
      return new RemoteImage.Present(
          digest, info.index() ? "index" : p.platform().arch(), p.labels());
    } catch (ExecutionException | CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof ImageNotFoundException) {
        return new RemoteImage.Absent();
      }
      return new RemoteImage.Unreachable(message(ref, c));
    }
  }

  private static RemoteIndex index(ImageRef ref, CompletableFuture<ImageInfo> f)
      throws InterruptedException {
    try {
      ImageInfo info = f.get();
      if (!info.index()) {
        return new RemoteIndex.Present(info.digest(), Map.of());
      }
      Map<String, Digest> members = new TreeMap<>();
      for (PlatformImage p : info.platforms()) {
        members.put(p.platform().arch(), p.digest());
      }
      return new RemoteIndex.Present(info.digest(), members);
    } catch (ExecutionException | CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof ImageNotFoundException) {
        return new RemoteIndex.Absent();
      }
      return new RemoteIndex.Unreachable(message(ref, c));
    }
  }

  private static String message(ImageRef ref, Throwable c) {
    if (c instanceof ExecException ee) {
      return ee.getMessage().replace('\n', ' ') + (ee.hint() == null ? "" : " (" + ee.hint() + ")");
    }
    return "inspecting " + ref + " failed: " + c;
  }

  private static Iterable<ImageRef> concat(Set<ImageRef> a, Set<ImageRef> b) {
    java.util.LinkedHashSet<ImageRef> all = new java.util.LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }
}

package dtk.exec.registry.internal;

import dtk.exec.Platform;
import dtk.exec.registry.ImageInfo;
import dtk.exec.registry.PlatformImage;
import dtk.exec.registry.RegistryClient;
import dtk.exec.registry.RegistryException;
import dtk.exec.registry.internal.ManifestReader.Fetched;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import tools.jackson.databind.JsonNode;

/**
 * An image per platform, from its manifest or index and each platform's config: digests, labels and
 * creation times for inspection, layers for one platform's manifest. A platform image one
 * inspection read is shared with the inspection of an index of the same repository that lists it.
 */
public final class PlatformReader {
  private final ManifestReader manifests;
  private final ExecutorService executor;

  /**
   * Per repository and manifest digest: the platform image a tag's inspection read. An index that
   * lists the same manifest (apply inspects each platform tag and its index at once) takes it from
   * here instead of fetching the manifest and config again.
   */
  private final ConcurrentHashMap<String, CompletableFuture<PlatformImage>> platformImages =
      new ConcurrentHashMap<>();

  /** Per repository: inspections whose first manifest has not arrived yet. */
  private final ConcurrentHashMap<String, Set<CompletableFuture<Void>>> manifestsInFlight =
      new ConcurrentHashMap<>();

  /**
   * @param executor fetches an index's platform images in parallel
   */
  public PlatformReader(ManifestReader manifests, ExecutorService executor) {
    this.manifests = manifests;
    this.executor = executor;
  }

  /** Reads {@code ref}: the manifest it names, and per platform the manifest digest and config. */
  public ImageInfo inspect(ImageRef ref) {
    String repo = ref.apiHost() + "/" + ref.repository();
    Set<CompletableFuture<Void>> inFlight =
        manifestsInFlight.computeIfAbsent(repo, k -> ConcurrentHashMap.newKeySet());
    CompletableFuture<Void> arrived = new CompletableFuture<>();
    inFlight.add(arrived);
    Fetched top;
    JsonNode root;
    boolean index;
    CompletableFuture<PlatformImage> shared = null;
    try {
      top = manifests.manifest(ref, ref.reference());
      root = RegistryJson.parse(top.body(), ref, "manifest");
      index = isIndex(top, root);
      if (!index) {
        CompletableFuture<PlatformImage> mine = new CompletableFuture<>();
        if (platformImages.putIfAbsent(repo + "@" + top.digest(), mine) == null) {
          shared = mine;
        }
      }
    } finally {
      inFlight.remove(arrived);
      arrived.complete(null);
    }
    if (index) {
      // a member may be the manifest a tag of this repository is fetching right now: wait until
      // those tags' manifests arrived (each is bounded by the request deadline), then reuse
      for (CompletableFuture<Void> f : List.copyOf(inFlight)) {
        f.join();
      }
      List<CompletableFuture<PlatformImage>> parts = new ArrayList<>();
      for (JsonNode m : root.path("manifests")) {
        Platform platform = runnablePlatform(m);
        if (platform == null) {
          continue; // attestation manifests and the like carry no runnable platform
        }
        Digest digest = Digests.fromRegistry(m.path("digest").stringValue(""), ref);
        CompletableFuture<PlatformImage> known = platformImages.get(repo + "@" + digest);
        parts.add(
            known != null
                ? known
                    .thenApply(
                        k -> new PlatformImage(platform, k.digest(), k.labels(), k.created()))
                    .exceptionallyAsync(e -> platformImage(ref, digest, platform), executor)
                : CompletableFuture.supplyAsync(
                    () -> platformImage(ref, digest, platform), executor));
      }
      List<PlatformImage> images = new ArrayList<>();
      for (CompletableFuture<PlatformImage> f : parts) {
        images.add(Futures.join(f));
      }
      return new ImageInfo(ref, top.digest(), true, images);
    }
    try {
      PlatformImage image = fromManifest(ref, top.digest(), root, null);
      if (shared != null) {
        shared.complete(image);
      }
      return new ImageInfo(ref, top.digest(), false, List.of(image));
    } catch (RuntimeException e) {
      if (shared != null) {
        platformImages.remove(repo + "@" + top.digest(), shared);
        shared.completeExceptionally(e);
      }
      throw e;
    }
  }

  /**
   * The manifest of {@code ref} for {@code platform}: the index entry for it (the first when
   * several variants match), or the single manifest when its config names that platform.
   *
   * @throws RegistryException the image has no such platform, or the registry failed
   */
  public RegistryClient.PlatformManifest platformManifest(ImageRef ref, Platform platform) {
    Fetched top = manifests.manifest(ref, ref.reference());
    JsonNode root = RegistryJson.parse(top.body(), ref, "manifest");
    if (isIndex(top, root)) {
      List<String> have = new ArrayList<>();
      for (JsonNode m : root.path("manifests")) {
        Platform candidate = runnablePlatform(m);
        if (candidate == null) {
          continue;
        }
        if (candidate.equals(platform)) {
          Digest digest = Digests.fromRegistry(m.path("digest").stringValue(""), ref);
          Fetched f = manifests.manifest(ref, digest.toString());
          return new RegistryClient.PlatformManifest(
              ref,
              f.digest(),
              platform,
              layersOf(ref, RegistryJson.parse(f.body(), ref, "manifest " + digest)));
        }
        have.add(candidate.oci());
      }
      throw noPlatform(ref, platform, have);
    }
    PlatformImage image = fromManifest(ref, top.digest(), root, null);
    if (!image.platform().equals(platform)) {
      throw noPlatform(ref, platform, List.of(image.platform().oci()));
    }
    return new RegistryClient.PlatformManifest(ref, top.digest(), platform, layersOf(ref, root));
  }

  private static boolean isIndex(Fetched top, JsonNode root) {
    String mediaType =
        Optional.ofNullable(root.path("mediaType").stringValue(null)).orElse(top.mediaType());
    return ManifestReader.OCI_INDEX.equals(mediaType)
        || ManifestReader.DOCKER_LIST.equals(mediaType)
        || root.has("manifests");
  }

  /** The platform of an index entry, or null when it names none that runs. */
  private static Platform runnablePlatform(JsonNode entry) {
    JsonNode p = entry.path("platform");
    String os = p.path("os").stringValue("");
    String arch = p.path("architecture").stringValue("");
    if (os.isEmpty() || arch.isEmpty() || os.equals("unknown")) {
      return null;
    }
    return new Platform(os, Platform.kernelArch(arch));
  }

  private PlatformImage platformImage(ImageRef ref, Digest digest, Platform platform) {
    Fetched f = manifests.manifest(ref, digest.toString());
    return fromManifest(
        ref, f.digest(), RegistryJson.parse(f.body(), ref, "manifest " + digest), platform);
  }

  private PlatformImage fromManifest(
      ImageRef ref, Digest digest, JsonNode manifest, Platform fromIndex) {
    String configDigest = manifest.path("config").path("digest").stringValue(null);
    if (configDigest == null) {
      throw new RegistryException(
          "registry "
              + ref.registry()
              + " returned a manifest without a config for "
              + ref
              + " (schema 1 manifests are not supported)",
          ref.registry(),
          "re-push the image with a current podman, buildah or docker");
    }
    JsonNode config =
        RegistryJson.parse(
            manifests.config(ref, Digests.fromRegistry(configDigest, ref)), ref, "config");
    Map<String, String> labels = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : config.path("config").path("Labels").properties()) {
      labels.put(e.getKey(), e.getValue().stringValue(""));
    }
    Platform platform =
        fromIndex != null
            ? fromIndex
            : new Platform(
                config.path("os").stringValue("linux"),
                Platform.kernelArch(config.path("architecture").stringValue("amd64")));
    Instant created = null;
    String c = config.path("created").stringValue(null);
    if (c != null) {
      try {
        created = Instant.parse(c);
      } catch (DateTimeParseException e) {
        created = null; // a config with an odd timestamp still has labels worth reading
      }
    }
    return new PlatformImage(platform, digest, labels, created);
  }

  private static RegistryException noPlatform(ImageRef ref, Platform platform, List<String> have) {
    return new RegistryException(
        "image "
            + ref
            + " has no "
            + platform.oci()
            + " image (it has "
            + (have.isEmpty() ? "none" : String.join(", ", have))
            + ")",
        ref.registry(),
        "build only the platforms the image has (platforms: in the spec, or --platform), or use another image");
  }

  private static List<RegistryClient.Layer> layersOf(ImageRef ref, JsonNode manifest) {
    List<RegistryClient.Layer> out = new ArrayList<>();
    for (JsonNode l : manifest.path("layers")) {
      String digest = l.path("digest").stringValue(null);
      Digest parsed;
      try {
        parsed = Digest.parse(digest);
      } catch (Digest.InvalidException e) {
        parsed = null;
      }
      if (parsed == null || !parsed.isSha256()) {
        throw new RegistryException(
            "registry "
                + ref.registry()
                + " returned a manifest for "
                + ref
                + " with a layer without a sha256 digest ("
                + digest
                + ")",
            ref.registry(),
            "re-push the image with a current podman, buildah or docker");
      }
      out.add(
          new RegistryClient.Layer(
              parsed, l.path("mediaType").stringValue(""), l.path("size").asLong(-1)));
    }
    return out;
  }
}

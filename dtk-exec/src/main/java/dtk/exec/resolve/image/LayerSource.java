package dtk.exec.resolve.image;

import dtk.exec.Platform;
import dtk.exec.registry.RegistryClient;
import dtk.exec.registry.RegistryOptions;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where an image's layers come from: its manifest for one platform, and each layer's bytes as a
 * stream. {@link #registry} reads them through the Registry HTTP API; tests give layers from
 * memory.
 */
public interface LayerSource {
  /**
   * One layer: its digest, media type (which says the compression) and size ({@code -1} if
   * unknown).
   */
  record Layer(Digest digest, String mediaType, long size) {
    public Layer {
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(mediaType, "mediaType");
    }
  }

  /**
   * The layers of {@code ref}'s image for {@code platform}, lowest first, and that image's manifest
   * digest.
   */
  record ImageLayers(ImageRef ref, Digest digest, Platform platform, List<Layer> layers) {
    public ImageLayers {
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(platform, "platform");
      layers = List.copyOf(layers);
    }
  }

  /**
   * The manifest of {@code ref} for {@code platform}.
   *
   * @throws dtk.exec.registry.RegistryException the image or platform does not exist, or the
   *     registry failed
   */
  ImageLayers layers(ImageRef ref, Platform platform);

  /**
   * The (compressed) bytes of {@code layer}; reading to the end verifies its digest. The caller
   * closes it.
   *
   * @throws dtk.exec.registry.RegistryException the registry failed
   */
  InputStream open(ImageRef ref, Layer layer);

  /**
   * Layers from registries, with the same options (TLS, auth file, {@code --timeout}) as image
   * inspection. One instance reuses connections and tokens: keep one per run.
   */
  static LayerSource registry(RegistryOptions options) {
    return registry(options, System.getenv());
  }

  /**
   * As {@link #registry(RegistryOptions)}, with {@code env} for the auth file's default locations.
   */
  static LayerSource registry(RegistryOptions options, Map<String, String> env) {
    RegistryClient client = new RegistryClient(options, env);
    return new LayerSource() {
      @Override
      public ImageLayers layers(ImageRef ref, Platform platform) {
        RegistryClient.PlatformManifest m = client.platformManifest(ref, platform);
        return new ImageLayers(
            ref,
            m.digest(),
            platform,
            m.layers().stream().map(l -> new Layer(l.digest(), l.mediaType(), l.size())).toList());
      }

      @Override
      public InputStream open(ImageRef ref, Layer layer) {
        return client.openBlob(ref, layer.digest(), layer.size());
      }
    };
  }
}

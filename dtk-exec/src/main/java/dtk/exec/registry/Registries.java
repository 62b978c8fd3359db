package dtk.exec.registry;

/** The registry readers dtk uses, built from {@link RegistryOptions}. */
public final class Registries {
  private Registries() {}

  /**
   * The Registry HTTP API v2 client: one shared HTTP client (connections reused), bearer tokens
   * cached per registry and scope, each image fetched at most once per inspector.
   */
  public static ImageInspector inspector(RegistryOptions options) {
    return new CachingImageInspector(new RegistryClient(options, System.getenv()));
  }
}

package dtk.exec.registry;

/**
 * The registry answered, and has no such image (HTTP 404: unknown tag, manifest or repository).
 * Unlike other {@link RegistryException}s this is an answer, not a failure: apply plans such an
 * image as missing.
 */
public class ImageNotFoundException extends RegistryException {
  public ImageNotFoundException(String message, String registry, String hint) {
    super(message, registry, hint);
  }
}

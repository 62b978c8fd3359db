package dtk.exec.registry;

import dtk.exec.ExecException;

/** A registry could not answer for an image: names the image, the registry and what to try. */
public class RegistryException extends ExecException {
  private final String registry;

  public RegistryException(String message, String registry, String hint) {
    this(message, registry, hint, null);
  }

  public RegistryException(String message, String registry, String hint, Throwable cause) {
    super(message, hint, cause);
    this.registry = registry;
  }

  public String registry() {
    return registry;
  }
}

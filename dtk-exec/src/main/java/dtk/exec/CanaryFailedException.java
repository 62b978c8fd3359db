package dtk.exec;

/** The canary module did not build against a toolkit image, or its vermagic named another kernel. */
public class CanaryFailedException extends ExecException {
  private final String image;
  private final String kernelVersion;

  public CanaryFailedException(String image, String kernelVersion, String reason, Throwable cause) {
    super("canary check of " + image + " for kernel " + kernelVersion + " failed: " + reason,
        "the image cannot build modules for " + kernelVersion + ": check that the kernel's headers/devel"
            + " package, make, kmod and the kernel's gcc are installed; the engine log has the compiler output",
        cause);
    this.image = image;
    this.kernelVersion = kernelVersion;
  }

  public String image() {
    return image;
  }

  public String kernelVersion() {
    return kernelVersion;
  }
}

package dtk.exec.engine;

import dtk.exec.ExecException;
import dtk.exec.process.OutputListener;
import dtk.exec.registry.RegistryOptions;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.util.List;

/**
 * A container engine (podman, buildah, docker) behind one interface, chosen by name through {@link
 * ContainerEngines#create}. Methods throw {@link ExecException} (usually {@link
 * ToolFailedException}) when the engine fails, with what ran and what to try.
 */
public interface ContainerEngine {
  /** {@code podman}, {@code buildah} or {@code docker}. */
  String name();

  /** The installed version and what it can do; detected once, then cached. */
  EngineInfo info() throws InterruptedException;

  /** Builds a context into a local image with the request's tag. */
  BuildResult build(BuildRequest request) throws InterruptedException;

  /**
   * Pushes a local image to {@code remote} and returns the digest of the manifest the registry now
   * holds ({@code sha256:...}).
   */
  Digest push(String localImage, ImageRef remote, RegistryOptions options, OutputListener output)
      throws InterruptedException;

  /**
   * Creates a multi-arch index at {@code remote} from per-platform images already in the registry
   * (best given by digest) and pushes it; returns the index digest.
   */
  Digest pushIndex(
      ImageRef remote,
      List<ImageRef> platformImages,
      RegistryOptions options,
      OutputListener output)
      throws InterruptedException;

  /**
   * {@link #push(String, ImageRef, RegistryOptions, OutputListener)}, signed as {@code signing}
   * says. An engine that cannot sign refuses a signing request before pushing anything.
   */
  default Digest push(
      String localImage,
      ImageRef remote,
      RegistryOptions options,
      Signing signing,
      OutputListener output)
      throws InterruptedException {
    refuseSigning(signing);
    return push(localImage, remote, options, output);
  }

  /**
   * {@link #pushIndex(ImageRef, List, RegistryOptions, OutputListener)}, signed as {@code signing}
   * says.
   */
  default Digest pushIndex(
      ImageRef remote,
      List<ImageRef> platformImages,
      RegistryOptions options,
      Signing signing,
      OutputListener output)
      throws InterruptedException {
    refuseSigning(signing);
    return pushIndex(remote, platformImages, options, output);
  }

  /** Throws when {@code signing} asks for anything: for engines without signing. */
  default void refuseSigning(Signing signing) {
    if (signing != null && signing.enabled()) {
      throw new ExecException(
          name() + " cannot sign the images it pushes (--sign-by, --sign-by-sigstore-private-key)",
          "build with --engine podman (GPG and sigstore signing) or buildah (GPG signing), or sign after the push with skopeo copy --sign-by");
    }
  }
}

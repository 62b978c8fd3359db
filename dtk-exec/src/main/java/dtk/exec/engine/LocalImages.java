package dtk.exec.engine;

import dtk.exec.Platform;
import dtk.exec.registry.RegistryOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The command lines that look into a local image without running it ({@code create}, {@code cp},
 * {@code rm}, {@code image inspect}, {@code pull}) and that build throwaway stages {@code FROM} it
 * (the canary and driver-module checks). With {@link ContainerEngine} this is where every engine
 * command line dtk runs is written. buildah shares podman's storage, so its images are read with
 * podman.
 */
public final class LocalImages {
  private final String program;

  /**
   * @param program {@code podman} (also for buildah's images) or {@code docker}, or a path to one
   */
  public LocalImages(String program) {
    this.program = Objects.requireNonNull(program, "program");
  }

  /** The program that reads {@code engine}'s images. */
  public static LocalImages of(ContainerEngine engine) {
    return new LocalImages(engine.name().equals("docker") ? "docker" : "podman");
  }

  public String program() {
    return program;
  }

  /**
   * A container of {@code image} that is created, never started ({@code podman run} cannot run on
   * every machine).
   */
  public List<String> create(String image, String... command) {
    List<String> argv = new ArrayList<>(List.of(program, "create", image));
    argv.addAll(List.of(command));
    return argv;
  }

  /** As {@link #create}, for an image that must already be local (never pulled). */
  public List<String> createLocal(String image, String... command) {
    List<String> argv = new ArrayList<>(List.of(program, "create", "--pull=never", image));
    argv.addAll(List.of(command));
    return argv;
  }

  /** Copies {@code path} out of {@code container} to {@code to}. */
  public List<String> copyOut(String container, String path, Path to) {
    return List.of(program, "cp", container + ":" + path, to.toString());
  }

  public List<String> removeContainer(String container) {
    return List.of(program, "rm", "-f", container);
  }

  public List<String> removeImage(String imageId) {
    return List.of(program, "rmi", "-f", imageId);
  }

  /** {@code image inspect} with a Go template, e.g. {@code {{.Architecture}}}. */
  public List<String> inspect(String image, String format) {
    return List.of(program, "image", "inspect", "--format", format, image);
  }

  /** Pulls {@code image} (podman: with the registry's TLS setting and auth file). */
  public List<String> pull(String image, RegistryOptions registry) {
    List<String> argv = new ArrayList<>(List.of(program, "pull"));
    if (program.equals("podman")) {
      argv.add("--tls-verify=" + registry.tlsVerify());
      if (registry.authfile() != null) {
        argv.add("--authfile=" + registry.authfile());
      }
    }
    argv.add(image);
    return argv;
  }

  /**
   * A build of a throwaway stage for {@code arch} (never pulling, podman without its layer cache,
   * which can hand back another arch's layer), its image id written to {@code iidFile}.
   *
   * @param buildArgs the engine arguments of the toolkit's own build (e.g. {@code
   *     --isolation=chroot})
   */
  public List<String> buildStage(
      String arch, Path iidFile, Path containerfile, List<String> buildArgs, Path context) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                program,
                "build",
                "--pull=never",
                "--platform",
                Platform.of(arch).oci(),
                "--iidfile",
                iidFile.toString(),
                "-f",
                containerfile.toString()));
    if (program.endsWith("podman")) {
      argv.add("--layers=false");
    }
    argv.addAll(buildArgs);
    argv.add(context.toString());
    return argv;
  }
}

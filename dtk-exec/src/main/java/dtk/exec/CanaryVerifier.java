package dtk.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * {@code verify.canary}: builds the {@link Canary} context {@code FROM} a freshly built toolkit
 * image. The canary build compiles a module against every kernel in the image and fails on a
 * warning or a vermagic that does not name the kernel, so the build's success is the verdict;
 * this class turns it into a {@link Result} or a {@link CanaryFailedException} that says why.
 *
 * <pre>{@code
 * var result = new CanaryVerifier(engine).verify(built.imageId(), "6.1.0-56-amd64", Platform.X86_64,
 *     List.of("--isolation=chroot"), workDir, logLines);
 * // result.releases(): [6.1.0-56-amd64]
 * }</pre>
 */
public final class CanaryVerifier {
  /** Lines {@code check.sh} prints: {@code dtk-canary: ok: <release>: vermagic <vermagic>}. */
  static final String OK_PREFIX = "dtk-canary: ok: ";
  /** And {@code dtk-canary: FAIL: <reason>}. */
  static final String FAIL_PREFIX = "dtk-canary: FAIL: ";

  private final ContainerEngine engine;

  public CanaryVerifier(ContainerEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /** A passed canary: the kernel releases a module was built for, with their vermagic. */
  public record Result(String image, String kernelVersion, List<Verified> releases, String canaryImageId) {
    public Result {
      releases = List.copyOf(releases);
    }
  }

  /** One kernel release the canary module was built for. */
  public record Verified(String release, String vermagic) {}

  /**
   * Builds the canary against {@code image} (a local image id or reference; never pulled).
   *
   * @param workDir a directory of its own for the build context (created, removed afterwards)
   * @param output receives the engine's output lines (e.g. the target's log), or {@code null}
   * @throws CanaryFailedException when the canary does not build or a check fails
   */
  public Result verify(String image, String kernelVersion, Platform platform, List<String> engineArgs,
      Path workDir, OutputListener output) throws InterruptedException {
    Objects.requireNonNull(image, "image");
    if (kernelVersion == null || kernelVersion.isBlank()) {
      throw new IllegalArgumentException("kernelVersion is empty");
    }
    List<Verified> verified = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    OutputListener listener = (stream, line) -> {
      synchronized (verified) {
        parse(line, verified, failures);
      }
      if (output != null) {
        output.line(stream, line);
      }
    };
    try {
      Canary.writeContext(workDir);
    } catch (IOException e) {
      throw new ExecException("cannot write the canary build context to " + workDir + ": " + e.getMessage(),
          "check that " + workDir.getParent() + " is writable", e);
    }
    try {
      BuildRequest request = BuildRequest.builder(workDir, "localhost/dtk-canary:" + tagOf(kernelVersion))
          .platform(platform)
          .buildArg(Canary.IMAGE_ARG, image)
          .buildArg(Canary.KERNEL_ARG, kernelVersion)
          .pull(PullPolicy.NEVER)
          .extraArgs(engineArgs)
          .output(listener)
          .build();
      BuildResult built;
      try {
        built = engine.build(request);
      } catch (ToolFailedException e) {
        String reason;
        synchronized (verified) {
          reason = failures.isEmpty() ? "the canary build failed" : String.join("; ", failures);
        }
        throw new CanaryFailedException(image, kernelVersion, reason, e);
      }
      synchronized (verified) {
        boolean target = verified.stream().anyMatch(v -> isTarget(v.release(), kernelVersion));
        if (!target) {
          throw new CanaryFailedException(image, kernelVersion,
              "the canary build passed but reported no module for kernel " + kernelVersion, null);
        }
        return new Result(image, kernelVersion, verified, built.imageId());
      }
    } finally {
      deleteQuietly(workDir);
    }
  }

  /** Whether a release under {@code /lib/modules} is the target kernel, as {@code check.sh} decides. */
  static boolean isTarget(String release, String kernelVersion) {
    return release.equals(kernelVersion) || release.startsWith(kernelVersion + ".")
        || release.startsWith(kernelVersion + "+");
  }

  private static void parse(String line, List<Verified> verified, List<String> failures) {
    if (line.startsWith(OK_PREFIX)) {
      String rest = line.substring(OK_PREFIX.length());
      int sep = rest.indexOf(": vermagic ");
      if (sep > 0) {
        String release = rest.substring(0, sep);
        String vermagic = rest.substring(sep + ": vermagic ".length()).strip();
        if (Canary.matchesRelease(vermagic, release)) {
          verified.add(new Verified(release, vermagic));
        }
      }
    } else if (line.startsWith(FAIL_PREFIX)) {
      failures.add(line.substring(FAIL_PREFIX.length()).strip());
    }
  }

  private static String tagOf(String kernelVersion) {
    return kernelVersion.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover temp directory is not worth failing a verified build over
    }
  }
}

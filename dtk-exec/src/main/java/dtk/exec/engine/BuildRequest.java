package dtk.exec.engine;

import dtk.exec.Platform;
import dtk.exec.process.OutputListener;
import dtk.exec.registry.RegistryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One image build: a rendered context and how to build it.
 *
 * <pre>
 * BuildRequest.builder(contextDir, "localhost/driver-toolkit:5.14.0-498.el9.x86_64")
 *     .platform(Platform.X86_64).label("version", "5.14.0-498.el9").unsetLabel("release")
 *     .timestamp(1700000000L).extraArgs(List.of("--isolation=chroot")).build();
 * </pre>
 *
 * @param containerfile the Containerfile, relative to {@code contextDir} or absolute
 * @param timestamp seconds since the epoch for reproducible timestamps ({@code SOURCE_DATE_EPOCH}),
 *     or {@code null}
 * @param extraArgs engine arguments passed through verbatim before the context, e.g. {@code
 *     --isolation=chroot}
 * @param allowInheritedLabels accept that an engine which cannot remove inherited labels (docker)
 *     keeps them
 * @param output receives the engine's output lines (the per-target log), or {@code null}
 * @param registry how to pull the base image ({@code --tls-verify}, {@code --authfile})
 */
public record BuildRequest(
    Path contextDir,
    Path containerfile,
    String tag,
    Platform platform,
    Map<String, String> buildArgs,
    Map<String, String> labels,
    List<String> unsetLabels,
    Long timestamp,
    List<BuildSecret> secrets,
    PullPolicy pull,
    boolean noCache,
    List<String> extraArgs,
    boolean allowInheritedLabels,
    Duration timeout,
    OutputListener output,
    RegistryOptions registry) {

  public BuildRequest {
    Objects.requireNonNull(contextDir, "contextDir");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(pull, "pull");
    // engines run inside the context directory: every path they are given must be absolute
    contextDir = contextDir.toAbsolutePath().normalize();
    containerfile = containerfile == null ? Path.of("Containerfile") : containerfile;
    buildArgs = ordered(buildArgs);
    labels = ordered(labels);
    unsetLabels = unsetLabels == null ? List.of() : List.copyOf(unsetLabels);
    secrets = secrets == null ? List.of() : List.copyOf(secrets);
    extraArgs = extraArgs == null ? List.of() : List.copyOf(extraArgs);
    timeout = timeout == null ? Duration.ofHours(3) : timeout;
    registry = registry == null ? RegistryOptions.DEFAULT : registry;
  }

  private static Map<String, String> ordered(Map<String, String> m) {
    return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** The Containerfile as an absolute path. */
  public Path containerfilePath() {
    return containerfile.isAbsolute() ? containerfile : contextDir.resolve(containerfile);
  }

  public static Builder builder(Path contextDir, String tag) {
    return new Builder(contextDir, tag);
  }

  /**
   * Builds a {@link BuildRequest}; defaults: host platform, {@code --pull=missing}, 3 h timeout.
   */
  public static final class Builder {
    private final Path contextDir;
    private final String tag;
    private Path containerfile;
    private Platform platform = Platform.host();
    private final Map<String, String> buildArgs = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<String> unsetLabels = new ArrayList<>();
    private Long timestamp;
    private final List<BuildSecret> secrets = new ArrayList<>();
    private PullPolicy pull = PullPolicy.MISSING;
    private boolean noCache;
    private final List<String> extraArgs = new ArrayList<>();
    private boolean allowInheritedLabels;
    private Duration timeout;
    private OutputListener output;
    private RegistryOptions registry;

    private Builder(Path contextDir, String tag) {
      this.contextDir = contextDir;
      this.tag = tag;
    }

    public Builder containerfile(Path f) {
      containerfile = f;
      return this;
    }

    public Builder platform(Platform p) {
      platform = p;
      return this;
    }

    public Builder buildArg(String k, String v) {
      buildArgs.put(k, v);
      return this;
    }

    public Builder buildArgs(Map<String, String> m) {
      buildArgs.putAll(m);
      return this;
    }

    public Builder label(String k, String v) {
      labels.put(k, v);
      return this;
    }

    public Builder labels(Map<String, String> m) {
      labels.putAll(m);
      return this;
    }

    public Builder unsetLabel(String k) {
      unsetLabels.add(k);
      return this;
    }

    public Builder unsetLabels(List<String> ks) {
      unsetLabels.addAll(ks);
      return this;
    }

    public Builder timestamp(Long epochSeconds) {
      timestamp = epochSeconds;
      return this;
    }

    public Builder secret(BuildSecret s) {
      secrets.add(s);
      return this;
    }

    public Builder pull(PullPolicy p) {
      pull = p;
      return this;
    }

    public Builder noCache(boolean b) {
      noCache = b;
      return this;
    }

    public Builder extraArgs(List<String> args) {
      extraArgs.addAll(args);
      return this;
    }

    public Builder allowInheritedLabels(boolean b) {
      allowInheritedLabels = b;
      return this;
    }

    public Builder timeout(Duration t) {
      timeout = t;
      return this;
    }

    public Builder output(OutputListener l) {
      output = l;
      return this;
    }

    public Builder registry(RegistryOptions r) {
      registry = r;
      return this;
    }

    public BuildRequest build() {
      return new BuildRequest(
          contextDir,
          containerfile,
          tag,
          platform,
          buildArgs,
          labels,
          unsetLabels,
          timestamp,
          secrets,
          pull,
          noCache,
          extraArgs,
          allowInheritedLabels,
          timeout,
          output,
          registry);
    }
  }
}

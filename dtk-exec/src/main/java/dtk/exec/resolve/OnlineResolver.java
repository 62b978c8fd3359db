package dtk.exec.resolve;

import dtk.exec.ExecException;
import dtk.exec.Platform;
import dtk.exec.process.ProcessRunner;
import dtk.exec.registry.ImageInfo;
import dtk.exec.registry.ImageInspector;
import dtk.exec.registry.PlatformImage;
import dtk.exec.registry.RegistryException;
import dtk.exec.registry.RegistryOptions;
import dtk.exec.resolve.image.BaseImageRepositories;
import dtk.exec.resolve.image.LayerSource;
import dtk.exec.resolve.repo.HttpFetcher;
import dtk.render.NodeKernel;
import dtk.render.Pins;
import dtk.render.Resolution;
import dtk.render.TargetExpander;
import dtk.spec.ImageRef;
import dtk.spec.Interpolation;
import dtk.spec.model.LabelSource;
import dtk.spec.model.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Fills dtk-render's {@link Resolution} from registries and git: the kernel version from the {@code
 * kernel.source} label (arch suffix stripped, per platform), facts from labels, the base image
 * digest per platform, {@code vcs.ref} and {@code SOURCE_DATE_EPOCH}. Command-line pins win over
 * everything. All images a spec set names are inspected in one parallel round, each once.
 */
public final class OnlineResolver {
  private static final List<String> ARCHS = List.of("x86_64", "aarch64", "ppc64le", "s390x");

  private final ImageInspector inspector;
  private final ProcessRunner runner;
  private final Map<String, String> env;
  private final Map<Path, VcsInfo> vcs = new ConcurrentHashMap<>();

  private final RepositoryKernels repositories;

  /**
   * Kernel repositories read with {@code fetcher}; {@code fromBaseImage} through {@code
   * baseImages}.
   */
  public OnlineResolver(
      ImageInspector inspector,
      ProcessRunner runner,
      Map<String, String> env,
      RepositoryKernels repositories) {
    this.inspector = inspector;
    this.runner = runner;
    this.env = env;
    this.repositories = repositories;
  }

  /**
   * The resolver every command uses: images through {@code inspector}; kernel repositories over
   * http(s) with the connect and read timeouts of {@code --timeout} and an overall deadline of five
   * times it per file (a Debian Packages.xz is megabytes); {@code fromBaseImage} reads the base
   * image's layers through the registry with {@code registry}.
   */
  public static OnlineResolver standard(
      ImageInspector inspector,
      ProcessRunner runner,
      Map<String, String> env,
      RegistryOptions registry) {
    dtk.exec.http.HttpLimits l = dtk.exec.http.HttpLimits.of(registry.timeout());
    HttpFetcher fetcher =
        new HttpFetcher(
            new HttpFetcher.Limits(
                l.connect(),
                l.read(),
                l.deadline().multipliedBy(5),
                HttpFetcher.DEFAULT_LIMITS.maxBytes()));
    return new OnlineResolver(
        inspector, runner, env, new RepositoryKernels(fetcher, baseImageSources(registry)));
  }

  /**
   * {@code fromBaseImage}: the apt lines or dnf baseurls configured in the layers of the base image
   * (one read per image and platform in a run, connections and tokens shared).
   */
  private static RepositoryKernels.BaseImageSources baseImageSources(RegistryOptions registry) {
    LayerSource layers = LayerSource.registry(registry);
    Map<String, BaseImageRepositories> read = new ConcurrentHashMap<>();
    return (spec, base, platform, type) -> {
      if (base == null || Interpolation.hasReferences(base)) {
        throw new ExecException(
            "spec '"
                + spec.name()
                + "' reads the repositories of its base image, but baseImage '"
                + base
                + "' holds ${...} references, which are only known once the kernel is",
            "name the base image without references, or list kernel.source.repository.urls instead of fromBaseImage");
      }
      ImageRef ref = ref(base, spec);
      BaseImageRepositories r =
          read.computeIfAbsent(
              ref + " " + platform.oci(), k -> BaseImageRepositories.read(layers, ref, platform));
      return "apt".equals(type) ? r.requireApt() : r.requireDnf();
    };
  }

  /** Kernel repositories (http and https only) with the default bounds. */
  public OnlineResolver(ImageInspector inspector, ProcessRunner runner, Map<String, String> env) {
    this(
        inspector,
        runner,
        env,
        new RepositoryKernels(
            HttpFetcher.defaults(),
            (spec, base, platform, type) -> {
              throw new ExecException(
                  "spec '"
                      + spec.name()
                      + "' reads the repositories of its base image, which this command"
                      + " cannot read",
                  "list kernel.source.repository.urls instead of fromBaseImage");
            }));
  }

  /**
   * Resolves every spec, starting all their registry inspections at once. Every image that cannot
   * be read is reported in one run: one failure as it is, several as one {@link ExecException}
   * listing each (see {@link #combine}).
   */
  public Map<Spec, Resolution> resolveAll(List<Spec> specs, List<String> platforms, Pins pins)
      throws InterruptedException {
    Map<ImageRef, CompletableFuture<ImageInfo>> started = new LinkedHashMap<>();
    for (Spec s : specs) {
      prefetch(s, TargetExpander.archs(s, platforms), pins, started);
    }
    // the repository facts (a git process per spec directory) are read while the registry answers
    for (Spec s : specs) {
      if (pins.vcsRef() == null || pins.sourceDateEpoch() == null) {
        vcs(s);
      }
    }
    List<ExecException> failures = new ArrayList<>();
    for (CompletableFuture<ImageInfo> f : started.values()) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof ExecException ee) {
          failures.add(ee);
        } else if (e.getCause() instanceof RuntimeException r) {
          throw r;
        } else {
          throw new CompletionException(e.getCause());
        }
      }
    }
    Map<Spec, Resolution> out = new LinkedHashMap<>();
    for (Spec s : specs) {
      try {
        out.put(s, resolve(s, TargetExpander.archs(s, platforms), pins));
      } catch (ExecException e) {
        failures.add(
            e); // a missing label, an image only this spec's interpolated base names: the next spec
        // still runs
      }
    }
    if (!failures.isEmpty()) {
      throw combine(failures);
    }
    return out;
  }

  /**
   * One failure as it is; several (the same one reported once) as {@code N images could not be
   * read:} and one indented line per failure with its own hint.
   */
  static ExecException combine(List<ExecException> failures) {
    Map<String, ExecException> distinct = new LinkedHashMap<>();
    for (ExecException e : failures) {
      distinct.putIfAbsent(e.getMessage(), e);
    }
    if (distinct.size() == 1) {
      return distinct.values().iterator().next();
    }
    boolean images = distinct.values().stream().allMatch(e -> e instanceof RegistryException);
    StringBuilder b =
        new StringBuilder(
            distinct.size()
                + (images
                    ? " images could not be read:"
                    : " problems resolving kernels, facts and base images:"));
    for (ExecException e : distinct.values()) {
      b.append("\n  - ").append(e.getMessage().replace("\n", "\n    "));
      if (e.hint() != null) {
        b.append("\n    hint: ").append(e.hint());
      }
    }
    return new ExecException(
        b.toString(),
        "fix each reference above (or pin what it gives: --kernel-version, --fact NAME=VALUE), then run again");
  }

  /**
   * Starts the inspections {@code spec} will need, without waiting; {@code started} gets those it
   * cannot do without.
   */
  private void prefetch(
      Spec spec,
      List<String> archs,
      Pins pins,
      Map<ImageRef, CompletableFuture<ImageInfo>> started) {
    if (needsKernelSource(spec, pins)) {
      start(ref(spec.kernel().source().image(), spec), started);
    }
    spec.facts()
        .forEach(
            (name, src) -> {
              if (!pins.facts().containsKey(name)) {
                start(ref(src.image(), spec), started);
              }
            });
    if (spec.baseImage() != null && !Interpolation.hasReferences(spec.baseImage())) {
      ImageRef base = ref(spec.baseImage(), spec);
      CompletableFuture<ImageInfo> f = inspector.inspectAsync(base);
      // a digest pinned for every platform (--base-digest) means the answer is never read
      if (base.digest() == null && !pins.baseDigests().keySet().containsAll(archs)) {
        started.putIfAbsent(base, f);
      }
    }
  }

  private void start(ImageRef ref, Map<ImageRef, CompletableFuture<ImageInfo>> started) {
    started.computeIfAbsent(ref, inspector::inspectAsync);
  }

  /** The resolution of {@code spec} on {@code archs}. */
  public Resolution resolve(Spec spec, List<String> archs, Pins pins) throws InterruptedException {
    Map<String, List<String>> kernels = new LinkedHashMap<>();
    Map<String, Map<String, String>> facts = new LinkedHashMap<>();
    Map<String, String> digests = new LinkedHashMap<>();
    List<String> pinned =
        !pins.kernelVersions().isEmpty()
            ? pins.kernelVersions()
            : spec.kernel() == null ? List.of() : spec.kernel().versions();
    VcsInfo v =
        pins.vcsRef() != null && pins.sourceDateEpoch() != null ? VcsInfo.UNKNOWN : vcs(spec);
    String vcsRef = pins.vcsRef() != null ? pins.vcsRef() : v.ref();
    Long epoch = pins.sourceDateEpoch() != null ? pins.sourceDateEpoch() : v.sourceDateEpoch();
    RepositoryKernels.Result repo =
        pinned.isEmpty() && spec.kernel() != null && spec.kernel().repository() != null
            ? repositories.resolve(spec, archs)
            : null;
    Map<String, Map<String, String>> origins = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>(repo == null ? List.of() : repo.notes());
    boolean fromNodes =
        archs.stream().anyMatch(a -> !NodeKernel.accepted(spec, a, pins.nodeKernels()).isEmpty());
    for (String arch : archs) {
      Platform platform = Platform.of(arch);
      Map<String, String> origin = new LinkedHashMap<>();
      List<String> found;
      String baseOrigin = null;
      if (!pinned.isEmpty()) {
        found = pinned;
        baseOrigin =
            pins.kernelVersions().isEmpty()
                ? "pinned by kernel.version"
                : "pinned by --kernel-version";
      } else if (repo != null) {
        found = repo.kernels().getOrDefault(arch, List.of());
        origin.putAll(repo.origins().getOrDefault(arch, Map.of()));
      } else if (spec.kernel() != null && spec.kernel().source() != null) {
        LabelSource src = spec.kernel().source();
        String value = label(spec, src, platform, "kernel version");
        found = List.of(stripArch(value, arch, spec, src));
        baseOrigin = "label " + src.label() + " of " + src.image();
      } else if (fromNodes) {
        found = List.of();
      } else {
        throw new ExecException(
            "spec '" + spec.name() + "' neither pins a kernel version nor names a kernel.source",
            "pin it with --kernel-version VERSION or --set kernel.version=VERSION");
      }
      List<String> ks = pins.withNodeKernels(spec, arch, found, baseOrigin, origin);
      if (repo != null) {
        notes.addAll(repo.unlisted(spec.name(), arch, ks.subList(found.size(), ks.size())));
      }
      origins.put(arch, origin);
      if (ks.isEmpty()) {
        continue; // a platform no node of --kernels-from runs: the planner names it
      }
      kernels.put(arch, ks);
      Map<String, String> f = new LinkedHashMap<>();
      for (Map.Entry<String, LabelSource> e : spec.facts().entrySet()) {
        String pin = pins.facts().get(e.getKey());
        f.put(
            e.getKey(),
            pin != null ? pin : label(spec, e.getValue(), platform, "fact '" + e.getKey() + "'"));
      }
      facts.put(arch, f);
      String digest = pins.baseDigests().get(arch);
      if (digest == null && spec.baseImage() != null) {
        String base = baseImage(spec, arch, kernels.get(arch).get(0), f, vcsRef);
        ImageRef ref = ref(base, spec);
        digest =
            ref.digest() != null
                ? ref.digest().toString()
                : inspector.inspect(ref).forPlatform(platform).digest().toString();
      }
      if (digest != null) {
        digests.put(arch, digest);
      }
    }
    return new Resolution(kernels, facts, digests, vcsRef, epoch, origins, notes);
  }

  private VcsInfo vcs(Spec spec) throws InterruptedException {
    Path dir = spec.file().toAbsolutePath().normalize().getParent();
    VcsInfo v = vcs.get(dir);
    if (v == null) {
      v = VcsInfo.read(runner, dir, env);
      vcs.put(dir, v);
    }
    return v;
  }

  private static boolean needsKernelSource(Spec spec, Pins pins) {
    return pins.kernelVersions().isEmpty()
        && spec.kernel() != null
        && spec.kernel().versions().isEmpty()
        && spec.kernel().source() != null;
  }

  private String label(Spec spec, LabelSource src, Platform platform, String what)
      throws InterruptedException {
    ImageRef ref = ref(src.image(), spec);
    PlatformImage img = inspector.inspect(ref).forPlatform(platform);
    String value = img.label(src.label());
    if (value == null || value.isBlank()) {
      throw new ExecException(
          "image "
              + ref
              + " ("
              + platform.oci()
              + ") has no label '"
              + src.label()
              + "', which spec '"
              + spec.name()
              + "' reads its "
              + what
              + " from",
          "check the image and the label name (skopeo inspect docker://"
              + ref
              + "), or pin the value on the command line");
    }
    return value.trim();
  }

  /**
   * {@code 5.14.0-498.el9.x86_64} → {@code 5.14.0-498.el9} for x86_64; another arch's suffix is an
   * error.
   */
  static String stripArch(String value, String arch, Spec spec, LabelSource src) {
    if (value.endsWith("." + arch)) {
      return value.substring(0, value.length() - arch.length() - 1);
    }
    for (String other : ARCHS) {
      if (value.endsWith("." + other)) {
        throw new ExecException(
            "label '"
                + src.label()
                + "' of "
                + src.image()
                + " for "
                + arch
                + " names a "
                + other
                + " kernel ("
                + value
                + ")",
            "the image's "
                + Platform.of(arch).oci()
                + " entry looks wrong; pin the kernel with --kernel-version");
      }
    }
    return value;
  }

  private static String baseImage(
      Spec spec, String arch, String kernel, Map<String, String> facts, String vcsRef) {
    if (!Interpolation.hasReferences(spec.baseImage())) {
      return spec.baseImage();
    }
    Map<String, String> values = new LinkedHashMap<>();
    values.put("arch", arch);
    values.put("kernel.version", kernel);
    values.put("metadata.name", spec.name());
    values.put("vcs.ref", vcsRef == null ? "" : vcsRef);
    facts.forEach((k, val) -> values.put("facts." + k, val));
    return Interpolation.interpolate(spec.baseImage(), values);
  }

  private static ImageRef ref(String image, Spec spec) {
    try {
      return ImageRef.parse(image).normalised();
    } catch (IllegalArgumentException e) {
      throw new ExecException(
          "spec '" + spec.name() + "' names image '" + image + "': " + e.getMessage(),
          "fix the image reference in " + spec.file());
    }
  }
}

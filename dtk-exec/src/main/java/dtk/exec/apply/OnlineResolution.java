package dtk.exec.apply;

import dtk.exec.ImageInfo;
import dtk.exec.ImageInspector;
import dtk.exec.ImageRef;
import dtk.exec.Platform;
import dtk.exec.RegistryException;
import dtk.render.Pins;
import dtk.render.Resolution;
import dtk.spec.model.LabelSource;
import dtk.spec.model.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The values a spec set reads from registries when planning: kernel versions from
 * {@code kernel.source} (arch suffix stripped), facts from labels, base image digests per
 * platform. Pins ({@code --kernel-version}, {@code --fact}, the spec's own {@code kernel.version})
 * win. Every image is requested once, all of them at once, through the shared inspector.
 */
public final class OnlineResolution {
  private final ImageInspector inspector;

  public OnlineResolution(ImageInspector inspector) {
    this.inspector = inspector;
  }

  /** The resolution of each spec (same order), for the platforms {@code archsOf} gives. */
  public List<Resolution> resolve(List<Spec> specs, Map<Spec, List<String>> archsOf, Pins pins) throws InterruptedException {
    // 1. start every inspection the specs need, each image once
    Set<String> images = new LinkedHashSet<>();
    for (Spec s : specs) {
      if (pins.kernelVersions().isEmpty() && s.kernel() != null && !s.kernel().pinned() && s.kernel().source() != null) {
        images.add(s.kernel().source().image());
      }
      s.facts().forEach((name, src) -> {
        if (!pins.facts().containsKey(name)) {
          images.add(src.image());
        }
      });
      if (s.baseImage() != null && !s.baseImage().contains("${")) {
        images.add(s.baseImage());
      }
    }
    Map<String, CompletableFuture<ImageInfo>> started = new LinkedHashMap<>();
    for (String image : images) {
      started.put(image, inspector.inspectAsync(parse(image)));
    }
    // 2. read the answers
    List<Resolution> out = new ArrayList<>();
    for (Spec s : specs) {
      Map<String, List<String>> kernels = new LinkedHashMap<>();
      Map<String, Map<String, String>> facts = new LinkedHashMap<>();
      Map<String, String> bases = new LinkedHashMap<>(pins.baseDigests());
      for (String arch : archsOf.getOrDefault(s, s.platforms())) {
        Platform platform = Platform.of(arch);
        if (!pins.kernelVersions().isEmpty()) {
          kernels.put(arch, pins.kernelVersions());
        } else if (s.kernel() != null && s.kernel().pinned()) {
          kernels.put(arch, s.kernel().versions());
        } else if (s.kernel() != null && s.kernel().source() != null) {
          LabelSource src = s.kernel().source();
          String release = label(started.get(src.image()), src, platform, s, "kernel.source");
          kernels.put(arch, List.of(stripArch(release, arch)));
        }
        Map<String, String> f = new LinkedHashMap<>();
        for (Map.Entry<String, LabelSource> e : s.facts().entrySet()) {
          String pinned = pins.facts().get(e.getKey());
          f.put(e.getKey(), pinned != null ? pinned
              : label(started.get(e.getValue().image()), e.getValue(), platform, s, "facts." + e.getKey()));
        }
        facts.put(arch, f);
        if (!bases.containsKey(arch) && started.containsKey(s.baseImage())) {
          bases.put(arch, await(started.get(s.baseImage())).forPlatform(platform).digest());
        }
      }
      out.add(new Resolution(kernels, facts, bases, pins.vcsRef(), pins.sourceDateEpoch()));
    }
    return out;
  }

  /** {@code 5.14.0-498.el9.x86_64} → {@code 5.14.0-498.el9}, as the original Makefile did. */
  static String stripArch(String release, String arch) {
    String suffix = "." + arch;
    return release.endsWith(suffix) ? release.substring(0, release.length() - suffix.length()) : release;
  }

  private static String label(CompletableFuture<ImageInfo> f, LabelSource src, Platform platform, Spec spec, String what)
      throws InterruptedException {
    ImageInfo info = await(f);
    String v = info.forPlatform(platform).label(src.label());
    if (v == null || v.isBlank()) {
      throw new RegistryException("image " + src.image() + " (" + platform.oci() + ") has no label '" + src.label()
          + "', which " + what + " of spec '" + spec.name() + "' reads", parse(src.image()).registry(),
          "check the image and label names, or pin the value (--kernel-version, --fact NAME=VALUE)");
    }
    return v.strip();
  }

  private static ImageInfo await(CompletableFuture<ImageInfo> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static ImageRef parse(String image) {
    return ImageRef.parse(image);
  }
}

package dtk.exec.resolve;

import dtk.exec.ExecException;
import dtk.exec.Platform;
import dtk.exec.resolve.repo.AptRepository;
import dtk.exec.resolve.repo.Fetcher;
import dtk.exec.resolve.repo.KernelSelection;
import dtk.exec.resolve.repo.RepositoryKernelSource;
import dtk.exec.resolve.repo.RepositoryKernelSource.PlatformKernels;
import dtk.exec.resolve.repo.RepositoryKernelSource.Query;
import dtk.exec.resolve.repo.TrackedKernel;
import dtk.spec.model.RepositorySource;
import dtk.spec.model.Spec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The kernels of specs whose {@code kernel.source.repository} names a package repository: per
 * platform the newest N the repositories offer (see {@link RepositoryKernelSource}), with where
 * each came from, and a note for every kernel only some platforms get. The same repository and
 * platform is read once per run, however many specs name it, and all reads of a spec's platforms
 * run at once.
 */
public final class RepositoryKernels {
  /** The repository lines a base image's package manager is configured with. */
  @FunctionalInterface
  public interface BaseImageSources {
    /**
     * The {@code urls} a repository source with {@code fromBaseImage: true} reads for {@code
     * platform}: dnf baseurls or apt {@code "URI SUITE COMPONENT..."} lines, as configured in the
     * layers of {@code baseImage}.
     *
     * @throws ExecException when the image cannot be read or configures no repository of that type
     */
    List<String> urls(Spec spec, String baseImage, Platform platform, String type)
        throws InterruptedException;
  }

  /**
   * What a spec's repositories yield.
   *
   * @param kernels per arch, the kernels chosen, newest first
   * @param origins per arch, kernel version to where it came from
   * @param notes one line per kernel that only some of the spec's platforms get, saying why
   */
  public record Result(
      Map<String, List<String>> kernels,
      Map<String, Map<String, String>> origins,
      List<String> notes,
      Map<String, List<String>> seen) {
    /**
     * Notes for {@code added} kernels of {@code arch} (node kernels) that the repositories do not
     * list: their packages will most likely not install.
     */
    public List<String> unlisted(String specName, String arch, List<String> added) {
      List<String> out = new ArrayList<>();
      List<String> listed = seen.getOrDefault(arch, List.of());
      for (String k : added) {
        if (!listed.contains(k)) {
          out.add(
              "spec '"
                  + specName
                  + "': node kernel "
                  + k
                  + " ("
                  + arch
                  + ") is not in the spec's repositories; its"
                  + " packages may not install (the repositories list "
                  + String.join(", ", listed.subList(0, Math.min(5, listed.size())))
                  + (listed.size() > 5 ? ", ..." : "")
                  + ")");
        }
      }
      return out;
    }
  }

  /** Blocking reads, one thread each: the common pool has one thread on a two-core machine. */
  private static final java.util.concurrent.ExecutorService POOL =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "dtk-kernel-repositories");
            t.setDaemon(true);
            return t;
          });

  private final RepositoryKernelSource source;
  private final BaseImageSources baseImages;
  private final Map<Query, Map<Platform, CompletableFuture<PlatformKernels>>> reads =
      new ConcurrentHashMap<>();

  public RepositoryKernels(Fetcher fetcher, BaseImageSources baseImages) {
    this.source = new RepositoryKernelSource(fetcher);
    this.baseImages = baseImages;
  }

  /**
   * The kernels of {@code spec} on {@code archs}.
   *
   * @throws ExecException for a repository that cannot be read or a platform no kernel is found for
   *     (every failing platform reported, the message listing the versions seen)
   */
  public Result resolve(Spec spec, List<String> archs) throws InterruptedException {
    RepositorySource r = spec.kernel().repository();
    KernelSelection selection = KernelSelection.of(r.newest(), r.match());
    Map<String, CompletableFuture<PlatformKernels>> started = new LinkedHashMap<>();
    for (String arch : archs) {
      Platform platform = Platform.of(arch);
      List<String> urls =
          r.fromBaseImage()
              ? baseImages.urls(spec, spec.baseImage(), platform, r.type())
              : r.urls();
      Query q;
      try {
        q =
            new Query(
                RepositoryKernelSource.Type.of(r.type()),
                urls,
                r.packageName().replace("$(ARCH)", AptRepository.debianArch(arch)),
                selection);
      } catch (IllegalArgumentException e) {
        throw new ExecException(
            "spec '"
                + spec.name()
                + "' ("
                + arch
                + "): kernel repositories "
                + String.join(", ", urls)
                + ": "
                + e.getMessage(),
            r.fromBaseImage()
                ? "fix the base image's package manager configuration, or list urls instead of fromBaseImage"
                : "fix kernel.source.repository.urls in " + spec.file());
      }
      started.put(
          arch,
          reads
              .computeIfAbsent(q, k -> new ConcurrentHashMap<>())
              .computeIfAbsent(
                  platform,
                  p ->
                      CompletableFuture.supplyAsync(
                          () -> {
                            try {
                              return source.resolve(q, p);
                            } catch (IOException e) {
                              throw new UncheckedIOException(e);
                            }
                          },
                          POOL)));
    }
    Map<String, List<String>> kernels = new LinkedHashMap<>();
    Map<String, Map<String, String>> origins = new LinkedHashMap<>();
    Map<String, PlatformKernels> found = new LinkedHashMap<>();
    Map<String, List<String>> seen = new LinkedHashMap<>();
    List<ExecException> failures = new ArrayList<>();
    for (Map.Entry<String, CompletableFuture<PlatformKernels>> e : started.entrySet()) {
      try {
        PlatformKernels pk = e.getValue().get();
        found.put(e.getKey(), pk);
        seen.put(e.getKey(), pk.seen());
        List<String> ks = new ArrayList<>();
        Map<String, String> o = new LinkedHashMap<>();
        for (TrackedKernel k : pk.kernels()) {
          ks.add(k.version());
          o.put(
              k.version(),
              "repository " + k.index() + " (" + k.packageName() + " " + k.packageVersion() + ")");
        }
        kernels.put(e.getKey(), ks);
        origins.put(e.getKey(), o);
      } catch (ExecutionException x) {
        failures.add(failure(spec, e.getKey(), x.getCause()));
      }
    }
    if (failures.size() == 1) {
      throw failures.get(0);
    }
    if (!failures.isEmpty()) {
      StringBuilder b =
          new StringBuilder(
              "the kernel repositories of spec '"
                  + spec.name()
                  + "' failed on "
                  + failures.size()
                  + " platforms:");
      for (ExecException f : failures) {
        b.append("\n  - ").append(f.getMessage().replace("\n", "\n    "));
      }
      throw new ExecException(b.toString(), failures.get(0).hint());
    }
    return new Result(kernels, origins, notes(spec, found, selection), seen);
  }

  private static ExecException failure(Spec spec, String arch, Throwable cause) {
    Throwable c = cause instanceof UncheckedIOException u ? u.getCause() : cause;
    if (c instanceof CompletionException ce && ce.getCause() != null) {
      c = ce.getCause();
    }
    if (c instanceof ExecException ee) {
      return new ExecException(
          "spec '" + spec.name() + "' (" + arch + "): " + ee.getMessage(), ee.hint(), ee);
    }
    if (c instanceof RuntimeException re) {
      throw re;
    }
    return new ExecException(
        "spec '" + spec.name() + "' (" + arch + "): cannot read its kernel repositories: " + c,
        "check kernel.source.repository and that this machine reaches the repositories",
        c);
  }

  /**
   * A note per kernel that some platforms build and others do not, and why not; not for a kernel
   * whose release names its Debian arch ({@code -amd64}), which no other platform can have.
   */
  static List<String> notes(
      Spec spec, Map<String, PlatformKernels> found, KernelSelection selection) {
    if (found.size() < 2) {
      return List.of();
    }
    Set<String> all = new LinkedHashSet<>();
    found.values().forEach(pk -> pk.kernels().forEach(k -> all.add(k.version())));
    List<String> notes = new ArrayList<>();
    for (String k : all) {
      List<String> with = new ArrayList<>();
      List<String> why = new ArrayList<>();
      found.forEach(
          (arch, pk) -> {
            if (pk.kernels().stream().anyMatch(t -> t.version().equals(k))) {
              with.add(arch);
            } else if (pk.seen().contains(k)) {
              why.add(arch + " has it, but not among its " + selection);
            } else {
              why.add(arch + "'s repositories do not list it");
            }
          });
      // a Debian kernel release names its arch (6.1.0-32-amd64): no other platform can have it
      boolean ownArch = with.stream().allMatch(a -> k.endsWith("-" + AptRepository.debianArch(a)));
      if (!why.isEmpty() && !ownArch) {
        notes.add(
            "spec '"
                + spec.name()
                + "': kernel "
                + k
                + " is built for "
                + String.join(", ", with)
                + " only: "
                + String.join("; ", why));
      }
    }
    return notes;
  }
}

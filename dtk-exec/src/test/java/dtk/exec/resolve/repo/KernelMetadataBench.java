package dtk.exec.resolve.repo;

import dtk.exec.Platform;
import dtk.exec.resolve.repo.RepositoryKernelSource.PlatformKernels;
import dtk.exec.resolve.repo.RepositoryKernelSource.Query;
import dtk.exec.resolve.repo.RepositoryKernelSource.Type;
import java.util.List;

/**
 * Reads one repository's kernels, for bench/kernel-metadata.sh (no CLI command yet): {@code
 * KernelMetadataBench dnf|apt URL-OR-LINE PACKAGE ARCH [NEWEST]}; prints the kernels.
 */
public final class KernelMetadataBench {
  private KernelMetadataBench() {}

  public static void main(String[] args) throws Exception {
    Query q =
        new Query(
            Type.of(args[0]),
            List.of(args[1]),
            args[2],
            KernelSelection.newest(args.length > 4 ? Integer.parseInt(args[4]) : 3));
    try {
      PlatformKernels k =
          new RepositoryKernelSource(Fetcher.standard()).resolve(q, Platform.of(args[3]));
      for (TrackedKernel t : k.kernels()) {
        System.out.println(t.version() + " " + t.packageName() + " " + t.packageVersion());
      }
      System.out.println("seen " + k.seen().size() + " kernel versions");
    } catch (dtk.exec.ExecException e) {
      System.err.println("error: " + e.describe());
      System.exit(4);
    }
  }
}

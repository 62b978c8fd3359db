package dtk.exec.apply.run;

import dtk.exec.apply.plan.ApplyTarget;
import dtk.exec.apply.plan.RenderedTargets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * An executor that runs build targets on a cluster instead of this machine ({@code dtk apply
 * --executor kubernetes}). Implementations live in their own module and are found with {@link
 * ServiceLoader} by {@link #name()}, so commands that do not ask for one never load their classes
 * (or their client libraries).
 */
public interface ClusterExecutors {

  /** The {@code --executor} value, {@code kubernetes}. */
  String name();

  /**
   * Writes what {@link #connect} would create for each of {@code build} (one file per target) into
   * {@code dir} and creates nothing; returns the files written, in the targets' order.
   *
   * @throws IllegalArgumentException the settings or a target cannot make a valid object (usage)
   */
  List<Path> writeManifests(
      ClusterSettings settings, RenderedTargets targets, List<ApplyTarget> build, Path dir)
      throws IOException;

  /**
   * Connects to the cluster and checks, before anything is started, that every target in {@code
   * build} can run there (a node of its architecture, a context within the size limit). {@code
   * local} publishes the indexes: they are one small registry write, done from here.
   *
   * @throws IllegalArgumentException a usage problem (a build secret with no mapping)
   * @throws dtk.exec.ExecException the cluster cannot be reached or cannot run a target (exit 4)
   */
  Cluster connect(
      ClusterSettings settings,
      RenderedTargets targets,
      List<ApplyTarget> build,
      TargetExecutor local)
      throws InterruptedException;

  /** A connected executor; {@link #close()} releases the client. */
  interface Cluster extends TargetExecutor, AutoCloseable {
    @Override
    void close();
  }

  /** The implementation named {@code name} on the class path, if any. */
  static Optional<ClusterExecutors> find(String name) {
    for (ClusterExecutors e :
        ServiceLoader.load(ClusterExecutors.class, ClusterExecutors.class.getClassLoader())) {
      if (e.name().equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}

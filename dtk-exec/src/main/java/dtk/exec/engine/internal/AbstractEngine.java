package dtk.exec.engine.internal;

import dtk.exec.ExecException;
import dtk.exec.engine.BuildSecret;
import dtk.exec.engine.ContainerEngine;
import dtk.exec.engine.EngineInfo;
import dtk.exec.process.Invocation;
import dtk.exec.process.OutputListener;
import dtk.exec.process.ProcessResult;
import dtk.exec.process.ProcessRunner;
import dtk.exec.process.ProcessTimeoutException;
import dtk.exec.process.ToolFailedException;
import dtk.exec.registry.RegistryClient;
import dtk.exec.registry.RegistryOptions;
import dtk.render.FileTrees;
import dtk.spec.Digest;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * What every engine shares: running its binary with good errors, temporary files, version caching.
 */
abstract class AbstractEngine implements ContainerEngine {
  protected final ProcessRunner runner;
  protected final Map<String, String> env;
  private volatile EngineInfo info;

  AbstractEngine(ProcessRunner runner, Map<String, String> env) {
    this.runner = runner;
    this.env = env;
  }

  /** Asks the installed binary for its version; called once. */
  protected abstract EngineInfo detect() throws InterruptedException;

  @Override
  public EngineInfo info() throws InterruptedException {
    EngineInfo i = info;
    if (i == null) {
      synchronized (this) {
        if (info == null) {
          info = detect();
        }
        i = info;
      }
    }
    return i;
  }

  /** Runs {@code inv}; any failure becomes a {@link ToolFailedException} with {@code hint}. */
  protected ProcessResult exec(Invocation inv, String hint) throws InterruptedException {
    ProcessResult r;
    try {
      r = runner.run(inv);
    } catch (ProcessTimeoutException e) {
      throw new ToolFailedException(
          inv,
          -1,
          e.tail(20),
          "it ran longer than "
              + inv.timeout().toMinutes()
              + " min and was stopped; look at the log for a step that hangs");
    } catch (IOException e) {
      throw new ToolFailedException(
          inv,
          String.valueOf(e.getMessage()),
          "install "
              + inv.program()
              + " or choose another engine with --engine ("
              + String.join(", ", dtk.exec.engine.ContainerEngines.NAMES)
              + ")",
          e);
    }
    if (!r.ok()) {
      throw new ToolFailedException(inv, r.exitCode(), r.tail(20), hint);
    }
    return r;
  }

  /** A private temporary directory for iid/digest files; remove it with {@link #deleteTree}. */
  protected static Path tempDir() {
    try {
      Path dir =
          Files.createTempDirectory(
              "dtk-engine-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      dtk.exec.process.LocalProcessRunner.removeAtExit(
          dir); // secrets may be written here: gone even on Ctrl-C
      return dir;
    } catch (IOException e) {
      throw new ExecException(
          "cannot create a temporary directory: " + e.getMessage(),
          "check that " + System.getProperty("java.io.tmpdir") + " is writable",
          e);
    }
  }

  protected static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    dtk.exec.process.LocalProcessRunner.forgetTemporary(dir);
    FileTrees.deleteQuietly(dir); // the directory is private to this user and only held ids/digests
  }

  /** The digest an engine wrote to {@code f} ({@code --digestfile}). */
  protected static Digest readDigest(Path f, Invocation inv) {
    String s = readTrimmed(f, inv, "digest");
    try {
      return Digest.parse(s);
    } catch (Digest.InvalidException e) {
      throw new ExecException(
          inv.program() + " wrote '" + s + "' as the digest: " + e.getMessage(),
          "check the push in the registry and report it with the engine version",
          e);
    }
  }

  protected static String readTrimmed(Path f, Invocation inv, String what) {
    try {
      String s = Files.readString(f, StandardCharsets.UTF_8).trim();
      if (s.isEmpty()) {
        throw new IOException("empty");
      }
      return s;
    } catch (IOException e) {
      throw new ExecException(
          inv.program()
              + " succeeded but wrote no "
              + what
              + " ("
              + f.getFileName()
              + "): "
              + inv.commandLine(),
          "this engine version may not support the option; report it with the engine version",
          e);
    }
  }

  /**
   * {@code flag key=value} for each entry, in the map's order ({@code --build-arg}, {@code
   * --label}).
   */
  protected static void addPairs(List<String> argv, String flag, Map<String, String> pairs) {
    pairs.forEach(
        (k, v) -> {
          argv.add(flag);
          argv.add(k + "=" + v);
        });
  }

  /** Writes the command line into the build's log before it runs, so the log says what ran. */
  protected static void logCommand(Invocation inv, OutputListener output) {
    if (output != null) {
      output.line(OutputListener.Stream.STDOUT, "$ " + inv.commandLine());
    }
  }

  /** The value of the environment variable an {@code env=} secret reads; unset is an error. */
  protected String secretValue(BuildSecret s) {
    String value = env.get(s.env());
    if (value == null) {
      throw new ExecException(
          "build secret '"
              + s.id()
              + "' reads environment variable "
              + s.env()
              + ", which is not set",
          "export " + s.env() + " before running dtk, or give the secret as a file");
    }
    return value;
  }

  protected static String registryHint(String program, ImageRef remote, RegistryOptions opts) {
    return "check that you are logged in ("
        + program
        + " login "
        + remote.registry()
        + ") or pass --authfile"
        + (opts.tlsVerify() && RegistryClient.mayServePlainHttp(remote.registry())
            ? "; for a plain-HTTP registry pass --tls-verify=false"
            : "")
        + "; check that the repository "
        + remote.name()
        + " exists and you may push to it";
  }
}

package dtk.exec.build;

import dtk.exec.process.Invocation;
import dtk.exec.process.OutputListener;
import dtk.exec.process.ProcessResult;
import dtk.exec.process.ProcessRunner;
import dtk.exec.process.ProcessTimeoutException;
import dtk.render.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The git sources of {@code verify.modules}, fetched once per run into {@code cacheDir} (one
 * checkout per URL and ref, shared by every target of the plan) and pinned to the commit the ref
 * named then. A fetch is bounded: no prompts, an HTTP transfer slower than 1 KB/s for 30 s is
 * dropped, ssh gives up connecting after 30 s, and the whole fetch is killed after {@code limit}.
 * Only the protocols given are allowed (https and ssh for specs), so a URL cannot make git read
 * this machine's files or run a command ({@code file://}, {@code ext::}).
 */
public final class GitSources {
  /** What the fetch of a spec's git URL may use. */
  public static final String SPEC_PROTOCOLS = "https:ssh";

  private final ProcessRunner runner;
  private final Path cacheDir;
  private final Duration limit;
  private final String protocols;
  private final Map<String, Fetched> done = new ConcurrentHashMap<>();

  public GitSources(ProcessRunner runner, Path cacheDir, Duration limit, String protocols) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    this.limit = Objects.requireNonNull(limit, "limit");
    this.protocols = Objects.requireNonNull(protocols, "protocols");
  }

  /** A checkout and the commit it holds. */
  public record Fetched(Path dir, String commit) {}

  /** Why a git source could not be fetched. */
  public static final class FetchFailedException extends IOException {
    public FetchFailedException(String message) {
      super(message);
    }
  }

  /** The checkout of {@code url} at {@code ref}, fetched on first use. */
  public synchronized Fetched fetch(String url, String ref, OutputListener log)
      throws IOException, InterruptedException {
    String key = url + "\n" + ref;
    Fetched f = done.get(key);
    if (f != null) {
      return f;
    }
    Path dir = cacheDir.resolve(sha256(key).substring(0, 16));
    if (Files.exists(dir.resolve(".git"))) {
      FileTrees.delete(dir);
    }
    Files.createDirectories(dir);
    git(log, "-C", dir.toString(), "init", "-q");
    ProcessResult r = git(log, "-C", dir.toString(), "fetch", "-q", "--depth", "1", "--", url, ref);
    if (!r.ok()) {
      // a server that refuses shallow fetches of a commit: fetch everything, then look the ref up
      ProcessResult all = git(log, "-C", dir.toString(), "fetch", "-q", "--", url, ref);
      if (!all.ok()) {
        throw new FetchFailedException(
            "cannot fetch "
                + ref
                + " from "
                + url
                + ": "
                + lastLine(all.stderr().isBlank() ? r.stderr() : all.stderr()));
      }
    }
    ProcessResult co =
        git(
            log,
            "-C",
            dir.toString(),
            "-c",
            "advice.detachedHead=false",
            "checkout",
            "-q",
            "--detach",
            "FETCH_HEAD");
    if (!co.ok()) {
      throw new FetchFailedException(
          "cannot check out " + ref + " of " + url + ": " + lastLine(co.stderr()));
    }
    ProcessResult head = git(log, "-C", dir.toString(), "rev-parse", "HEAD");
    if (!head.ok()) {
      throw new FetchFailedException(
          "cannot read the commit of " + ref + " of " + url + ": " + lastLine(head.stderr()));
    }
    f = new Fetched(dir, head.stdout().strip());
    done.put(key, f);
    return f;
  }

  private ProcessResult git(OutputListener log, String... args)
      throws IOException, InterruptedException {
    List<String> argv = new java.util.ArrayList<>(List.of("git"));
    argv.addAll(List.of(args));
    Invocation inv =
        Invocation.of(argv)
            .withTimeout(limit)
            .withEnv(
                Map.of(
                    "GIT_TERMINAL_PROMPT", "0",
                    "GIT_ALLOW_PROTOCOL", protocols,
                    "GIT_HTTP_LOW_SPEED_LIMIT", "1000",
                    "GIT_HTTP_LOW_SPEED_TIME", "30",
                    "GIT_SSH_COMMAND", "ssh -o BatchMode=yes -o ConnectTimeout=30",
                    "GIT_CONFIG_NOSYSTEM", "1"));
    if (log != null) {
      log.line(OutputListener.Stream.STDERR, "+ " + inv.commandLine());
      inv = inv.withOutput(log);
    }
    try {
      return runner.run(inv);
    } catch (ProcessTimeoutException e) {
      throw new FetchFailedException(
          "git "
              + args[2]
              + " gave no result within "
              + limit.toSeconds()
              + " s"
              + (args.length >= 7 ? " for " + args[args.length - 2] : ""));
    }
  }

  private static String lastLine(String s) {
    String t = s == null ? "" : s.strip();
    int nl = t.lastIndexOf('\n');
    return t.isEmpty() ? "(no message)" : nl < 0 ? t : t.substring(nl + 1);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}

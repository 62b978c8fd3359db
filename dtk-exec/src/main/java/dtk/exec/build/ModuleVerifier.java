package dtk.exec.build;

import dtk.exec.engine.LocalImages;
import dtk.exec.process.Invocation;
import dtk.exec.process.OutputListener;
import dtk.exec.process.ProcessResult;
import dtk.exec.process.ProcessRunner;
import dtk.exec.process.ProcessTimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Compiles driver sources ({@code verify.modules}) against a local toolkit image: a throwaway build
 * {@code FROM} the image copies each source to {@code /opt/dtk-modules/m<i>} and runs {@code
 * build-module.sh} (a resource next to this class's package: the dkms build step) in one {@code
 * RUN} per module, as the image's own user, under {@code timeout}. Each {@code RUN} exits 0; the
 * results are read from marked lines of the build's output. The throwaway image is removed; the
 * toolkit image is left as it was.
 */
public final class ModuleVerifier {
  static final String SCRIPT = "modules/build-module.sh";
  private static final String DIR = "/opt/dtk-modules";

  private final ProcessRunner runner;
  private final LocalImages images;
  private final List<String> buildArgs;

  public ModuleVerifier(ProcessRunner runner, String program, List<String> buildArgs) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.images = new LocalImages(program);
    this.buildArgs = List.copyOf(buildArgs);
  }

  /** A driver source on this machine: {@code dir} is copied into the throwaway build. */
  public record Source(String name, Path dir, boolean required, int timeoutSeconds, String commit) {
    public Source {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(dir, "dir");
    }
  }

  /**
   * Builds every source against the first of {@code releases} that has a {@code
   * /lib/modules/<release>/build} in {@code image}; {@code scratch} is an empty directory.
   */
  public List<ModuleResult> verify(
      String image,
      String arch,
      List<String> releases,
      List<Source> sources,
      Path scratch,
      OutputListener log)
      throws IOException, InterruptedException {
    if (sources.isEmpty()) {
      return List.of();
    }
    String mark = "@@dtk-module-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    Path context = Files.createDirectories(scratch.resolve("modules-context"));
    try (InputStream in = ModuleVerifier.class.getClassLoader().getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IOException(SCRIPT + " is missing from the dtk-exec jar");
      }
      Files.copy(in, context.resolve("build-module.sh"), StandardCopyOption.REPLACE_EXISTING);
    }
    StringBuilder cf = new StringBuilder("FROM ").append(image).append('\n');
    cf.append("COPY build-module.sh ").append(DIR).append("/build-module.sh\n");
    long seconds = 300;
    for (int i = 0; i < sources.size(); i++) {
      copyTree(sources.get(i).dir(), context.resolve("m" + i));
      cf.append("COPY m").append(i).append(' ').append(DIR).append("/m").append(i).append('\n');
    }
    for (int i = 0; i < sources.size(); i++) {
      Source s = sources.get(i);
      seconds += s.timeoutSeconds() + 30L;
      StringBuilder run =
          new StringBuilder("RUN bash ")
              .append(DIR)
              .append("/build-module.sh m")
              .append(i)
              .append(' ')
              .append(s.timeoutSeconds())
              .append(' ')
              .append(mark);
      releases.forEach(r -> run.append(' ').append(shellWord(r)));
      cf.append(run).append('\n');
    }
    Files.writeString(context.resolve("Containerfile"), cf.toString(), StandardCharsets.UTF_8);

    Path iid = scratch.resolve("modules.iid");
    List<String> argv =
        images.buildStage(arch, iid, context.resolve("Containerfile"), buildArgs, context);
    ProcessResult built;
    try {
      built = run(argv, Duration.ofSeconds(seconds), log);
    } catch (ProcessTimeoutException e) {
      built = new ProcessResult(124, e.stdout(), e.stderr(), Duration.ofSeconds(seconds));
    } finally {
      if (Files.exists(iid)) {
        run(
            images.removeImage(Files.readString(iid, StandardCharsets.UTF_8).strip()),
            Duration.ofMinutes(2),
            log);
      }
    }
    return interpret(built.stdout() + "\n" + built.stderr(), mark, sources, built);
  }

  /** The results of the marked lines in {@code output}; a module without a result line failed. */
  static List<ModuleResult> interpret(
      String output, String mark, List<Source> sources, ProcessResult built) {
    List<Map<String, String>> seen = new ArrayList<>();
    sources.forEach(s -> seen.add(new LinkedHashMap<>()));
    for (String line : output.split("\n")) {
      int at = line.indexOf(mark + " m");
      if (at < 0) {
        continue;
      }
      String rest = line.substring(at + mark.length() + 2);
      int sp = rest.indexOf(' ');
      if (sp < 0) {
        continue;
      }
      int index;
      try {
        index = Integer.parseInt(rest.substring(0, sp));
      } catch (NumberFormatException e) {
        continue;
      }
      if (index < 0 || index >= sources.size()) {
        continue;
      }
      String kv = rest.substring(sp + 1);
      int sp2 = kv.indexOf(' ');
      String key = sp2 < 0 ? kv.strip() : kv.substring(0, sp2);
      String value = sp2 < 0 ? "" : kv.substring(sp2 + 1).strip();
      // the first word wins: the build's own output cannot change a result once said
      seen.get(index).putIfAbsent(key, value);
    }
    List<ModuleResult> out = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      Source s = sources.get(i);
      Map<String, String> m = seen.get(i);
      String result = m.get("result");
      ModuleResult.Status status =
          "ok".equals(result)
              ? ModuleResult.Status.OK
              : "skipped".equals(result) ? ModuleResult.Status.SKIPPED : ModuleResult.Status.FAILED;
      String detail = m.get("detail");
      if (result == null && detail == null) {
        detail =
            built.exitCode() == 124
                ? "the verification build timed out"
                : "the module build did not run: " + firstLine(built.tail(3));
      }
      boolean ok = status == ModuleResult.Status.OK;
      // a configure step's probe compilations print errors too: the first error line is said for a
      // failure only
      out.add(
          new ModuleResult(
              s.name(),
              s.commit(),
              s.required(),
              status,
              ok ? parseInt(m.get("ko")) : 0,
              ok ? m.get("vermagic") : null,
              parseInt(m.get("seconds")),
              status == ModuleResult.Status.FAILED ? m.get("error") : null,
              detail));
    }
    return out;
  }

  /**
   * Copies a source tree: links are copied as links (never followed), FIFOs and devices left out,
   * .git too.
   */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path rel = from.relativize(p);
        if (rel.getNameCount() > 0 && rel.getName(0).toString().equals(".git")) {
          continue;
        }
        Path target = to.resolve(rel.toString());
        if (Files.isSymbolicLink(p)) {
          Files.createSymbolicLink(target, Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(target);
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.copy(p, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private ProcessResult run(List<String> argv, Duration timeout, OutputListener log)
      throws IOException, InterruptedException {
    if (log != null) {
      log.line(OutputListener.Stream.STDERR, "+ " + Invocation.of(argv).commandLine());
    }
    return runner.run(Invocation.of(argv).withTimeout(timeout).withOutput(log));
  }

  private static int parseInt(String s) {
    try {
      return s == null ? 0 : Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String firstLine(String s) {
    String t = s == null ? "" : s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }

  private static String shellWord(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}

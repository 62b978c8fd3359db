package dtk.exec.build;

import dtk.exec.engine.LocalImages;
import dtk.exec.process.Invocation;
import dtk.exec.process.OutputListener;
import dtk.exec.process.ProcessResult;
import dtk.exec.process.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a built image before it is pushed (spec {@code verify}):
 *
 * <ol>
 *   <li>{@code /etc/driver-toolkit-release.json} names the target kernel ({@code KERNEL_VERSION},
 *       with or without the {@code .<arch>} suffix); read with {@code create} + {@code cp} because
 *       {@code run} does not work everywhere (crun in nested containers);
 *   <li>the kernel is installed: {@code /lib/modules/<release>} exists, checked in a throwaway
 *       build {@code FROM} the image;
 *   <li>with {@code canary}: in that same throwaway build, a minimal module is compiled against
 *       {@code /lib/modules/<release>/build}; its vermagic must start with the release.
 * </ol>
 *
 * The throwaway image is removed afterwards; the verified image is left as it was.
 */
public final class ImageVerifier {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String RELEASE_FILE = "/etc/driver-toolkit-release.json";
  private static final String MARK = "@@dtk-verify ";

  private final ProcessRunner runner;
  private final LocalImages images;
  private final List<String> buildArgs;
  private final Duration timeout;

  /**
   * @param program {@code podman} or {@code docker} (buildah users verify with podman: same
   *     storage)
   * @param buildArgs extra arguments for the throwaway build, such as {@code --isolation=chroot}
   */
  public ImageVerifier(
      ProcessRunner runner, String program, List<String> buildArgs, Duration timeout) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.images = new LocalImages(program);
    this.buildArgs = List.copyOf(buildArgs);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** One check and how it went. */
  public record Check(String name, boolean ok, String detail) {}

  /** All checks; {@link #ok()} when every one passed. */
  public record Result(List<Check> checks) {
    public Result {
      checks = List.copyOf(checks);
    }

    public boolean ok() {
      return checks.stream().allMatch(Check::ok);
    }

    /** The failed checks as one line: {@code release file: KERNEL_VERSION ...; canary: ...}. */
    public String failures() {
      return String.join(
          "; ",
          checks.stream().filter(c -> !c.ok()).map(c -> c.name() + ": " + c.detail()).toList());
    }
  }

  /**
   * Verifies the local image {@code image} (a tag or an ID) built for {@code arch} and kernel
   * {@code kernelVersion}. {@code log} receives the engine's output; {@code scratch} is an empty
   * directory this call may use.
   */
  public Result verify(
      String image,
      String arch,
      String kernelVersion,
      boolean canary,
      Path scratch,
      OutputListener log)
      throws IOException, InterruptedException {
    List<String> releases = List.of(kernelVersion + "." + arch, kernelVersion);
    List<Check> checks = new ArrayList<>();
    checks.add(checkReleaseFile(image, releases, scratch, log));
    checks.addAll(checkInstalled(image, arch, releases, canary, scratch, log));
    return new Result(checks);
  }

  /**
   * The {@code KERNEL_VERSION} of a local toolkit image: from {@value #RELEASE_FILE}, else from the
   * label {@code org.opencontainers.image.version} dtk sets; empty when the image has neither.
   */
  public java.util.Optional<String> kernelOf(String image, Path scratch, OutputListener log)
      throws IOException, InterruptedException {
    ProcessResult created = run(images.createLocal(image, "true"), log);
    if (created.ok()) {
      String cid = created.stdout().strip();
      Path copy = scratch.resolve("driver-toolkit-release.json");
      try {
        ProcessResult cp = run(images.copyOut(cid, RELEASE_FILE, copy), log);
        if (cp.ok()) {
          JsonNode node =
              JSON.readTree(Files.readString(copy, StandardCharsets.UTF_8)).get("KERNEL_VERSION");
          if (node != null && node.isString() && !node.asString().isBlank()) {
            return java.util.Optional.of(node.asString().strip());
          }
        }
      } catch (JacksonException e) {
        // not JSON: fall back to the label
      } finally {
        run(images.removeContainer(cid), log);
      }
    }
    ProcessResult label =
        run(
            images.inspect(image, "{{index .Config.Labels \"org.opencontainers.image.version\"}}"),
            log);
    String v = label.ok() ? label.stdout().strip() : "";
    return v.isEmpty() || v.equals("<no value>")
        ? java.util.Optional.empty()
        : java.util.Optional.of(v);
  }

  private Check checkReleaseFile(
      String image, List<String> releases, Path scratch, OutputListener log)
      throws IOException, InterruptedException {
    ProcessResult created = run(images.createLocal(image, "true"), log);
    if (!created.ok()) {
      return new Check(
          "release file",
          false,
          "cannot create a container from " + image + ": " + created.tail(3));
    }
    String cid = created.stdout().strip();
    Path copy = scratch.resolve("driver-toolkit-release.json");
    try {
      ProcessResult cp = run(images.copyOut(cid, RELEASE_FILE, copy), log);
      if (!cp.ok()) {
        return new Check(
            "release file",
            false,
            RELEASE_FILE + " is missing from the image (is build.releaseFile off?)");
      }
    } finally {
      run(images.removeContainer(cid), log);
    }
    String kv;
    try {
      JsonNode root = JSON.readTree(Files.readString(copy, StandardCharsets.UTF_8));
      JsonNode node = root.get("KERNEL_VERSION");
      if (node == null || !node.isString()) {
        return new Check("release file", false, RELEASE_FILE + " has no KERNEL_VERSION string");
      }
      kv = node.asString();
    } catch (JacksonException e) {
      return new Check(
          "release file", false, RELEASE_FILE + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (!releases.contains(kv)) {
      return new Check(
          "release file",
          false,
          "KERNEL_VERSION is " + kv + " in " + RELEASE_FILE + ", expected " + releases.get(0));
    }
    return new Check("release file", true, "KERNEL_VERSION " + kv);
  }

  private List<Check> checkInstalled(
      String image,
      String arch,
      List<String> releases,
      boolean canary,
      Path scratch,
      OutputListener log)
      throws IOException, InterruptedException {
    Path context = Files.createDirectories(scratch.resolve("verify-context"));
    StringBuilder cf = new StringBuilder();
    cf.append("FROM ").append(image).append('\n');
    cf.append("USER root\n");
    if (canary) {
      Canary.writeSources(context.resolve("canary"));
      cf.append("COPY canary /tmp/dtk-canary\n");
    }
    // One RUN: find the installed release, then (canary) build the module against it.
    StringBuilder run = new StringBuilder("found=; for r in");
    releases.forEach(r -> run.append(' ').append(shellWord(r)));
    run.append("; do if [ -d /lib/modules/$r ]; then found=$r; break; fi; done; ")
        .append("if [ -z \"$found\" ]; then echo '")
        .append(MARK)
        .append("kernel-missing'; exit 3; fi; ")
        .append("echo \"")
        .append(MARK)
        .append("kernel $found\"");
    if (canary) {
      run.append(" && make -C /lib/modules/$found/build M=/tmp/dtk-canary modules")
          .append(" && echo \"")
          .append(MARK)
          .append("vermagic $(tr '\\000' '\\n' < /tmp/dtk-canary/dtk_canary.ko")
          .append(" | grep '^vermagic=' | cut -d= -f2-)\"");
    }
    cf.append("RUN ").append(run).append('\n');
    Files.writeString(context.resolve("Containerfile"), cf.toString(), StandardCharsets.UTF_8);

    Path iid = scratch.resolve("verify.iid");
    List<String> argv =
        images.buildStage(arch, iid, context.resolve("Containerfile"), buildArgs, context);
    ProcessResult built = run(argv, log);
    try {
      return interpret(built, releases, canary);
    } finally {
      if (Files.exists(iid)) {
        run(images.removeImage(Files.readString(iid, StandardCharsets.UTF_8).strip()), log);
      }
    }
  }

  static List<Check> interpret(ProcessResult built, List<String> releases, boolean canary) {
    String found = null;
    String vermagic = null;
    boolean missing = false;
    for (String line : (built.stdout() + "\n" + built.stderr()).split("\n")) {
      int at = line.indexOf(MARK);
      if (at < 0) {
        continue;
      }
      String rest = line.substring(at + MARK.length()).strip();
      if (rest.startsWith("kernel-missing")) {
        missing = true;
      } else if (rest.startsWith("kernel ")) {
        found = rest.substring("kernel ".length()).strip();
      } else if (rest.startsWith("vermagic")) {
        vermagic = rest.substring("vermagic".length()).strip();
      }
    }
    List<Check> checks = new ArrayList<>();
    if (found == null) {
      checks.add(
          new Check(
              "kernel installed",
              false,
              missing
                  ? "none of /lib/modules/"
                      + String.join(", /lib/modules/", releases)
                      + " exists in the image"
                  : "the check did not run: " + built.tail(5)));
      return checks;
    }
    checks.add(new Check("kernel installed", true, "/lib/modules/" + found));
    if (canary) {
      if (vermagic == null || vermagic.isEmpty()) {
        checks.add(
            new Check(
                "canary",
                false,
                "the canary module did not build against /lib/modules/"
                    + found
                    + "/build: "
                    + built.tail(8)));
      } else if (!Canary.matchesRelease(vermagic, found)) {
        checks.add(
            new Check("canary", false, "vermagic '" + vermagic + "' does not start with " + found));
      } else {
        checks.add(new Check("canary", true, "vermagic " + vermagic));
      }
    }
    return checks;
  }

  private ProcessResult run(List<String> argv, OutputListener log)
      throws IOException, InterruptedException {
    if (log != null) {
      log.line(OutputListener.Stream.STDERR, "+ " + Invocation.of(argv).commandLine());
    }
    return runner.run(Invocation.of(argv).withTimeout(timeout).withOutput(log));
  }

  private static String shellWord(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}

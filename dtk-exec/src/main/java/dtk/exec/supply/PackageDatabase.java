package dtk.exec.supply;

import dtk.exec.ExecException;
import dtk.exec.engine.LocalImages;
import dtk.exec.process.Invocation;
import dtk.exec.process.OutputListener;
import dtk.exec.process.ProcessResult;
import dtk.exec.process.ProcessRunner;
import dtk.exec.resolve.image.OsRelease;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the packages installed in a local image without running it: a container is created (never
 * started), the dpkg status file or the rpm database is copied out with {@code podman cp} / {@code
 * docker cp}, and read here (dpkg) or with the host's {@code rpm --dbpath} (rpm; its sqlite or bdb
 * database needs rpm's own reader).
 */
public final class PackageDatabase {
  /**
   * What was found: the database kind ({@code dpkg}, {@code rpm} or {@code none}), packages,
   * os-release.
   */
  public record Contents(
      String kind, List<InstalledPackage> packages, Map<String, String> osRelease) {
    public Contents {
      packages = List.copyOf(packages);
      osRelease = Map.copyOf(osRelease);
    }
  }

  static final String DPKG_STATUS = "/var/lib/dpkg/status";
  static final String RPM_DIR = "/var/lib/rpm";

  /** The rpm query: one tab-separated line per package. */
  static final String RPM_FORMAT =
      "%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{LICENSE}\\t%{SOURCERPM}\\n";

  private final ProcessRunner runner;
  private final LocalImages images;

  /**
   * @param program {@code podman} (also for buildah's images) or {@code docker}
   */
  public PackageDatabase(ProcessRunner runner, String program) {
    this.runner = runner;
    this.images = new LocalImages(program);
  }

  /** The packages of local image {@code imageId}; {@code scratch} is an empty private directory. */
  public Contents read(String imageId, Path scratch, OutputListener log)
      throws InterruptedException, IOException {
    String cid =
        run(
                images.create(imageId, "/dtk-sbom-never-runs"),
                "create a container to read the package database")
            .stdout()
            .strip();
    log.line(
        OutputListener.Stream.STDOUT,
        "sbom: reading the package database of "
            + imageId
            + " through container "
            + cid
            + " (created, never started)");
    try {
      Map<String, String> os = Map.of();
      for (String f : List.of("/etc/os-release", "/usr/lib/os-release")) {
        Path out = scratch.resolve("os-release");
        if (copy(cid, f, out) && Files.isRegularFile(out)) {
          os = OsRelease.parse(Files.readString(out, StandardCharsets.UTF_8));
          break;
        }
        Files.deleteIfExists(out);
      }
      Path status = scratch.resolve("dpkg-status");
      if (copy(cid, DPKG_STATUS, status) && Files.isRegularFile(status)) {
        return new Contents(
            "dpkg", parseDpkgStatus(Files.readString(status, StandardCharsets.UTF_8)), os);
      }
      Path rpmDir = scratch.resolve("rpmdb");
      if (copy(cid, RPM_DIR, rpmDir) && Files.isDirectory(rpmDir)) {
        ProcessResult r =
            runQuiet(
                List.of(
                    "rpm",
                    "--dbpath",
                    rpmDir.toAbsolutePath().toString(),
                    "-qa",
                    "--qf",
                    RPM_FORMAT));
        if (!r.ok()) {
          throw new ExecException(
              "rpm cannot read the image's package database ("
                  + RPM_DIR
                  + "): "
                  + firstLine(r.stderr()),
              "install rpm on this machine (apt-get install rpm; it reads the sqlite and bdb databases)");
        }
        return new Contents("rpm", parseRpmQuery(r.stdout()), os);
      }
      return new Contents("none", List.of(), os);
    } finally {
      runQuiet(images.removeContainer(cid));
    }
  }

  /** Copies one path out of the container; false when the image has no such path. */
  private boolean copy(String cid, String path, Path to) throws InterruptedException, IOException {
    ProcessResult r = runQuiet(images.copyOut(cid, path, to.toAbsolutePath()));
    return r.ok();
  }

  private ProcessResult run(List<String> argv, String what)
      throws InterruptedException, IOException {
    ProcessResult r = runner.run(Invocation.of(argv).withTimeout(Duration.ofMinutes(5)));
    if (!r.ok()) {
      throw new ExecException(
          "cannot " + what + ": " + String.join(" ", argv) + ": " + firstLine(r.stderr()),
          "check that the image exists locally (" + images.program() + " images)");
    }
    return r;
  }

  private ProcessResult runQuiet(List<String> argv) throws InterruptedException, IOException {
    return runner.run(Invocation.of(argv).withTimeout(Duration.ofMinutes(5)));
  }

  private static String firstLine(String s) {
    String t = s == null ? "" : s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }

  /** The installed packages of a dpkg status file ({@code Status: install ok installed} only). */
  public static List<InstalledPackage> parseDpkgStatus(String text) {
    List<InstalledPackage> out = new ArrayList<>();
    for (String stanza : text.split("\n\\s*\n")) {
      Map<String, String> f = fields(stanza);
      String name = f.get("Package");
      String version = f.get("Version");
      String status = f.getOrDefault("Status", "");
      if (name == null || version == null || !status.endsWith(" installed")) {
        continue;
      }
      String source = f.get("Source");
      String sourceName = source;
      String sourceVersion = null;
      if (source != null) {
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("^(\\S+)\\s*\\(([^)]+)\\)").matcher(source);
        if (m.find()) {
          sourceName = m.group(1);
          sourceVersion = m.group(2).strip();
        }
      }
      List<String> depends = new ArrayList<>();
      for (String field : List.of("Pre-Depends", "Depends")) {
        String d = f.get(field);
        if (d == null) {
          continue;
        }
        for (String clause : d.split(",")) {
          for (String alt : clause.split("\\|")) {
            String n = alt.strip().split("[\\s(:]", 2)[0];
            if (!n.isEmpty() && !depends.contains(n)) {
              depends.add(n);
            }
          }
        }
      }
      out.add(
          new InstalledPackage(
              "deb",
              name,
              version,
              f.get("Architecture"),
              sourceName,
              sourceVersion,
              null,
              depends));
    }
    return out;
  }

  private static Map<String, String> fields(String stanza) {
    Map<String, String> f = new LinkedHashMap<>();
    String key = null;
    for (String line : stanza.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && key != null) {
        f.put(key, f.get(key) + "\n" + line.strip());
        continue;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        key = line.substring(0, colon);
        f.put(key, line.substring(colon + 1).strip());
      }
    }
    return f;
  }

  /** The packages of {@code rpm -qa --qf} output in {@link #RPM_FORMAT}. */
  public static List<InstalledPackage> parseRpmQuery(String text) {
    List<InstalledPackage> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] p = line.split("\t", -1);
      if (p.length < 7 || p[0].isBlank() || p[0].equals("gpg-pubkey")) {
        continue; // gpg-pubkey entries are imported keys, not packages
      }
      String epoch = none(p[1]);
      String version = (epoch == null || epoch.equals("0") ? "" : epoch + ":") + p[2] + "-" + p[3];
      String srpm = none(p[6]);
      String sourceName = null;
      String sourceVersion = null;
      if (srpm != null) {
        // name-version-release.src.rpm
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("^(.+)-([^-]+)-([^-]+)\\.(?:no)?src\\.rpm$")
                .matcher(srpm);
        if (m.matches()) {
          sourceName = m.group(1);
          sourceVersion = m.group(2) + "-" + m.group(3);
        } else {
          sourceName = srpm;
        }
      }
      out.add(
          new InstalledPackage(
              "rpm", p[0], version, none(p[4]), sourceName, sourceVersion, none(p[5]), List.of()));
    }
    return out;
  }

  private static String none(String s) {
    return s == null || s.isBlank() || s.equals("(none)") ? null : s;
  }
}

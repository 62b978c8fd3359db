package dtk.exec.supply;

import dtk.spec.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An in-toto v1 statement with a SLSA v1 provenance predicate for one pushed per-platform image:
 * what defined the build (spec and repository files by digest, target, platform, kernel), what it
 * resolved (base image digest, where the kernel came from, the commit and whether the checkout was
 * dirty), and how it ran (engine and version, start and end).
 */
public final class Provenance {
  public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
  public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";

  /** The media type of the attached artifact. */
  public static final String MEDIA_TYPE = "application/vnd.in-toto+json";

  public static final String BUILD_TYPE = "https://dtk.invalid/DriverToolkit/build/v1";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A file the build read, by path (as given) and sha256. */
  public record FileDigest(String role, String path, Digest digest) {}

  /**
   * Everything a statement says.
   *
   * @param image the per-platform reference without tag or digest ({@code registry/org/name})
   * @param digest the pushed manifest digest ({@code sha256:...})
   * @param commit the git commit of the checkout, or {@code null}
   * @param dirty whether the checkout had uncommitted changes, or {@code null} when unknown
   * @param kernelOrigin where the kernel version came from, or {@code null}
   */
  public record Inputs(
      String image,
      Digest digest,
      String target,
      String arch,
      String kernelVersion,
      List<FileDigest> files,
      String baseImage,
      Digest baseDigest,
      String kernelOrigin,
      String commit,
      Boolean dirty,
      String engine,
      List<String> engineArgs,
      Digest inputsDigest,
      String tool,
      Instant startedOn,
      Instant finishedOn) {}

  private Provenance() {}

  public static byte[] statement(Inputs in) {
    ObjectNode st = JSON.createObjectNode();
    st.put("_type", STATEMENT_TYPE);
    ObjectNode subject = st.putArray("subject").addObject();
    subject.put("name", in.image());
    subject.putObject("digest").put(in.digest().algorithm(), in.digest().encoded());
    st.put("predicateType", PREDICATE_TYPE);
    ObjectNode predicate = st.putObject("predicate");
    ObjectNode def = predicate.putObject("buildDefinition");
    def.put("buildType", BUILD_TYPE);
    ObjectNode ext = def.putObject("externalParameters");
    ext.put("target", in.target());
    ext.put("platform", in.arch());
    ext.put("kernelVersion", in.kernelVersion());
    for (FileDigest f : in.files()) {
      if (f.role().equals("spec")) {
        ext.put("spec", f.path());
      }
    }
    ObjectNode internal = def.putObject("internalParameters");
    internal.put("engine", in.engine());
    ArrayNode args = internal.putArray("engineArgs");
    in.engineArgs().forEach(args::add);
    internal.put("inputsDigest", in.inputsDigest().toString());

    ArrayNode deps = def.putArray("resolvedDependencies");
    for (FileDigest f : in.files()) {
      ObjectNode d = deps.addObject();
      d.put("name", f.role());
      d.put("uri", "file:" + f.path());
      d.putObject("digest").put(f.digest().algorithm(), f.digest().encoded());
    }
    if (in.baseImage() != null) {
      ObjectNode d = deps.addObject();
      d.put("name", "baseImage");
      String ref = in.baseImage();
      d.put(
          "uri",
          "oci://"
              + ref
              + (in.baseDigest() != null && !ref.contains("@") ? "@" + in.baseDigest() : ""));
      if (in.baseDigest() != null) {
        d.putObject("digest").put(in.baseDigest().algorithm(), in.baseDigest().encoded());
      }
    }
    ObjectNode kernel = deps.addObject();
    kernel.put("name", "kernel");
    kernel.put("uri", "kernel:" + in.kernelVersion());
    ObjectNode ka = kernel.putObject("annotations");
    ka.put("version", in.kernelVersion());
    ka.put("origin", in.kernelOrigin() == null ? "not recorded" : in.kernelOrigin());
    if (in.commit() != null) {
      ObjectNode d = deps.addObject();
      d.put("name", "source");
      d.put("uri", "git+commit:" + in.commit());
      d.putObject("digest").put("gitCommit", in.commit());
      if (in.dirty() != null) {
        d.putObject("annotations").put("dirty", in.dirty());
      }
    }

    ObjectNode run = predicate.putObject("runDetails");
    ObjectNode builder = run.putObject("builder");
    builder.put("id", "https://dtk.invalid/builder/local");
    ObjectNode versions = builder.putObject("version");
    versions.put("dtk", in.tool());
    versions.put("engine", in.engine());
    ObjectNode meta = run.putObject("metadata");
    meta.put("invocationId", in.target() + "@" + in.digest());
    meta.put("startedOn", in.startedOn().truncatedTo(ChronoUnit.SECONDS).toString());
    meta.put("finishedOn", in.finishedOn().truncatedTo(ChronoUnit.SECONDS).toString());
    return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(st) + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The subject digest ({@code sha256:...}) a statement names; {@code dtk verify} compares it with
   * the image's.
   */
  public static String subjectDigest(byte[] statement) {
    var node = JSON.readTree(statement);
    return "sha256:" + node.path("subject").path(0).path("digest").path("sha256").asString("");
  }
}

package dtk.render;

import dtk.spec.Digest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sha256 over everything that defines a build, so that an image whose label carries the same
 * digest needs no rebuild.
 *
 * <p>Canonical form (version 1): a sequence of fields, each written as its name, a space, the UTF-8
 * byte length of its value, a colon, the value's bytes and a newline. Fields in this order:
 *
 * <ol>
 *   <li>{@code version} = {@code dtk-inputs-1}
 *   <li>{@code platform} ({@code linux/amd64})
 *   <li>{@code from} (the FROM reference) and {@code base-digest} (empty when unresolved)
 *   <li>for each file, sorted by path (the Containerfile included): {@code file} = path, then
 *       {@code content} = the file's bytes
 *   <li>for each build argument, sorted by name: {@code arg-name}, {@code arg-value}
 *   <li>for each label, sorted by key: {@code label-key}, {@code label-value}
 *   <li>for each unset label, sorted: {@code unset-label}
 * </ol>
 *
 * Length prefixes make the encoding unambiguous whatever the values hold. Provenance labels ({@code
 * vcs.ref}) and the source date epoch are deliberately left out.
 */
public final class InputsDigest {
  public static final String VERSION = "dtk-inputs-1";

  private InputsDigest() {}

  /** {@code sha256:<64 hex>} of the canonical form. */
  public static Digest of(
      String platform,
      String from,
      Digest baseDigest,
      Map<String, String> files,
      Map<String, String> buildArgs,
      Map<String, String> labels,
      List<String> unsetLabels) {
    MessageDigest md = Digest.sha256Engine();
    field(md, "version", VERSION);
    field(md, "platform", platform);
    field(md, "from", from);
    field(md, "base-digest", baseDigest == null ? "" : baseDigest.toString());
    for (var e : new TreeMap<>(files).entrySet()) {
      field(md, "file", e.getKey());
      field(md, "content", e.getValue());
    }
    for (var e : new TreeMap<>(buildArgs).entrySet()) {
      field(md, "arg-name", e.getKey());
      field(md, "arg-value", e.getValue());
    }
    for (var e : new TreeMap<>(labels).entrySet()) {
      field(md, "label-key", e.getKey());
      field(md, "label-value", e.getValue());
    }
    for (String u : new java.util.TreeSet<>(unsetLabels)) {
      field(md, "unset-label", u);
    }
    return Digest.sha256Hex(HexFormat.of().formatHex(md.digest()));
  }

  private static void field(MessageDigest md, String name, String value) {
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    md.update((name + " " + v.length + ":").getBytes(StandardCharsets.UTF_8));
    md.update(v);
    md.update((byte) '\n');
  }
}

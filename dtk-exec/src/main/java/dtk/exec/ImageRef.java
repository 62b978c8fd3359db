package dtk.exec;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An image reference parsed at the boundary: {@code quay.io/centos/centos:stream9},
 * {@code 127.0.0.1:5000/dtk/busybox@sha256:...}. Without a registry it means Docker Hub
 * ({@code docker.io}, {@code library/} for one-part names), as the engines read it.
 *
 * @param tag the tag, or {@code null} when only a digest is given
 * @param digest {@code sha256:...}, or {@code null}
 */
public record ImageRef(String registry, String repository, String tag, String digest) {
  private static final Pattern REPO = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}");

  public ImageRef {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    if (!REPO.matcher(repository).matches()) {
      throw new IllegalArgumentException("'" + repository + "' is not a valid repository name (lower case letters, digits, '.', '_', '-', '/')");
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("'" + tag + "' is not a valid tag (letters, digits, '_', '.', '-'; at most 128)");
    }
    if (digest != null && !DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException("'" + digest + "' is not a valid digest such as sha256:<64 hex digits>");
    }
    if (tag == null && digest == null) {
      tag = "latest";
    }
  }

  /** Parses {@code [registry/]repository[:tag][@digest]}; throws {@link IllegalArgumentException} with the reason. */
  public static ImageRef parse(String s) {
    Objects.requireNonNull(s, "image reference");
    String rest = s.trim();
    if (rest.startsWith("docker://")) {
      rest = rest.substring("docker://".length());
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("empty image reference");
    }
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    String registry = "docker.io";
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first;
        rest = rest.substring(slash + 1);
      }
    }
    if (registry.equals("docker.io") && !rest.contains("/")) {
      rest = "library/" + rest;
    }
    try {
      return new ImageRef(registry, rest, tag, digest);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad image reference '" + s + "': " + e.getMessage(), e);
    }
  }

  public ImageRef withTag(String t) {
    return new ImageRef(registry, repository, t, null);
  }

  public ImageRef withDigest(String d) {
    return new ImageRef(registry, repository, tag, d);
  }

  /** The digest if there is one, else the tag: what a manifest request asks for. */
  public String reference() {
    return digest != null ? digest : tag;
  }

  /** {@code registry/repository} without tag or digest. */
  public String name() {
    return registry + "/" + repository;
  }

  /** The host to talk to: Docker Hub's API lives at {@code registry-1.docker.io}. */
  public String apiHost() {
    return registry.equals("docker.io") ? "registry-1.docker.io" : registry;
  }

  /**
   * {@code registry/repository@digest} when pinned, else {@code registry/repository:tag}: a pinned
   * reference drops its tag, since containers/image rejects references with both.
   */
  @Override
  public String toString() {
    return digest != null ? name() + "@" + digest : name() + ":" + tag;
  }

  /** For messages: the tag and the digest when both are known. */
  public String display() {
    return name() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }
}

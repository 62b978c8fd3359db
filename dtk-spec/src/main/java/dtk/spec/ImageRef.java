package dtk.spec;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference, parsed at the boundary: {@code [registry[:port]/]repository[:tag][@digest]}.
 * {@link #parse} keeps the reference as written (the spec checks what the user wrote); {@link
 * #normalised} reads it as the engines do (Docker Hub, {@code library/}, {@code latest}).
 *
 * <pre>
 * ImageRef.parse("quay.io/centos/centos:stream9")  // registry quay.io, repository centos/centos, tag stream9
 * </pre>
 *
 * @param registry the registry host (with port), or {@code ""} when the reference names none
 * @param tag the tag, or {@code null}
 * @param digest the digest, or {@code null}
 */
public record ImageRef(String registry, String repository, String tag, Digest digest) {
  /** The registry a reference without one means. */
  public static final String DOCKER_HUB = "docker.io";

  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern HOST =
      Pattern.compile(
          "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::([0-9]+))?");

  public ImageRef {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    if (!registry.isEmpty()) {
      Matcher m = HOST.matcher(registry);
      if (!m.matches()) {
        throw new InvalidException("'" + registry + "' is not a registry host[:port]");
      }
      if (m.group(1) != null && (m.group(1).length() > 5 || Integer.parseInt(m.group(1)) > 65535)) {
        throw new InvalidException("port " + m.group(1) + " of '" + registry + "' is out of range");
      }
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new InvalidException(
          "'"
              + tag
              + "' is not a valid tag (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-')");
    }
    if (repository.isEmpty()) {
      throw new InvalidException("the repository name is missing");
    }
    for (String c : repository.split("/", -1)) {
      if (!COMPONENT.matcher(c).matches()) {
        throw new InvalidException(
            "'"
                + repository
                + "' is not a valid repository name: path component '"
                + c
                + "' must be lower-case letters and digits separated by '.', '_', '__' or '-'");
      }
    }
    if (repository.length() > 255) {
      throw new InvalidException("the repository name is longer than 255 characters");
    }
  }

  /** Thrown by {@link #parse} and the constructor with a message saying which part is wrong. */
  public static final class InvalidException extends IllegalArgumentException {
    InvalidException(String message) {
      super(message);
    }
  }

  /** Parses a reference as written: no registry stays {@code ""}, no tag stays {@code null}. */
  public static ImageRef parse(String ref) {
    if (ref == null || ref.isEmpty()) {
      throw new InvalidException("empty image reference");
    }
    String rest = ref;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      try {
        digest = Digest.parse(rest.substring(at + 1));
      } catch (Digest.InvalidException e) {
        throw new InvalidException(e.getMessage());
      }
      rest = rest.substring(0, at);
    }
    String registry = "";
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first;
        rest = rest.substring(slash + 1);
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    return new ImageRef(registry, rest, tag, digest);
  }

  /**
   * The reference as the engines read it: no registry means Docker Hub ({@code library/} for
   * one-part names), no tag and no digest means {@code latest}.
   */
  public ImageRef normalised() {
    String reg = registry.isEmpty() ? DOCKER_HUB : registry;
    String repo =
        reg.equals(DOCKER_HUB) && !repository.contains("/") ? "library/" + repository : repository;
    String t = tag == null && digest == null ? "latest" : tag;
    return new ImageRef(reg, repo, t, digest);
  }

  public ImageRef withDigest(Digest d) {
    return new ImageRef(registry, repository, tag, d);
  }

  /** The digest if there is one, else the tag: what a manifest request asks for. */
  public String reference() {
    return digest != null ? digest.toString() : tag;
  }

  /** {@code registry/repository} without tag or digest. */
  public String name() {
    return (registry.isEmpty() ? "" : registry + "/") + repository;
  }

  /** The host to talk to: Docker Hub's API lives at {@code registry-1.docker.io}. */
  public String apiHost() {
    return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
  }

  /** Whether {@code tag} is a legal tag as written (after {@link #normaliseTag}). */
  public static boolean isValidTag(String tag) {
    return TAG.matcher(tag).matches();
  }

  /**
   * '+' and '~' are not legal in a tag (kernel releases such as {@code 5.14.0-498.el9+rt}, and
   * pre-releases such as {@code 5.14.0-611~rc1.el9} that a repository lists): each becomes '_'.
   */
  public static String normaliseTag(String tag) {
    return tag.replace('+', '_').replace('~', '_');
  }

  /**
   * {@code registry/repository@digest} when pinned, else {@code registry/repository[:tag]}: a
   * pinned reference drops its tag, since containers/image rejects references with both.
   */
  @Override
  public String toString() {
    return digest != null ? name() + "@" + digest : name() + (tag == null ? "" : ":" + tag);
  }

  /** For messages: the tag and the digest when both are known. */
  public String display() {
    return name() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }
}

package dtk.spec;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference, parsed at the boundary: {@code [registry[:port]/]repository[:tag][@digest]}.
 *
 * <pre>ImageRef.parse("quay.io/centos/centos:stream9")  // registry quay.io, repository centos/centos, tag stream9</pre>
 *
 * @param registry the registry host (with port), or {@code ""} when the reference names none
 * @param tag the tag, or {@code null}
 * @param digest the digest ({@code sha256:...}), or {@code null}
 */
public record ImageRef(String registry, String repository, String tag, String digest) {
  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}");
  private static final Pattern HOST =
      Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::([0-9]+))?");

  public ImageRef {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
  }

  /** Thrown by {@link #parse} with a message saying which part is wrong. */
  public static final class InvalidException extends IllegalArgumentException {
    InvalidException(String message) {
      super(message);
    }
  }

  public static ImageRef parse(String ref) {
    if (ref == null || ref.isEmpty()) {
      throw new InvalidException("empty image reference");
    }
    String rest = ref;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        throw new InvalidException("'" + digest + "' is not a digest such as sha256:<64 hex digits>");
      }
    }
    String registry = "";
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        Matcher m = HOST.matcher(first);
        if (!m.matches()) {
          throw new InvalidException("'" + first + "' is not a registry host[:port]");
        }
        if (m.group(1) != null && (m.group(1).length() > 5 || Integer.parseInt(m.group(1)) > 65535)) {
          throw new InvalidException("port " + m.group(1) + " of '" + first + "' is out of range");
        }
        registry = first;
        rest = rest.substring(slash + 1);
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new InvalidException("'" + tag + "' is not a valid tag (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-')");
      }
    }
    if (rest.isEmpty()) {
      throw new InvalidException("the repository name is missing");
    }
    for (String c : rest.split("/", -1)) {
      if (!COMPONENT.matcher(c).matches()) {
        throw new InvalidException("repository path component '" + c + "' must be lower-case letters and digits separated by '.', '_', '__' or '-'");
      }
    }
    if (rest.length() > 255) {
      throw new InvalidException("the repository name is longer than 255 characters");
    }
    return new ImageRef(registry, rest, tag, digest);
  }

  /** Whether {@code tag} is a legal tag as written (after {@link #normaliseTag}). */
  public static boolean isValidTag(String tag) {
    return TAG.matcher(tag).matches();
  }

  /** '+' is not legal in a tag (kernel releases such as {@code 5.14.0-498.el9+rt} have one): it becomes '_'. */
  public static String normaliseTag(String tag) {
    return tag.replace('+', '_');
  }

  @Override
  public String toString() {
    return (registry.isEmpty() ? "" : registry + "/") + repository + (tag == null ? "" : ":" + tag)
        + (digest == null ? "" : "@" + digest);
  }
}

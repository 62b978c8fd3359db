package dtk.exec.resolve.repo;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One {@code "URI SUITE COMPONENT..."} line, as in a one-line {@code sources.list} entry without
 * the leading {@code deb}: {@code http://deb.debian.org/debian bookworm main}.
 */
public record AptSource(URI uri, String suite, List<String> components) {
  public AptSource {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(suite, "suite");
    components = List.copyOf(components);
    if (components.isEmpty()) {
      throw new IllegalArgumentException("no component");
    }
  }

  /**
   * Parses {@code "URI SUITE COMPONENT..."}; a leading {@code deb} is allowed.
   *
   * @throws IllegalArgumentException saying what the line lacks
   */
  public static AptSource parse(String line) {
    List<String> w = Arrays.asList(line.strip().split("\\s+"));
    if (!w.isEmpty() && w.get(0).equals("deb")) {
      w = w.subList(1, w.size());
    }
    if (w.size() < 3 || w.get(0).isEmpty()) {
      throw new IllegalArgumentException(
          "'"
              + line.strip()
              + "' is not \"URI SUITE COMPONENT...\""
              + " (e.g. \"http://deb.debian.org/debian bookworm main\")");
    }
    if (w.get(1).endsWith("/")) {
      throw new IllegalArgumentException(
          "'"
              + line.strip()
              + "': flat repositories (a suite ending in /)"
              + " are not supported; give a suite under dists/");
    }
    URI uri;
    try {
      uri = new URI(w.get(0));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + w.get(0) + "' is not a URI: " + e.getMessage());
    }
    if (uri.getScheme() == null) {
      throw new IllegalArgumentException(
          "'" + w.get(0) + "' is not an absolute URI (http://, https:// or file://)");
    }
    return new AptSource(DnfRepository.withSlash(uri), w.get(1), w.subList(2, w.size()));
  }

  /** {@code URI/dists/SUITE/}. */
  public URI dists() {
    return uri.resolve("dists/" + suite + "/");
  }

  @Override
  public String toString() {
    return uri + " " + suite + " " + String.join(" ", components);
  }
}

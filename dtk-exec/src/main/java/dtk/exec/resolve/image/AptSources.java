package dtk.exec.resolve.image;

import dtk.exec.ExecException;
import dtk.exec.resolve.image.BaseImageRepositories.Entry;
import dtk.exec.resolve.image.BaseImageRepositories.Skipped;
import dtk.exec.resolve.repo.AptSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * apt's source lists, as {@code sources.list(5)} defines them, turned into the {@code "URI SUITE
 * COMPONENT..."} lines {@link AptSource#parse} takes: one-line entries ({@code deb [arch=amd64]
 * http://deb.debian.org/debian bookworm main}) and deb822 {@code .sources} paragraphs (several URIs
 * times several Suites give several lines). Only {@code deb} entries count ({@code deb-src} and
 * disabled ones are what apt itself would not install from); an entry limited to other
 * architectures is left out for this platform; a flat repository or a transport dtk cannot read is
 * reported as skipped.
 */
final class AptSources {
  private AptSources() {}

  /**
   * Collects the entries of one-line {@code file} ({@code /etc/apt/sources.list} or a {@code
   * .list}).
   */
  static void oneLine(
      String where,
      String file,
      String text,
      String debArch,
      List<Entry> out,
      List<Skipped> skipped) {
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = lines[i];
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      int sp = firstSpace(line);
      String type = sp < 0 ? line : line.substring(0, sp);
      String rest = sp < 0 ? "" : line.substring(sp).strip();
      if (!type.equals("deb") && !type.equals("deb-src")) {
        throw bad(where, file, lineNo, "'" + type + "' is not a source type (deb or deb-src)");
      }
      Map<String, String> options = new LinkedHashMap<>();
      if (rest.startsWith("[")) {
        int close = rest.indexOf(']');
        if (close < 0) {
          throw bad(where, file, lineNo, "the options '[' are not closed by ']'");
        }
        for (String opt : rest.substring(1, close).strip().split("\\s+")) {
          int eq = opt.indexOf('=');
          if (eq > 0) {
            options.put(opt.substring(0, eq).toLowerCase(Locale.ROOT), opt.substring(eq + 1));
          }
        }
        rest = rest.substring(close + 1).strip();
      }
      if (type.equals("deb-src")) {
        continue;
      }
      List<String> words = rest.isEmpty() ? List.of() : Arrays.asList(rest.split("\\s+"));
      if (words.size() < 2) {
        throw bad(
            where, file, lineNo, "an entry needs a URI and a suite: 'deb URI SUITE COMPONENT...'");
      }
      List<String> archs =
          options.containsKey("arch") ? Arrays.asList(options.get("arch").split(",")) : null;
      List<String> notArchs =
          options.containsKey("arch-") ? Arrays.asList(options.get("arch-").split(",")) : List.of();
      if (archs != null && !archs.contains(debArch) || notArchs.contains(debArch)) {
        continue; // apt on this platform does not use it either
      }
      if ("no".equalsIgnoreCase(options.get("enabled"))) {
        continue;
      }
      add(
          where,
          file,
          lineNo,
          words.get(0),
          words.get(1),
          words.subList(2, words.size()),
          out,
          skipped);
    }
  }

  /** Collects the entries of a deb822 {@code .sources} file. */
  static void deb822(
      String where,
      String file,
      String text,
      String debArch,
      List<Entry> out,
      List<Skipped> skipped) {
    String[] lines = text.split("\r?\n", -1);
    Map<String, String> fields = new LinkedHashMap<>();
    int start = -1;
    String last = null;
    for (int i = 0; i <= lines.length; i++) {
      String line = i < lines.length ? lines[i] : "";
      if (line.startsWith("#")) {
        continue; // a comment line, also inside a paragraph
      }
      if (line.isBlank()) {
        if (!fields.isEmpty()) {
          paragraph(where, file, start, fields, debArch, out, skipped);
        }
        fields = new LinkedHashMap<>();
        start = -1;
        last = null;
        continue;
      }
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        if (last == null) {
          throw bad(where, file, i + 1, "a continuation line without a field before it");
        }
        fields.put(last, fields.get(last) + "\n" + line.strip());
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw bad(where, file, i + 1, "'" + line.strip() + "' is not a 'Field: value' line");
      }
      if (start < 0) {
        start = i + 1;
      }
      last = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      fields.put(last, line.substring(colon + 1).strip());
    }
  }

  private static void paragraph(
      String where,
      String file,
      int lineNo,
      Map<String, String> f,
      String debArch,
      List<Entry> out,
      List<Skipped> skipped) {
    if (f.containsKey("enabled") && !f.get("enabled").strip().equalsIgnoreCase("yes")) {
      return;
    }
    List<String> types = words(f.get("types"));
    if (types.isEmpty()) {
      throw bad(where, file, lineNo, "the paragraph has no Types field");
    }
    if (!types.contains("deb")) {
      return;
    }
    List<String> archs = words(f.get("architectures"));
    if (!archs.isEmpty() && !archs.contains(debArch)) {
      return;
    }
    List<String> uris = words(f.get("uris"));
    List<String> suites = words(f.get("suites"));
    if (uris.isEmpty() || suites.isEmpty()) {
      throw bad(where, file, lineNo, "the paragraph needs URIs and Suites fields");
    }
    List<String> components = words(f.get("components"));
    for (String uri : uris) {
      for (String suite : suites) {
        add(where, file, lineNo, uri, suite, components, out, skipped);
      }
    }
  }

  private static void add(
      String where,
      String file,
      int lineNo,
      String uri,
      String suite,
      List<String> components,
      List<Entry> out,
      List<Skipped> skipped) {
    String what =
        uri + " " + suite + (components.isEmpty() ? "" : " " + String.join(" ", components));
    if (suite.endsWith("/")) {
      skipped.add(
          new Skipped(
              file,
              lineNo,
              what,
              "a flat repository (a suite ending in /): dtk reads only repositories with dists/"));
      return;
    }
    String scheme =
        uri.indexOf(':') > 0 ? uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT) : "";
    if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
      skipped.add(
          new Skipped(
              file,
              lineNo,
              what,
              "the transport '" + scheme + "' (dtk reads http, https and file URIs)"));
      return;
    }
    if (components.isEmpty()) {
      throw bad(where, file, lineNo, "'" + what + "' names no component (e.g. main)");
    }
    try {
      out.add(new Entry(AptSource.parse(what).toString(), file, lineNo, null));
    } catch (IllegalArgumentException e) {
      throw bad(where, file, lineNo, e.getMessage());
    }
  }

  private static List<String> words(String v) {
    if (v == null || v.isBlank()) {
      return List.of();
    }
    return new ArrayList<>(Arrays.asList(v.strip().split("\\s+")));
  }

  private static int firstSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static ExecException bad(String where, String file, int line, String what) {
    return new ExecException(
        file + ":" + line + " of " + where + ": " + what,
        "fix the image's apt sources, or give kernel.source.repository.urls instead of reading the base image's repositories");
  }
}

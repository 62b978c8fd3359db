package dtk.exec.resolve.image;

import dtk.exec.ExecException;
import dtk.exec.resolve.image.BaseImageRepositories.Entry;
import dtk.exec.resolve.image.BaseImageRepositories.Skipped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dnf's {@code .repo} files (INI: {@code [id]} sections of {@code key=value}, {@code #} and {@code
 * ;} comments, indented continuation lines): each enabled section ({@code enabled} absent means
 * enabled, as for dnf) gives its {@code baseurl}s (several, separated by whitespace or commas),
 * with dnf's variables substituted. A repository with only a {@code mirrorlist} or {@code metalink}
 * is reported as skipped: its URLs come from a mirror service dtk does not ask.
 */
final class DnfRepoFiles {
  /** {@code $name}, {@code ${name}}, {@code ${name:-default}}, {@code ${name:+alternative}}. */
  private static final Pattern VAR =
      Pattern.compile("\\$(?:\\{([A-Za-z0-9_]+)(?::([-+])([^}]*))?\\}|([A-Za-z0-9_]+))");

  private DnfRepoFiles() {}

  /** Collects the baseurls of {@code file}'s enabled repositories. */
  static void parse(
      String where,
      String file,
      String text,
      Map<String, String> vars,
      String varsOrigin,
      List<Entry> out,
      List<Skipped> skipped) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, Integer> sectionLines = new LinkedHashMap<>();
    Map<String, String> current = null;
    String lastKey = null;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String raw = lines[i];
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        lastKey = line.isEmpty() ? null : lastKey;
        continue;
      }
      if (line.startsWith("[")) {
        if (!line.endsWith("]") || line.length() < 3) {
          throw bad(where, file, i + 1, "'" + line + "' is not a section header [id]");
        }
        String id = line.substring(1, line.length() - 1).strip();
        current = new LinkedHashMap<>();
        sections.put(id, current);
        sectionLines.put(id, i + 1);
        lastKey = null;
        continue;
      }
      if ((raw.startsWith(" ") || raw.startsWith("\t")) && lastKey != null && current != null) {
        current.put(lastKey, current.get(lastKey) + "\n" + line);
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw bad(where, file, i + 1, "'" + line + "' is not a key=value line");
      }
      if (current == null) {
        throw bad(where, file, i + 1, "'" + line + "' comes before any [section]");
      }
      lastKey = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      current.put(lastKey, line.substring(eq + 1).strip());
    }
    for (Map.Entry<String, Map<String, String>> s : sections.entrySet()) {
      String id = s.getKey();
      if (id.equals("main")) {
        continue; // options for dnf, not a repository
      }
      Map<String, String> kv = s.getValue();
      int lineNo = sectionLines.get(id);
      if (!enabled(kv.getOrDefault("enabled", "1"))) {
        continue;
      }
      List<String> urls = new ArrayList<>();
      for (String u : kv.getOrDefault("baseurl", "").split("[\\s,]+")) {
        if (!u.isBlank()) {
          urls.add(u);
        }
      }
      if (urls.isEmpty()) {
        String service =
            kv.containsKey("metalink")
                ? "metalink=" + kv.get("metalink")
                : kv.containsKey("mirrorlist") ? "mirrorlist=" + kv.get("mirrorlist") : null;
        skipped.add(
            new Skipped(
                file,
                lineNo,
                "[" + id + "]",
                service != null
                    ? "only "
                        + service
                        + ": its URLs come from a mirror service dtk does not contact; give the repository's baseurl in kernel.source.repository.urls"
                    : "no baseurl, mirrorlist or metalink"));
        continue;
      }
      for (String u : urls) {
        String url = expand(where, file, lineNo, id, u, vars, varsOrigin);
        try {
          URI uri = new URI(url);
          if (uri.getScheme() == null) {
            throw bad(
                where, file, lineNo, "[" + id + "] baseurl '" + url + "' is not an absolute URL");
          }
        } catch (URISyntaxException e) {
          throw bad(
              where,
              file,
              lineNo,
              "[" + id + "] baseurl '" + url + "' is not a URL: " + e.getMessage());
        }
        out.add(new Entry(url, file, lineNo, id));
      }
    }
  }

  private static boolean enabled(String v) {
    switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "0":
      case "no":
      case "false":
      case "off":
        return false;
      default:
        return true;
    }
  }

  /**
   * Substitutes dnf variables; an unknown one is an error naming the file, the repository and the
   * variable.
   */
  static String expand(
      String where,
      String file,
      int line,
      String id,
      String url,
      Map<String, String> vars,
      String varsOrigin) {
    Matcher m = VAR.matcher(url);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(4);
      String value = vars.get(name);
      String replacement;
      if (m.group(2) != null) {
        boolean set = value != null && !value.isEmpty();
        replacement = m.group(2).equals("-") ? (set ? value : m.group(3)) : (set ? m.group(3) : "");
      } else if (value == null) {
        String why =
            name.equals("releasever")
                ? " (the image's os-release has no VERSION_ID and /etc/dnf/vars no releasever)"
                : " (known: " + String.join(", ", vars.keySet()) + "; " + varsOrigin + ")";
        throw new ExecException(
            file
                + ":"
                + line
                + " of "
                + where
                + ": ["
                + id
                + "] baseurl "
                + url
                + " uses $"
                + name
                + ", which is not defined"
                + why,
            "add /etc/dnf/vars/"
                + name
                + " to the image, or give kernel.source.repository.urls instead of reading the base image's repositories");
      } else {
        replacement = value;
      }
      m.appendReplacement(b, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(b);
    return b.toString();
  }

  private static ExecException bad(String where, String file, int line, String what) {
    return new ExecException(
        file + ":" + line + " of " + where + ": " + what,
        "fix the image's repo file, or give kernel.source.repository.urls instead of reading the base image's repositories");
  }
}

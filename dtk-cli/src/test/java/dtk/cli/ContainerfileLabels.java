package dtk.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels a Containerfile's LABEL instructions give an image, read as buildah and BuildKit read
 * them: lines joined at a trailing {@code \}, words split at blanks, inside double quotes {@code
 * \"}, {@code \\} and {@code \$} stand for the character and any other {@code \} is kept; an
 * unescaped {@code $} would be expanded, so it fails the parse here.
 */
final class ContainerfileLabels {
  private ContainerfileLabels() {}

  static Map<String, String> parse(String containerfile) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] lines = containerfile.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].startsWith("LABEL ")) {
        continue;
      }
      StringBuilder joined = new StringBuilder();
      String line = lines[i];
      while (line.matches("(?s).*\\\\[ \t]*$") && i + 1 < lines.length) {
        joined.append(line, 0, line.lastIndexOf('\\'));
        line = lines[++i];
      }
      joined.append(line);
      words(joined.substring("LABEL ".length()), out);
    }
    return out;
  }

  private static void words(String s, Map<String, String> out) {
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
      if (i >= s.length()) {
        return;
      }
      int eq = s.indexOf('=', i);
      String key = s.substring(i, eq);
      i = eq + 1;
      StringBuilder v = new StringBuilder();
      if (s.charAt(i) == '"') {
        i++;
        while (s.charAt(i) != '"') {
          char c = s.charAt(i);
          if (c == '$') {
            throw new IllegalStateException("unescaped $ in the value of " + key + ": " + s);
          }
          if (c == '\\' && "\"\\$".indexOf(s.charAt(i + 1)) >= 0) {
            v.append(s.charAt(i + 1));
            i += 2;
            continue;
          }
          v.append(c);
          i++;
        }
        i++;
      } else {
        while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
          v.append(s.charAt(i++));
        }
      }
      out.put(key, v.toString());
    }
  }
}

package dtk.spec;

import java.util.Collection;

/** "Did you mean" by edit distance: the one edit-distance implementation of dtk. */
public final class Suggest {
  private Suggest() {}

  /** The closest candidate within a small distance, or null. */
  public static String closest(String word, Collection<String> candidates) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    int limit = Math.max(1, Math.min(3, word.length() / 3 + 1));
    for (String c : candidates) {
      int d =
          distance(word.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
      if (d < bestD && d <= limit) {
        best = c;
        bestD = d;
      }
    }
    return best;
  }

  public static String didYouMean(String word, Collection<String> candidates) {
    String c = closest(word, candidates);
    return c == null ? "" : " (did you mean '" + c + "'?)";
  }

  /** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
  static int distance(String a, String b) {
    return distance(a, b, true);
  }

  /** Levenshtein distance: insertions, deletions and substitutions, each costing 1. */
  public static int levenshtein(String a, String b) {
    return distance(a, b, false);
  }

  private static int distance(String a, String b, boolean transpositions) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (transpositions
            && i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}

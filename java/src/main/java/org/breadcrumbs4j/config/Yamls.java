// Yamls.java — small helpers shared by the config parsers: mapping keys and "did you mean" distance.
package org.breadcrumbs4j.config;

/** Helpers over the plain objects YamlReader returns. */
final class Yamls {
  private Yamls() {}

  /** A mapping key as a string; YAML 1.1 turns `on:`/`yes:` into booleans and `1:` into numbers. */
  static String key(Object key, String path) {
    if (key instanceof String s) {
      return s;
    }
    String where = path.isEmpty() ? "" : path;
    throw ConfigException.at(where, "keys must be strings, got " + ParamParser.describe(key)
        + (key instanceof Boolean ? " (YAML 1.1 reads yes/no/on/off as booleans; quote the key)" : ""));
  }

  /** Levenshtein distance, for suggestions on misspelt names. */
  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}

// ConfigWarnings.java — derives the non-fatal notes of a MergeConfig (ignored parameters etc.);
// MergeConfig.warnings() exposes them and load/parse log them once.
package org.breadcrumbs4j.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Legal-but-suspicious settings, as one human-readable line each. */
final class ConfigWarnings {
  private ConfigWarnings() {}

  static List<String> of(MergeConfig c) {
    List<String> out = new ArrayList<>();
    check(c, c.globals(), "parameters", out);
    for (ModelEntry m : c.models()) {
      check(c, m.params(), m.keyPath() + ".parameters", out);
    }
    if (c.method().uses(Param.K) && c.globals().get("k") instanceof ParamValue.Whole k
        && k.value() > c.models().size()) {
      out.add("parameters.k: " + k.value() + " exceeds the number of merged models (" + c.models().size()
          + "), so no element can reach it and every tensor stays equal to the base");
    }
    return List.copyOf(out);
  }

  /** mergekit takes the first match, so entries after a filter-less one never apply. */
  private static void unreachableEntries(ParamValue v, String path, List<String> out) {
    if (v instanceof ParamValue.Filtered f) {
      for (int i = 0; i < f.entries().size() - 1; i++) {
        if (f.entries().get(i).filter().isEmpty()) {
          out.add(path + "[" + (i + 1) + "]: never used; entry " + i
              + " has no filter and matches every tensor (put the fallback last)");
          return;
        }
      }
    }
  }

  private static void check(MergeConfig c, Map<String, ParamValue> params, String path, List<String> out) {
    for (String name : params.keySet()) {
      Param p = Param.fromYaml(name).orElseThrow();
      unreachableEntries(params.get(name), path + "." + name, out);
      if (p == Param.EPSILON) {
        out.add(path + ".epsilon: reserved, has no effect");
      } else if (p != Param.INT8_MASK && !c.method().uses(p)) {
        out.add(path + "." + name + ": not used by merge_method " + c.method().yamlName() + "; ignored");
      }
    }
  }
}

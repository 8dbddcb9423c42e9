// Dtypes.java — validates `dtype` / `out_dtype` names and maps aliases to one torch name; the engine
// maps those four names onto its I/O dtype enum.
package org.breadcrumbs4j.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The floating dtype names a config may use. */
public final class Dtypes {
  /** Canonical torch names the engine sees. */
  public static final String FLOAT32 = "float32";
  public static final String FLOAT16 = "float16";
  public static final String BFLOAT16 = "bfloat16";
  public static final String FLOAT64 = "float64";

  // torch names, torch's own aliases (float, half, double) and the short forms mergekit users write.
  private static final Map<String, String> ALIASES = Map.ofEntries(
      Map.entry("float32", FLOAT32), Map.entry("fp32", FLOAT32), Map.entry("float", FLOAT32),
      Map.entry("float16", FLOAT16), Map.entry("fp16", FLOAT16), Map.entry("half", FLOAT16),
      Map.entry("bfloat16", BFLOAT16), Map.entry("bf16", BFLOAT16),
      Map.entry("float64", FLOAT64), Map.entry("double", FLOAT64));

  private Dtypes() {}

  /** The canonical name for {@code name} (an optional {@code torch.} prefix is allowed), if known. */
  public static Optional<String> canonical(String name) {
    String n = name.startsWith("torch.") ? name.substring("torch.".length()) : name;
    return Optional.ofNullable(ALIASES.get(n));
  }

  static String parse(Object node, String path) {
    if (node instanceof String s) {
      Optional<String> c = canonical(s);
      if (c.isPresent()) {
        return c.get();
      }
      String hint = canonical(s.toLowerCase(Locale.ROOT)).isPresent() ? " (names are lower case)" : "";
      throw ConfigException.at(path, "unknown dtype '" + s + "'" + hint
          + "; use float32, float16, bfloat16 or float64 (or fp32, fp16, bf16, half, float, double)");
    }
    throw ConfigException.at(path, "must be a dtype name such as bfloat16, got " + ParamParser.describe(node));
  }
}

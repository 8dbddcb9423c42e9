// ParamParser.java — YAML `parameters` blocks (global or per model) → validated ParamValues;
// called by ConfigParser, so every name, kind and range error surfaces before any weight is read.
package org.breadcrumbs4j.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parses parameter blocks; every error names its key path. */
final class ParamParser {
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  private ParamParser() {}

  /**
   * Parses a {@code parameters} mapping.
   *
   * @param node     the YAML value (null = no parameters)
   * @param path     key path of the block, e.g. {@code models[1].parameters}
   * @param perModel true under {@code models[i]}: global-only parameters are then errors
   */
  static Map<String, ParamValue> parseBlock(Object node, String path, boolean perModel) {
    Map<String, ParamValue> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    if (!(node instanceof Map<?, ?> map)) {
      throw ConfigException.at(path, "must be a mapping of parameter names to values, got " + describe(node));
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String name = Yamls.key(e.getKey(), path);
      String keyPath = path + "." + name;
      Param p = Param.fromYaml(name).orElseThrow(() -> ConfigException.at(keyPath,
          "unknown parameter" + suggestion(name) + "; known parameters: " + Param.allNames()));
      if (perModel && p.globalOnly()) {
        throw ConfigException.at(keyPath, "'" + name
            + "' is a global parameter; set it under the top-level 'parameters', not per model");
      }
      out.put(name, parse(p, e.getValue(), keyPath));
    }
    return out;
  }

  /** A scalar, a gradient (REAL only) or a filter list of those. */
  static ParamValue parse(Param p, Object node, String path) {
    if (node instanceof List<?> list) {
      if (list.isEmpty()) {
        throw ConfigException.at(path, "empty list; give a value, a gradient [a, b, ...] or filter entries");
      }
      if (list.stream().allMatch(x -> x instanceof Map)) {
        List<ParamValue.Filtered.Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          entries.add(parseEntry(p, (Map<?, ?>) list.get(i), path + "[" + i + "]"));
        }
        return new ParamValue.Filtered(entries);
      }
    }
    return parseLeaf(p, node, path);
  }

  private static ParamValue.Filtered.Entry parseEntry(Param p, Map<?, ?> map, String path) {
    Optional<String> filter = Optional.empty();
    boolean hasValue = false;
    ParamValue value = null;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = Yamls.key(e.getKey(), path);
      switch (key) {
        case "filter" -> {
          Object f = e.getValue();
          if (f != null && !(f instanceof String)) {
            throw ConfigException.at(path + ".filter", "must be a string (a substring of tensor names), got " + describe(f));
          }
          // mergekit: no filter and filter "*" both match every tensor.
          filter = f == null || f.equals("*") ? Optional.empty() : Optional.of((String) f);
        }
        case "value" -> {
          hasValue = true;
          Object v = e.getValue();
          if (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof Map)) {
            throw ConfigException.at(path + ".value", "filter lists do not nest; give a value or a gradient");
          }
          value = parseLeaf(p, v, path + ".value");
        }
        default -> throw ConfigException.at(path + "." + key, "unknown key in a filter entry; expected 'filter' and 'value'");
      }
    }
    if (!hasValue) {
      throw ConfigException.at(path, "filter entry without 'value'");
    }
    return new ParamValue.Filtered.Entry(filter, value);
  }

  private static ParamValue parseLeaf(Param p, Object node, String path) {
    if (node instanceof Map) {
      // mergekit's schema allows a bare {filter, value} mapping but cannot evaluate it; ask for a list.
      throw ConfigException.at(path, "got a mapping; filter entries go in a list ('- filter: ...' / '  value: ...')");
    }
    if (p.kind() != Param.Kind.REAL && node instanceof List) {
      throw ConfigException.at(path, "must be a single value or a filter list; gradients apply to real-valued parameters only");
    }
    return switch (p.kind()) {
      case REAL -> parseReal(p, node, path);
      case INT -> {
        long v = integer(node, path, "a non-negative integer");
        if (v < 0 || v > Integer.MAX_VALUE) {
          throw ConfigException.at(path, "must be an integer in [0, " + Integer.MAX_VALUE + "], got " + node);
        }
        yield new ParamValue.Whole(v);
      }
      case INT64 -> new ParamValue.Whole(integer(node, path, "a 64-bit integer"));
      case BOOL -> {
        if (!(node instanceof Boolean b)) {
          throw ConfigException.at(path, "must be a boolean (true or false), got " + describe(node));
        }
        yield new ParamValue.Flag(b);
      }
      case SCOPE -> {
        Optional<Scope> s = node instanceof String str ? Scope.fromYaml(str) : Optional.empty();
        yield new ParamValue.ScopeValue(s.orElseThrow(
            () -> ConfigException.at(path, "must be 'tensor' or 'row', got " + describe(node))));
      }
    };
  }

  private static ParamValue parseReal(Param p, Object node, String path) {
    if (node instanceof List<?> list) {
      List<Double> points = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        points.add(real(p, list.get(i), path + "[" + i + "]"));
      }
      return new ParamValue.Gradient(points);
    }
    return new ParamValue.Scalar(real(p, node, path));
  }

  private static double real(Param p, Object node, String path) {
    if (!isNumber(node)) {
      String hint = node instanceof List ? " (gradients are flat lists of numbers)" : "";
      throw ConfigException.at(path, "must be a number, got " + describe(node) + hint);
    }
    double v = ((Number) node).doubleValue();
    String problem = p.checkReal(v);
    if (problem != null) {
      throw ConfigException.at(path, problem);
    }
    return v;
  }

  /** Integers only (2 and not 2.0, as a typo guard); [2^63, 2^64) wraps to the two's-complement long. */
  private static long integer(Object node, String path, String what) {
    if (node instanceof Integer || node instanceof Long) {
      return ((Number) node).longValue();
    }
    if (node instanceof BigInteger big) {
      if (big.bitLength() <= 63) {
        return big.longValue();
      }
      if (big.signum() > 0 && big.compareTo(TWO_64) < 0) {
        return big.longValue();
      }
      throw ConfigException.at(path, "must be " + what + " in [-2^63, 2^64), got " + big);
    }
    if (node instanceof List) {
      throw ConfigException.at(path, "must be " + what + "; gradients apply to real-valued parameters only");
    }
    throw ConfigException.at(path, "must be " + what + ", got " + describe(node));
  }

  /** YAML 1.1 numbers; booleans are Java Booleans, not Numbers, so `weight: yes` is rejected. */
  static boolean isNumber(Object o) {
    return o instanceof Integer || o instanceof Long || o instanceof BigInteger || o instanceof Double;
  }

  static String describe(Object o) {
    if (o == null) {
      return "nothing (null)";
    }
    if (o instanceof String s) {
      return "string '" + s + "'";
    }
    if (o instanceof Boolean b) {
      return "boolean " + b;
    }
    if (isNumber(o)) {
      return "number " + o;
    }
    if (o instanceof Map) {
      return "a mapping";
    }
    if (o instanceof List) {
      return "a list";
    }
    return "a value of YAML type " + o.getClass().getSimpleName();
  }

  /** " (did you mean 'density'?)" for names within edit distance 2 of a known one. */
  private static String suggestion(String name) {
    for (Param p : Param.values()) {
      // Short names ("k") are too close to everything to suggest.
      if (p.yamlName().length() >= 4 && Yamls.editDistance(name, p.yamlName()) <= 2) {
        return " (did you mean '" + p.yamlName() + "'?)";
      }
    }
    return "";
  }
}

// Param.java — the registry of parameter names: value kind, where each may be set, its range.
// ParamParser checks YAML values against it; ParamResolver re-checks per tensor and fills defaults.
package org.breadcrumbs4j.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every parameter breadcrumbs4j knows (SPEC "Parameters"). A name outside this list is a
 * configuration error, so a typo such as {@code densty} never passes silently.
 */
public enum Param {
  WEIGHT("weight", Kind.REAL, false),
  DENSITY("density", Kind.REAL, false),
  GAMMA("gamma", Kind.REAL, false),
  /** Reserved (mergekit's della uses it): accepted and range-checked, no effect. */
  EPSILON("epsilon", Kind.REAL, false),
  TALL_LAMBDA("tall_lambda", Kind.REAL, false),
  SCOPE("scope", Kind.SCOPE, false),
  LAMBDA("lambda", Kind.REAL, true),
  NORMALIZE("normalize", Kind.BOOL, true),
  RESCALE("rescale", Kind.BOOL, true),
  K("k", Kind.INT, true),
  SEED("seed", Kind.INT64, true),
  /** mergekit's memory-saving option; accepted for compatibility, no effect. */
  INT8_MASK("int8_mask", Kind.BOOL, true);

  /** The shape of a parameter's value. */
  public enum Kind {
    /** binary64 number; the only kind that may be a layer-depth gradient. */
    REAL,
    /** integer in [0, 2^31). */
    INT,
    /** 64-bit integer; values in [2^63, 2^64) are taken as their two's-complement long. */
    INT64,
    /** YAML boolean (YAML 1.1: true/false/yes/no/on/off, as PyYAML); 0 and 1 are not booleans. */
    BOOL,
    /** {@code tensor} or {@code row}. */
    SCOPE
  }

  private final String yamlName;
  private final Kind kind;
  private final boolean globalOnly;

  Param(String yamlName, Kind kind, boolean globalOnly) {
    this.yamlName = yamlName;
    this.kind = kind;
    this.globalOnly = globalOnly;
  }

  public String yamlName() {
    return yamlName;
  }

  public Kind kind() {
    return kind;
  }

  /** True for parameters that only make sense once per merge (set under top-level {@code parameters}). */
  public boolean globalOnly() {
    return globalOnly;
  }

  public static Optional<Param> fromYaml(String name) {
    for (Param p : values()) {
      if (p.yamlName.equals(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  static String allNames() {
    return Arrays.stream(values()).map(Param::yamlName).collect(Collectors.joining(", "));
  }

  /**
   * Range check of a REAL value; null when fine, else the problem ("must be in (0, 1], got 1.5").
   * Non-finite values are always rejected: they would poison every element they touch.
   */
  String checkReal(double v) {
    if (!Double.isFinite(v)) {
      return "must be a finite number, got " + fmt(v);
    }
    return switch (this) {
      // The kernels divide by f32(density) (DARE rescale): it must not round to 0.
      case DENSITY -> v > 0 && v <= 1 ? ((float) v > 0 ? null : "must not round to 0 in binary32, got " + fmt(v))
          : "must be in (0, 1], got " + fmt(v);
      case GAMMA -> v >= 0 && v < 1 ? null : "must be in [0, 1), got " + fmt(v);
      case TALL_LAMBDA -> v < 0 ? "must be >= 0, got " + fmt(v) : binary32(v);
      case EPSILON -> v >= 0 ? null : "must be >= 0, got " + fmt(v);
      case WEIGHT, LAMBDA -> binary32(v);
      default -> null;
    };
  }

  /** Kernels compute with f32(value) (SPEC: binary32): a value that overflows it would give Inf. */
  private static String binary32(double v) {
    return Float.isInfinite((float) v)
        ? "must be within binary32 range (|x| <= " + Float.MAX_VALUE + "), got " + fmt(v) : null;
  }

  /** Integral values print without ".0" so messages echo what the user typed. */
  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return (v == 0 && 1 / v < 0) ? "-0" : Long.toString((long) v);
    }
    return Double.toString(v);
  }
}

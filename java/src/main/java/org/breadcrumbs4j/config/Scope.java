// Scope.java — the ranking unit of magnitude-based sparsification (SPEC "Magnitude ranking").
package org.breadcrumbs4j.config;

/** Ranking unit for top-k and breadcrumbs masks; YAML {@code scope: tensor|row}. */
public enum Scope {
  /** The whole tensor is one ranking unit (default, as mergekit). */
  TENSOR,
  /** Each row along the last dimension is a ranking unit (as the breadcrumbs authors' code). */
  ROW;

  public String yamlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses a YAML value; empty when it is neither {@code tensor} nor {@code row}. */
  static java.util.Optional<Scope> fromYaml(String s) {
    for (Scope scope : values()) {
      if (scope.yamlName().equals(s)) {
        return java.util.Optional.of(scope);
      }
    }
    return java.util.Optional.empty();
  }
}

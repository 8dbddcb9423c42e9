// MergeMethod.java — the merge methods a config may name, mapped onto kernel Combine + Sparsify,
// with which parameters each one reads and its mergekit defaults.
package org.breadcrumbs4j.config;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.breadcrumbs4j.kernel.Combine;

/** A {@code merge_method} value (SPEC "Combination"). */
public enum MergeMethod {
  TASK_ARITHMETIC(Combine.SUM, Sparsify.NONE),
  BREADCRUMBS(Combine.SUM, Sparsify.BREADCRUMBS),
  BREADCRUMBS_TIES(Combine.TIES, Sparsify.BREADCRUMBS),
  TIES(Combine.TIES, Sparsify.TOP_K),
  DARE_LINEAR(Combine.SUM, Sparsify.DARE),
  DARE_TIES(Combine.TIES, Sparsify.DARE),
  LINEAR(Combine.LINEAR, Sparsify.NONE),
  CONSENSUS_TA(Combine.CONSENSUS_SUM, Sparsify.NONE),
  CONSENSUS_TIES(Combine.CONSENSUS_TIES, Sparsify.TOP_K);

  /** mergekit methods we recognise but do not implement: named in the error so users know why. */
  private static final Set<String> MERGEKIT_ONLY = Set.of(
      "slerp", "nuslerp", "passthrough", "model_stock", "della", "della_linear", "sce", "karcher",
      "nearswap", "arcee_fusion", "multislerp", "ram", "core_space");

  private final Combine combine;
  private final Sparsify sparsify;

  MergeMethod(Combine combine, Sparsify sparsify) {
    this.combine = combine;
    this.sparsify = sparsify;
  }

  public String yamlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses {@code merge_method}; exact, case-sensitive names as in mergekit. */
  public static MergeMethod fromYaml(String name) {
    for (MergeMethod m : values()) {
      if (m.yamlName().equals(name)) {
        return m;
      }
    }
    String supported = Arrays.stream(values()).map(MergeMethod::yamlName).collect(Collectors.joining(", "));
    String why = MERGEKIT_ONLY.contains(name) ? "mergekit method '" + name + "' is not implemented by breadcrumbs4j"
        : "unknown merge method '" + name + "'";
    throw ConfigException.at("merge_method", why + "; supported: " + supported);
  }

  public Combine combine() {
    return combine;
  }

  public Sparsify sparsify() {
    return sparsify;
  }

  /** Every method works on task vectors d = ft - base except linear, which averages models directly. */
  public boolean needsBase() {
    return this != LINEAR;
  }

  /** mergekit's defaults: true for ties, consensus_ties (via ties) and linear. */
  public boolean defaultNormalize() {
    return this == TIES || this == CONSENSUS_TIES || this == LINEAR;
  }

  /**
   * Whether this method reads the parameter. A parameter it does not read is accepted with a
   * warning (see {@link MergeConfig#warnings()}) and resolved to its neutral default: the same
   * config file can then be tried with several methods, while a misspelt name is still an error.
   */
  public boolean uses(Param p) {
    return switch (p) {
      case WEIGHT -> true;
      case DENSITY -> sparsify != Sparsify.NONE;
      case GAMMA -> sparsify == Sparsify.BREADCRUMBS;
      case SCOPE -> sparsify.ranked();
      case TALL_LAMBDA, K -> combine == Combine.CONSENSUS_SUM || combine == Combine.CONSENSUS_TIES;
      case LAMBDA -> this != LINEAR;
      // SPEC: consensus_ta's T is the plain weighted sum, never divided.
      case NORMALIZE -> this != CONSENSUS_TA;
      case RESCALE, SEED -> sparsify == Sparsify.DARE;
      // Reserved (epsilon) or compatibility-only (int8_mask): read by no method.
      case EPSILON, INT8_MASK -> false;
    };
  }

  /**
   * Default of a REAL parameter for this method. Parameters the method does not read get a
   * neutral value (gamma 0, density 1), so an engine that always applies them changes nothing.
   */
  public double defaultReal(Param p) {
    return switch (p) {
      case WEIGHT, LAMBDA, DENSITY -> 1.0;
      // mergekit's default; with the default density 1 it has no effect (SPEC: rho >= 1 keeps all).
      case GAMMA -> sparsify == Sparsify.BREADCRUMBS ? 0.01 : 0.0;
      case TALL_LAMBDA -> 0.4;
      case EPSILON -> 0.0;
      default -> throw new IllegalArgumentException(p + " is not a real-valued parameter");
    };
  }
}

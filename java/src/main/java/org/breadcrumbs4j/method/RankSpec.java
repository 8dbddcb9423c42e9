// RankSpec.java — a model's magnitude-ranking parameters for one tensor (SPEC "Magnitude ranking").
package org.breadcrumbs4j.method;

/**
 * Density and gamma of a RANK-masked model. ties/magnitude keep ranks [0, n_keep): gamma = 0.
 * breadcrumbs keeps [n_top, n_top + n_keep).
 *
 * @param density  rho in (0, 1]
 * @param gamma    gamma in [0, 1)
 * @param rowScope rank each row along the last dimension instead of the whole tensor
 */
public record RankSpec(double density, double gamma, boolean rowScope) {

  /** Kept rank range [lo, hi) for a unit of n elements, exactly as SPEC computes it (binary64 products). */
  public long[] keptRanks(long n) {
    if (density >= 1.0) {
      return new long[] {0, n};
    }
    long keep = (long) (density * (double) n);
    long top = (long) (gamma * (double) n);
    if (keep + top > n) {
      top = n - keep;
    }
    return new long[] {top, top + keep};
  }
}

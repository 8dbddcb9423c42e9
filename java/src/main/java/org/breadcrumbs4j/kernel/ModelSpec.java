// ModelSpec.java — per-model parameters of one merge kernel call (mirrors bc_model_spec in bc.h).
package org.breadcrumbs4j.kernel;

/**
 * How one model's masked task vector is formed and weighted.
 *
 * @param mask          sparsification
 * @param weight        w_t as binary32
 * @param tallLambda    consensus TALL lambda as binary32
 * @param dareRho       DARE rescale divisor f32(rho)
 * @param dareRescale   DARE: survivors are d / dareRho
 * @param dareThreshold DARE: keep iff (u &gt;&gt;&gt; 11) &lt; dareThreshold (= rho * 2^53, binary64)
 * @param dareHash      DARE: seed ^ splitmix64(t) ^ splitmix64(fnv1a64(name))
 * @param lo            RANK (chunk/point kernels): elements before lo are dropped
 * @param hi            RANK (chunk/point kernels): elements not before hi are dropped
 * @param rankLo        RANK (rows kernel): first kept rank in each row
 * @param rankHi        RANK (rows kernel): end of the kept ranks in each row
 */
public record ModelSpec(
    Mask mask,
    float weight,
    float tallLambda,
    float dareRho,
    boolean dareRescale,
    double dareThreshold,
    long dareHash,
    Bound lo,
    Bound hi,
    long rankLo,
    long rankHi) {

  /** md = d with weight w. */
  public static ModelSpec all(float weight, float tallLambda) {
    return new ModelSpec(Mask.ALL, weight, tallLambda, 1f, false, 0, 0, Bound.NONE_BEFORE, Bound.ALL_BEFORE, 0, Long.MAX_VALUE);
  }

  public ModelSpec withBounds(Bound newLo, Bound newHi) {
    return new ModelSpec(mask, weight, tallLambda, dareRho, dareRescale, dareThreshold, dareHash, newLo, newHi, rankLo, rankHi);
  }

  public ModelSpec withRanks(long newRankLo, long newRankHi) {
    return new ModelSpec(mask, weight, tallLambda, dareRho, dareRescale, dareThreshold, dareHash, lo, hi, newRankLo, newRankHi);
  }
}

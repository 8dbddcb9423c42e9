// Combine.java — how masked task vectors combine per element (SPEC "Combination"); codes match bc_combine.
package org.breadcrumbs4j.kernel;

/** Combination rule of a merge; codes are bc.h's {@code bc_combine}. */
public enum Combine {
  /** task_arithmetic, breadcrumbs, dare_linear: acc = sum w_t*md_t (optionally / W). */
  SUM(0),
  /** ties, breadcrumbs_ties, dare_ties: weighted sign election, disjoint sum, optional / D. */
  TIES(1),
  /** consensus_ta: T = sum w_t*d_t, kept where at least k TALL masks agree. */
  CONSENSUS_SUM(2),
  /** consensus_ties: T = TIES combination, kept where at least k TALL masks agree. */
  CONSENSUS_TIES(3),
  /** linear: acc = sum w_t*ft_t (optionally / W); the output is acc itself. */
  LINEAR(4);

  private final int code;

  Combine(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** True for the modes whose md_t come from a TIES sign election. */
  public boolean ties() {
    return this == TIES || this == CONSENSUS_TIES;
  }
}

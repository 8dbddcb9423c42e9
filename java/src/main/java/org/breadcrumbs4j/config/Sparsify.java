// Sparsify.java — how a merge method thins each task vector before combining; maps to kernel Mask.
package org.breadcrumbs4j.config;

import org.breadcrumbs4j.kernel.Mask;

/** The sparsification step of a merge method (SPEC "Magnitude ranking", "Random drop"). */
public enum Sparsify {
  /** md = d. */
  NONE,
  /** TIES magnitude pruning: keep ranks {@code [0, n_keep)}. */
  TOP_K,
  /** Breadcrumbs: drop the {@code n_top} largest, keep ranks {@code [n_top, n_top + n_keep)}. */
  BREADCRUMBS,
  /** DARE: keep each element with probability density, counter-based generator. */
  DARE;

  /** The kernel mask kind that implements this step. */
  public Mask mask() {
    return switch (this) {
      case NONE -> Mask.ALL;
      case TOP_K, BREADCRUMBS -> Mask.RANK;
      case DARE -> Mask.DARE;
    };
  }

  /** True when elements are ranked by magnitude, so {@code scope} matters. */
  public boolean ranked() {
    return this == TOP_K || this == BREADCRUMBS;
  }
}

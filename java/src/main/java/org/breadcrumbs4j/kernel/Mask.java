// Mask.java — how a model's task vector is sparsified; codes match bc_mask.
package org.breadcrumbs4j.kernel;

/** Sparsification of one model's task vector; codes are bc.h's {@code bc_mask}. */
public enum Mask {
  /** md = d. */
  ALL(0),
  /** Keep by magnitude rank: bounds (chunk and point kernels) or rank range (rows kernel). */
  RANK(1),
  /** DARE random drop with SPEC's counter-based generator. */
  DARE(2);

  private final int code;

  Mask(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}

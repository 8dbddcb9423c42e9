// NonFiniteException.java — a NaN or Inf in an input tensor (SPEC: an error naming input and flat index).
package org.breadcrumbs4j.kernel;

/** Thrown by merge kernels when an input holds NaN or ±Inf. */
public final class NonFiniteException extends RuntimeException {
  private final int input;
  private final long index;

  /**
   * @param input -1 for the base, else the 0-based model position
   * @param index the smallest flat index holding a non-finite value (base first at equal index)
   */
  public NonFiniteException(int input, long index) {
    super((input < 0 ? "base" : "model " + input) + " has a non-finite value (NaN or Inf) at flat index " + index);
    this.input = input;
    this.index = index;
  }

  public int input() {
    return input;
  }

  public long index() {
    return index;
  }
}

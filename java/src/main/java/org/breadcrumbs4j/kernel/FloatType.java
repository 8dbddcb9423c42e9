// FloatType.java — the floating dtypes the kernels read and write; codes match bc_dtype in bc.h.
package org.breadcrumbs4j.kernel;

/** Floating element types understood by the merge kernels (codes are bc.h's {@code bc_dtype}). */
public enum FloatType {
  F32(0, 4),
  F16(1, 2),
  BF16(2, 2),
  F64(3, 8);

  private final int code;
  private final int size;

  FloatType(int code, int size) {
    this.code = code;
    this.size = size;
  }

  /** The bc.h {@code bc_dtype} value. */
  public int code() {
    return code;
  }

  /** Bytes per element. */
  public int size() {
    return size;
  }
}

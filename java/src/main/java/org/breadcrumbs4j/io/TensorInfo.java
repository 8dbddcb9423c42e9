// TensorInfo.java — one tensor as the headers describe it (plan stage); no weights are read to build it.
package org.breadcrumbs4j.io;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A tensor's name, dtype, shape and where its bytes lie: {@code file} from absolute offset
 * {@code dataStart}, {@code byteSize} bytes.
 */
public record TensorInfo(String name, DType dtype, long[] shape, Path file, long dataStart, long byteSize) {

  public TensorInfo {
    shape = shape.clone(); // records expose arrays; keep this one immutable
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of elements (1 for a 0-d tensor). */
  public long numel() {
    return numel(shape);
  }

  /** Product of the dimensions; throws ArithmeticException on overflow. */
  static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
        && file.equals(t.file) && dataStart == t.dataStart && byteSize == t.byteSize;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + " " + dtype + Arrays.toString(shape) + " @" + file.getFileName() + ":" + dataStart + "+" + byteSize;
  }
}

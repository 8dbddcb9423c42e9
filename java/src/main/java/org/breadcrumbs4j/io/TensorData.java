// TensorData.java — zero-copy random access to one tensor's bytes; the reader hands these to the kernels.
package org.breadcrumbs4j.io;

import java.nio.ByteBuffer;

/** A tensor's bytes, mapped; valid until the owning {@link Checkpoint} is closed. */
public interface TensorData {
  /** Largest slice one call returns; ranges of any length up to this fit in one mapping window. */
  int MAX_SLICE = 256 << 20;

  /** Size of the tensor in bytes. */
  long byteSize();

  /**
   * A direct, read-only, little-endian view of {@code [byteOffset, byteOffset + length)} of the tensor,
   * position 0. Thread-safe; {@code length <= MAX_SLICE}.
   */
  ByteBuffer slice(long byteOffset, int length);
}

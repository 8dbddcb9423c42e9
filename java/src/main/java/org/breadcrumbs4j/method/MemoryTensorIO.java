// MemoryTensorIO.java — TensorIO over direct ByteBuffers in memory (the in-memory API and benchmarks).
package org.breadcrumbs4j.method;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.breadcrumbs4j.kernel.FloatType;

/** Tensor inputs and output held in direct buffers (each under 2 GiB). */
public final class MemoryTensorIO implements TensorIO {
  private final ByteBuffer base;
  private final ByteBuffer[] fts;
  private final ByteBuffer out;
  private final int inSize;
  private final int outSize;

  /**
   * @param base   base elements or null (linear merges only)
   * @param fts    one buffer per model
   * @param out    output buffer, written from its position 0
   */
  public MemoryTensorIO(FloatType inType, ByteBuffer base, ByteBuffer[] fts, FloatType outType, ByteBuffer out) {
    this.base = base == null ? null : checkDirect(base, "base");
    this.fts = fts.clone();
    for (int i = 0; i < fts.length; i++) {
      this.fts[i] = checkDirect(fts[i], "model " + i);
    }
    this.out = checkDirect(out, "out");
    this.inSize = inType.size();
    this.outSize = outType.size();
  }

  private static ByteBuffer checkDirect(ByteBuffer b, String what) {
    if (b == null || !b.isDirect()) {
      throw new IllegalArgumentException(what + " must be a direct ByteBuffer");
    }
    return b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  private static ByteBuffer slice(ByteBuffer b, long start, int count, int size) {
    return b.slice(Math.toIntExact(start * size), Math.toIntExact((long) count * size)).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public ByteBuffer base(long start, int count) {
    return base == null ? null : slice(base, start, count, inSize);
  }

  @Override
  public ByteBuffer ft(int t, long start, int count) {
    return slice(fts[t], start, count, inSize);
  }

  @Override
  public ByteBuffer out(long start, int count) {
    return slice(out, start, count, outSize);
  }

  @Override
  public void done(long start, int count, ByteBuffer buf) {}
}

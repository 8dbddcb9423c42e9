// CheckpointTensorIO.java — TensorIO over mapped input checkpoints and the positional output writer.
package org.breadcrumbs4j.exec;

import java.nio.ByteBuffer;
import org.breadcrumbs4j.io.CheckpointWriter;
import org.breadcrumbs4j.io.TensorData;
import org.breadcrumbs4j.method.TensorIO;

/** Inputs are zero-copy slices of mapped files; output chunks go through pooled buffers to the writer. */
final class CheckpointTensorIO implements TensorIO {
  private final String name;
  private final TensorData base;
  private final TensorData[] fts;
  private final CheckpointWriter writer;
  private final BufferPool pool;
  private final int inSize;
  private final int outSize;

  CheckpointTensorIO(String name, TensorData base, TensorData[] fts, int inSize, int outSize, CheckpointWriter writer,
      BufferPool pool) {
    this.name = name;
    this.base = base;
    this.fts = fts;
    this.inSize = inSize;
    this.outSize = outSize;
    this.writer = writer;
    this.pool = pool;
  }

  @Override
  public ByteBuffer base(long start, int count) {
    return base == null ? null : base.slice(start * inSize, count * inSize);
  }

  @Override
  public ByteBuffer ft(int t, long start, int count) {
    return fts[t].slice(start * inSize, count * inSize);
  }

  @Override
  public ByteBuffer out(long start, int count) {
    return pool.take(count * outSize);
  }

  @Override
  public void done(long start, int count, ByteBuffer buf) {
    try {
      buf.position(0).limit(count * outSize);
      writer.write(name, start * outSize, buf);
    } finally {
      pool.give(buf);
    }
  }
}

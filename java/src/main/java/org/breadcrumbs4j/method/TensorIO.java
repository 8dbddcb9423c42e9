// TensorIO.java — where a TensorMerger reads one tensor's inputs and puts its output, chunk by chunk.
package org.breadcrumbs4j.method;

import java.nio.ByteBuffer;

/**
 * Element-addressed access to one tensor's base, fine-tunes and output. Implementations are backed by
 * mapped files (the engine) or by memory (the in-memory API). Methods may be called from several
 * threads at once; a range never exceeds {@link #MAX_CHUNK} elements.
 */
public interface TensorIO {
  /** Largest chunk a merger asks for, in elements (keeps every slice far below 2 GiB). */
  int MAX_CHUNK = 1 << 22;

  /** Base elements [start, start+count) as a direct little-endian buffer at position 0; null when there is no base. */
  ByteBuffer base(long start, int count);

  /** Model t's elements [start, start+count). */
  ByteBuffer ft(int t, long start, int count);

  /** A writable direct buffer for output elements [start, start+count); it stays valid until {@link #done}. */
  ByteBuffer out(long start, int count);

  /** Output elements [start, start+count) in {@code buf} are final (called once per range, in ascending order). */
  void done(long start, int count, ByteBuffer buf);
}

// BufferPool.java — reusable direct buffers for output chunks, so a merge allocates O(threads) buffers.
package org.breadcrumbs4j.exec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Direct buffers of one fixed capacity; larger requests are allocated and dropped after use. */
final class BufferPool {
  private final int capacity;
  private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
  private final AtomicLong outstanding = new AtomicLong();
  private final AtomicLong peak = new AtomicLong();

  BufferPool(int capacity) {
    this.capacity = capacity;
  }

  ByteBuffer take(int bytes) {
    ByteBuffer b = bytes <= capacity ? free.poll() : null;
    if (b == null) {
      b = ByteBuffer.allocateDirect(Math.max(bytes, capacity));
    }
    long now = outstanding.addAndGet(b.capacity());
    peak.accumulateAndGet(now, Math::max);
    b.clear().limit(bytes);
    b.order(ByteOrder.LITTLE_ENDIAN);
    return b; // position 0, limit = bytes: kernels write [0, bytes), the writer writes position..limit
  }

  /** Returns a buffer obtained from {@link #take}. */
  void give(ByteBuffer parent) {
    outstanding.addAndGet(-parent.capacity());
    if (parent.capacity() == capacity) {
      free.offer(parent);
    }
  }

  long peakBytes() {
    return peak.get();
  }
}

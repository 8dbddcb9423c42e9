// Prefetcher.java — gets the next tensor's mapped input pages ready on a background thread (bc_prefetch: kernel
// readahead + page-table population; without the native library, by touching every page), so reading from
// disk (or faulting in page-cache pages) overlaps with the kernels working on the current tensor.
package org.breadcrumbs4j.exec;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.breadcrumbs4j.io.TensorData;
import org.breadcrumbs4j.kernel.Kernels;

/** One page-touching thread; at most one tensor ahead, so it never competes for more than one tensor's pages. */
final class Prefetcher implements AutoCloseable {
  private static final int PAGE = 4096;
  private final ExecutorService exec = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "breadcrumbs-prefetch");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    return t;
  });
  private Future<?> pending;

  /** Starts touching these tensors' bytes; cancels the previous request if it is still running. */
  void prefetch(List<TensorData> tensors) {
    if (pending != null) {
      pending.cancel(true);
    }
    pending = exec.submit(() -> {
      long sink = 0;
      for (TensorData d : tensors) {
        for (long off = 0; off < d.byteSize() && !Thread.currentThread().isInterrupted(); off += TensorData.MAX_SLICE) {
          int len = (int) Math.min(TensorData.MAX_SLICE, d.byteSize() - off);
          ByteBuffer b = d.slice(off, len);
          if (Kernels.prefetch(b)) { // the kernel reads ahead and maps the pages in one call
            continue;
          }
          for (int i = 0; i < len; i += PAGE) {
            sink += b.get(i);
            if ((i & ((PAGE << 8) - 1)) == 0 && Thread.currentThread().isInterrupted()) {
              return sink;
            }
          }
        }
      }
      return sink;
    });
  }

  /** Stops and waits: the mappings it touches are unmapped right after, and touching them then would crash. */
  @Override
  public void close() {
    exec.shutdownNow();
    try {
      while (!exec.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS)) {
        exec.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

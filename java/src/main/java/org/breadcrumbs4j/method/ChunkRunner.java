// ChunkRunner.java — runs per-chunk kernel work on a fixed pool, each task with a borrowed Session.
package org.breadcrumbs4j.method;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.breadcrumbs4j.kernel.MergeKernels;
import org.breadcrumbs4j.kernel.NonFiniteException;

/**
 * A thread pool plus a pool of kernel sessions (one per concurrently running task). Results do not
 * depend on the thread count: tasks write disjoint outputs and integer statistics are summed in order.
 */
final class ChunkRunner implements AutoCloseable {
  interface Task {
    void run(int index, MergeKernels.Session session);
  }

  private final MergeKernels kernels;
  private final int threads;
  private final ExecutorService pool;
  private final ConcurrentLinkedQueue<MergeKernels.Session> idle = new ConcurrentLinkedQueue<>();
  private final List<MergeKernels.Session> opened = new ArrayList<>();

  ChunkRunner(MergeKernels kernels, int threads) {
    this.kernels = kernels;
    this.threads = Math.max(1, threads);
    this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads, r -> {
      Thread th = new Thread(r, "breadcrumbs-worker");
      th.setDaemon(true);
      return th;
    });
  }

  int threads() {
    return threads;
  }

  private MergeKernels.Session borrow() {
    MergeKernels.Session s = idle.poll();
    if (s == null) {
      s = kernels.openSession();
      synchronized (opened) {
        opened.add(s);
      }
    }
    return s;
  }

  /** Runs task(i) for i in [0, count); rethrows the failure of the lowest failing index (deterministic). */
  void run(int count, Task task) {
    if (count == 0) {
      return;
    }
    RuntimeException[] errors = new RuntimeException[count];
    if (pool == null || count == 1) {
      MergeKernels.Session s = borrow();
      try {
        for (int i = 0; i < count; i++) {
          try {
            task.run(i, s);
          } catch (RuntimeException e) {
            errors[i] = e;
          }
        }
      } finally {
        idle.offer(s);
      }
    } else {
      List<Future<?>> futures = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        final int idx = i;
        futures.add(pool.submit(() -> {
          MergeKernels.Session s = borrow();
          try {
            task.run(idx, s);
          } catch (RuntimeException e) {
            errors[idx] = e;
          } finally {
            idle.offer(s);
          }
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while merging", e);
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      }
    }
    rethrowFirst(errors);
  }

  /** Chunks run in index order, so the lowest failing chunk holds the smallest bad flat index. */
  private static void rethrowFirst(RuntimeException[] errors) {
    NonFiniteException best = null;
    for (RuntimeException e : errors) {
      if (e instanceof NonFiniteException nf) {
        if (best == null || nf.index() < best.index() || (nf.index() == best.index() && nf.input() < best.input())) {
          best = nf;
        }
      }
    }
    if (best != null) {
      throw best;
    }
    for (RuntimeException e : errors) {
      if (e != null) {
        throw e;
      }
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
    synchronized (opened) {
      for (MergeKernels.Session s : opened) {
        s.close();
      }
      opened.clear();
    }
    idle.clear();
  }
}

// PeerBreadcrumbs.java — the peer baseline: Model Breadcrumbs as a JVM user would write it without breadcrumbs4j,
// the way mergekit does it (per model: task vector, full sort by magnitude, mask a rank slice, accumulate).
package org.breadcrumbs4j.bench.support;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.breadcrumbs4j.kernel.FloatType;

/**
 * Sort-based breadcrumbs (sum combine, no normalize) with SPEC semantics, so its output must equal
 * TensorMerger's bit for bit. Ordering by (|d| descending, index ascending) is one primitive sort of packed
 * longs ((0x7FFFFFFF - key) &lt;&lt; 32 | index): the fastest straightforward form (boxed comparators are ~10x
 * slower), which keeps the published speed-up honest. Models are ranked in parallel on the given pool (the same
 * thread count as the merges it is compared with); accumulation runs in config order as SPEC requires.
 */
public final class PeerBreadcrumbs {
  private PeerBreadcrumbs() {}

  public static void merge(FloatType type, ByteBuffer base, ByteBuffer[] fts, int n, float[] weights, double density,
      double gamma, float lambda, ByteBuffer out, ExecutorService pool, int threads) {
    int models = fts.length;
    boolean[][] kept = new boolean[models][];
    List<Future<?>> jobs = new ArrayList<>();
    for (int t = 0; t < models; t++) {
      int m = t;
      jobs.add(pool.submit(() -> kept[m] = mask(type, base, fts[m], n, density, gamma)));
    }
    join(jobs);
    jobs.clear();
    int per = (n + threads - 1) / threads;
    for (int s = 0; s < n; s += per) {
      int from = s;
      int to = Math.min(n, s + per);
      jobs.add(pool.submit(() -> {
        ByteBuffer o = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < to; i++) {
          float b = Codec.get(type, base, i);
          float acc = 0f;
          for (int t = 0; t < models; t++) {
            float d = Codec.get(type, fts[t], i) - b;
            acc = acc + weights[t] * (kept[t][i] ? d : 0f);
          }
          Codec.put(type, o, i, b + lambda * acc);
        }
      }));
    }
    join(jobs);
  }

  private static boolean[] mask(FloatType type, ByteBuffer base, ByteBuffer ft, int n, double density, double gamma) {
    long[] order = new long[n];
    for (int i = 0; i < n; i++) {
      float d = Codec.get(type, ft, i) - Codec.get(type, base, i);
      long key = Float.floatToRawIntBits(d) & 0x7FFFFFFFL;
      order[i] = ((0x7FFFFFFFL - key) << 32) | i;
    }
    Arrays.sort(order);
    long[] r = Oracle.keptRanks(density, gamma, n);
    boolean[] kept = new boolean[n];
    for (long k = r[0]; k < r[1]; k++) {
      kept[(int) order[(int) k]] = true;
    }
    return kept;
  }

  private static void join(List<Future<?>> jobs) {
    try {
      for (Future<?> f : jobs) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}

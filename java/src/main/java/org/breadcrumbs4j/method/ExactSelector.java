// ExactSelector.java — exact rank boundaries of a ranking unit by streamed radix selection over chunks.
package org.breadcrumbs4j.method;

import java.util.List;
import org.breadcrumbs4j.kernel.Bound;
import org.breadcrumbs4j.kernel.FloatType;
import org.breadcrumbs4j.kernel.MergeKernels;

/**
 * Radix selection on keys (bits of |d|): a histogram of the high 16 bits, then of the low 16 bits inside
 * the boundary's bin, then per-chunk counts of the boundary key to place the index cut. Memory is
 * independent of the unit size; every pass reads base and the models' fine-tunes once.
 */
final class ExactSelector {
  /** One boundary to resolve: model t, rank r (0 < r < n), slot 0 (lo) or 1 (hi). */
  record Request(int model, long rank, int slot) {}

  private ExactSelector() {}

  static Bound[] select(ChunkRunner runner, FloatType type, TensorIO io, List<long[]> chunks, List<Request> reqs) {
    int q = reqs.size();
    Bound[] out = new Bound[q];
    if (q == 0) {
      return out;
    }
    // Pass 1: high 16 bits.
    long[][] high = new long[q][];
    histogram(runner, type, io, chunks, reqs, high, null);
    int[] hiBin = new int[q];
    long[] above = new long[q];
    for (int i = 0; i < q; i++) {
      long r = reqs.get(i).rank();
      long cum = 0;
      int h = 0xFFFF;
      while (h > 0 && cum + high[i][h] <= r) {
        cum += high[i][h];
        h--;
      }
      hiBin[i] = h;
      above[i] = cum;
    }
    // Pass 2: low 16 bits inside the bin.
    long[][] low = new long[q][];
    histogram(runner, type, io, chunks, reqs, low, hiBin);
    int[] key = new int[q];
    for (int i = 0; i < q; i++) {
      long r = reqs.get(i).rank();
      long cum = above[i];
      int l = 0xFFFF;
      while (l > 0 && cum + low[i][l] <= r) {
        cum += low[i][l];
        l--;
      }
      key[i] = (hiBin[i] << 16) | l;
      above[i] = cum; // elements with key > key[i]
    }
    // Pass 3: per-chunk counts of the boundary key, then the exact index inside the crossing chunk.
    int nc = chunks.size();
    long[][] eq = new long[q][nc];
    runner.run(nc, (c, s) -> {
      long[] ch = chunks.get(c);
      int count = (int) ch[1];
      for (int i = 0; i < q; i++) {
        long[] counts = new long[2];
        s.keyCount(type, io.base(ch[0], count), io.ft(reqs.get(i).model(), ch[0], count), count, key[i], counts);
        eq[i][c] = counts[1];
      }
    });
    for (int i = 0; i < q; i++) {
      long need = reqs.get(i).rank() - above[i];
      int c = 0;
      while (need >= eq[i][c]) {
        need -= eq[i][c];
        c++;
      }
      long[] ch = chunks.get(c);
      long off = findIn(runner, type, io, ch, reqs.get(i).model(), key[i], need);
      out[i] = Bound.exact(key[i], ch[0] + off);
    }
    return out;
  }

  private static long findIn(ChunkRunner runner, FloatType type, TensorIO io, long[] ch, int model, int key, long c) {
    long[] result = new long[1];
    runner.run(1, (i, s) -> {
      int count = (int) ch[1];
      result[0] = s.keyFind(type, io.base(ch[0], count), io.ft(model, ch[0], count), count, key, c);
    });
    if (result[0] < 0) {
      throw new IllegalStateException("exact selection: boundary key vanished between passes");
    }
    return result[0];
  }

  /** Fills hists[i] (65536 bins) for every request; with prefixes, only keys whose high half matches. */
  private static void histogram(ChunkRunner runner, FloatType type, TensorIO io, List<long[]> chunks,
      List<Request> reqs, long[][] hists, int[] prefixes) {
    int q = reqs.size();
    for (int i = 0; i < q; i++) {
      hists[i] = new long[1 << 16];
    }
    Object lock = new Object();
    runner.run(chunks.size(), (c, s) -> {
      long[] ch = chunks.get(c);
      int count = (int) ch[1];
      long[] local = new long[1 << 16];
      for (int i = 0; i < q; i++) {
        // Both boundaries of one model share the first pass.
        if (prefixes == null && i > 0 && reqs.get(i - 1).model() == reqs.get(i).model()) {
          continue;
        }
        java.util.Arrays.fill(local, 0);
        if (prefixes == null) {
          s.keyHistogram(type, io.base(ch[0], count), io.ft(reqs.get(i).model(), ch[0], count), count, 32, 0, 16, 0xFFFF, local);
        } else {
          s.keyHistogram(type, io.base(ch[0], count), io.ft(reqs.get(i).model(), ch[0], count), count, 16, prefixes[i], 0, 0xFFFF, local);
        }
        synchronized (lock) {
          long[] h = hists[i];
          for (int b = 0; b < local.length; b++) {
            h[b] += local[b];
          }
        }
      }
    });
    if (prefixes == null) {
      for (int i = 1; i < q; i++) {
        if (reqs.get(i - 1).model() == reqs.get(i).model()) {
          hists[i] = hists[i - 1];
        }
      }
    }
  }
}

// WindowedUnit.java — one large ranking unit merged with sampled windows: fused pass, exact resolution, patch.
package org.breadcrumbs4j.method;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.breadcrumbs4j.kernel.Bound;
import org.breadcrumbs4j.kernel.Chunk;
import org.breadcrumbs4j.kernel.ChunkStats;
import org.breadcrumbs4j.kernel.FloatType;
import org.breadcrumbs4j.kernel.MergeDesc;

/**
 * The windowed path of {@link TensorMerger}. Invariant: after {@link #run} every output element equals
 * what one pass with the exact boundaries writes. Elements the fused pass could not decide (keys inside
 * a window) and chunks whose guessed tie cut was off are recomputed with the exact boundaries; if a
 * sample missed a boundary, the whole unit is recomputed after exact radix selection.
 */
final class WindowedUnit {
  private final ChunkRunner runner;
  private final TensorTask task;
  private final MergeDesc desc;
  private final long u0;
  private final long len;
  private final List<long[]> chunks;
  private final int models;
  private final FloatType in;
  private final TensorIO io;

  WindowedUnit(ChunkRunner runner, TensorTask task, MergeDesc desc, long u0, long len, List<long[]> chunks) {
    this.runner = runner;
    this.task = task;
    this.desc = desc;
    this.u0 = u0;
    this.len = len;
    this.chunks = chunks;
    this.models = desc.modelCount();
    this.in = desc.inType();
    this.io = task.io();
  }

  private Chunk chunk(int c, ByteBuffer out) {
    long[] ch = chunks.get(c);
    return TensorMerger.chunk(io, models, ch[0], (int) ch[1], out);
  }

  private static final boolean TRACE = Boolean.getBoolean("breadcrumbs4j.trace");
  private final java.util.concurrent.atomic.AtomicLong patched = new java.util.concurrent.atomic.AtomicLong();
  private long tMark = System.nanoTime();

  private void mark(String what) {
    if (TRACE) {
      long now = System.nanoTime();
      System.err.printf("  %-10s %7.1f ms%n", what, (now - tMark) / 1e6);
      tMark = now;
    }
  }

  void run(TensorMerger.Totals tot, boolean record, Bound[][] exact) {
    mark("start");
    long[][] ranks = new long[models][];
    for (int t = 0; t < models; t++) {
      if (task.ranks().get(t) != null) {
        ranks[t] = task.ranks().get(t).keptRanks(len);
      }
    }
    // 1. Predict a provisional bound for every boundary that needs selection.
    Bound[][] prov = new Bound[models][2];
    long[] starts = KeySample.blockStarts(u0, len);
    KeySample[] samples = new KeySample[models];
    runner.run(models, (t, s) -> {
      if (exact[t][0] == null || exact[t][1] == null) {
        samples[t] = KeySample.take(s, in, io, t, starts);
      }
    });
    long expected = 0;
    List<ExactSelector.Request> unpredictable = new ArrayList<>();
    for (int t = 0; t < models; t++) {
      for (int k = 0; k < 2; k++) {
        if (exact[t][k] != null) {
          prov[t][k] = exact[t][k];
          continue;
        }
        KeySample.Prediction p = samples[t].predict(ranks[t][k], u0, len);
        if (p == null) {
          unpredictable.add(new ExactSelector.Request(t, ranks[t][k], k));
        } else {
          prov[t][k] = p.bound();
          expected = Math.max(expected, p.expectedCandidates()); // the widest window sizes every slot
        }
      }
    }
    if (!unpredictable.isEmpty()) {
      resolveExactly(unpredictable, exact, prov, tot);
    }
    MergeDesc provDesc = withBounds(prov);
    mark("sample");
    final long expectedTotal = expected;

    // 2. The fused pass; outputs are held until the unit is resolved.
    int nc = chunks.size();
    ChunkStats[] st = new ChunkStats[nc];
    ByteBuffer[] outs = new ByteBuffer[nc];
    runner.run(nc, (c, s) -> {
      long[] ch = chunks.get(c);
      int cap = (int) Math.min(ch[1], 1024 + 5 * (expectedTotal * ch[1] / len) / 4);
      st[c] = new ChunkStats(models, 0, cap);
      outs[c] = io.out(ch[0], (int) ch[1]);
      s.mergeChunk(provDesc, chunk(c, outs[c]), st[c]);
    });
    mark("pass");
    boolean overflow = false;
    for (ChunkStats x : st) {
      overflow |= x.windowOverflowed();
      tot.candidates += x.candidates;
    }

    // 3. Resolve every provisional boundary exactly.
    boolean[] redo = new boolean[nc];
    List<ExactSelector.Request> missed = new ArrayList<>();
    List<int[]> windows = new ArrayList<>();
    for (int t = 0; t < models; t++) {
      for (int k = 0; k < 2; k++) {
        if (exact[t][k] != null) {
          continue;
        }
        Bound p = prov[t][k];
        if (!p.isPoint()) {
          windows.add(new int[] {t, k});
        } else if (!resolvePoint(t, k, ranks[t][k], p, st, exact, redo)) {
          missed.add(new ExactSelector.Request(t, ranks[t][k], k));
        }
      }
    }
    if (!windows.isEmpty()) {
      if (overflow) {
        for (int[] w : windows) {
          missed.add(new ExactSelector.Request(w[0], ranks[w[0]][w[1]], w[1]));
        }
      } else {
        resolveWindows(windows, ranks, prov, st, exact, missed);
      }
    }
    mark("resolve");
    if (TRACE) {
      System.err.printf("  windows=%d missed=%d candidates=%d redoChunks=%d%n", windows.size(), missed.size(),
          java.util.Arrays.stream(st).mapToLong(x -> x.candidates).sum(),
          java.util.stream.IntStream.range(0, nc).filter(i -> redo[i]).count());
    }
    missed.sort((a, b) -> a.model() != b.model() ? Integer.compare(a.model(), b.model()) : Integer.compare(a.slot(), b.slot()));
    boolean redoAll = !missed.isEmpty();
    if (redoAll) {
      resolveExactly(missed, exact, null, tot);
      tot.fallbacks += missed.size();
    }
    if (record) {
      tot.thresholds(exact);
    }
    MergeDesc exactDesc = withBounds(exact);

    // 4. Recompute what the provisional pass could have got wrong, then release the outputs.
    runner.run(nc, (c, s) -> {
      if (redoAll || redo[c]) {
        ChunkStats fresh = new ChunkStats(models, 0);
        s.mergeChunk(exactDesc, chunk(c, outs[c]), fresh);
        st[c] = fresh;
      } else {
        long[] pos = changed(st[c], prov, exact);
        int m = pos.length;
        patched.addAndGet(m);
        if (m == 0) {
          return;
        }
        ChunkStats old = new ChunkStats(models, 0);
        ChunkStats now = new ChunkStats(models, 0);
        Chunk ch = chunk(c, outs[c]);
        // SUM has no per-element statistics to correct (kept counts of ranked models are set exactly below),
        // so the provisional state need not be recounted.
        if (desc.combine() != org.breadcrumbs4j.kernel.Combine.SUM) {
          s.mergePoints(provDesc, ch, pos, m, false, old);
        }
        s.mergePoints(exactDesc, ch, pos, m, true, now);
        st[c].conflicts += now.conflicts - old.conflicts;
        st[c].consensus += now.consensus - old.consensus;
      }
    });
    // A ranked model keeps exactly rank_hi - rank_lo elements of the unit.
    for (int t = 0; t < models; t++) {
      if (ranks[t] != null && nc > 0) {
        long sum = 0;
        for (ChunkStats x : st) {
          sum += x.kept[t];
        }
        st[0].kept[t] += (ranks[t][1] - ranks[t][0]) - sum;
      }
    }
    mark("patch");
    if (TRACE) {
      System.err.printf("  patched=%d%n", patched.get());
    }
    for (int c = 0; c < nc; c++) {
      long[] ch = chunks.get(c);
      io.done(ch[0], (int) ch[1], outs[c]);
      tot.add(st[c]);
    }
  }

  private MergeDesc withBounds(Bound[][] b) {
    return TensorMerger.withBounds(desc, b);
  }

  private void resolveExactly(List<ExactSelector.Request> reqs, Bound[][] exact, Bound[][] prov, TensorMerger.Totals tot) {
    Bound[] ex = ExactSelector.select(runner, in, io, chunks, reqs);
    for (int i = 0; i < reqs.size(); i++) {
      ExactSelector.Request r = reqs.get(i);
      int t = r.model();
      int k = r.slot();
      exact[t][k] = ex[i];
      if (prov != null) {
        prov[t][k] = ex[i];
      }
    }
  }

  /** A tie-group guess: exact cut from per-chunk counts; chunks between guess and truth are redone. */
  private boolean resolvePoint(int t, int k, long r, Bound p, ChunkStats[] st, Bound[][] exact, boolean[] redo) {
    long above = 0;
    long eq = 0;
    for (ChunkStats x : st) {
      above += x.countAbove[2 * t + k];
      eq += x.countPoint[2 * t + k];
    }
    if (r < above || r >= above + eq) {
      return false;
    }
    long need = r - above;
    int c = 0;
    while (need >= st[c].countPoint[2 * t + k]) {
      need -= st[c].countPoint[2 * t + k];
      c++;
    }
    long[] ch = chunks.get(c);
    long[] off = new long[1];
    final long want = need;
    runner.run(1, (i, s) -> {
      int count = (int) ch[1];
      off[0] = s.keyFind(in, io.base(ch[0], count), io.ft(t, ch[0], count), count, p.keyHi(), want);
    });
    long cut = ch[0] + off[0];
    exact[t][k] = Bound.exact(p.keyHi(), cut);
    long a = Math.min(cut, p.cut());
    long b = Math.max(cut, p.cut());
    if (a != b) {
      for (int i = 0; i < chunks.size(); i++) {
        long[] x = chunks.get(i);
        if (x[0] < b && a < x[0] + x[1]) {
          redo[i] = true;
        }
      }
    }
    return true;
  }

  /** Windows: each window's recorded elements (index order, with keys) give its exact boundary element. */
  private void resolveWindows(List<int[]> windows, long[][] ranks, Bound[][] prov, ChunkStats[] st, Bound[][] exact,
      List<ExactSelector.Request> missed) {
    int nc = chunks.size();
    for (int[] w : windows) {
      int t = w[0];
      int k = w[1];
      int slot = 2 * t + k;
      long r = ranks[t][k];
      long above = 0;
      int inWindow = 0;
      for (int c = 0; c < nc; c++) {
        above += st[c].countAbove[slot];
        inWindow += (int) st[c].winCount[slot];
      }
      if (r < above || r >= above + inWindow) {
        missed.add(new ExactSelector.Request(t, r, k));
        continue;
      }
      int[] wk = new int[inWindow];
      int i = 0;
      for (int c = 0; c < nc; c++) {
        int n = (int) st[c].winCount[slot];
        System.arraycopy(st[c].winKey, slot * st[c].winCapacity, wk, i, n);
        i += n;
      }
      KeySample.radixSortUnsigned(wk);
      long pos = r - above; // 0-based position in (key desc, index asc) order
      int v = wk[inWindow - 1 - (int) pos];
      long greater = 0;
      for (int x : wk) {
        if (Integer.compareUnsigned(x, v) > 0) {
          greater++;
        }
      }
      long nth = pos - greater; // the boundary is the nth element (index order) with key v
      long cut = -1;
      outer:
      for (int c = 0; c < nc; c++) {
        int at = slot * st[c].winCapacity;
        for (int j = 0; j < st[c].winCount[slot]; j++) {
          if (st[c].winKey[at + j] == v && nth-- == 0) {
            cut = st[c].winIndex[at + j];
            break outer;
          }
        }
      }
      exact[t][k] = Bound.exact(v, cut);
    }
  }

  /** Elements of a chunk whose rank side changed between provisional and exact bounds, ascending, unique. */
  private long[] changed(ChunkStats s, Bound[][] prov, Bound[][] exact) {
    if (s.winCount == null) {
      return new long[0];
    }
    long[] out = new long[16];
    int n = 0;
    for (int t = 0; t < models; t++) {
      for (int k = 0; k < 2; k++) {
        Bound p = prov[t][k];
        Bound e = exact[t][k];
        if (p.isPoint() || p == e) {
          continue;
        }
        int slot = 2 * t + k;
        int at = slot * s.winCapacity;
        for (int j = 0; j < s.winCount[slot]; j++) {
          int key = s.winKey[at + j];
          long idx = s.winIndex[at + j];
          if (before(p, key, idx) != before(e, key, idx)) {
            if (n == out.length) {
              out = java.util.Arrays.copyOf(out, 2 * n);
            }
            out[n++] = idx;
          }
        }
      }
    }
    long[] r = java.util.Arrays.copyOf(out, n);
    java.util.Arrays.sort(r);
    int u = 0;
    for (int i = 0; i < r.length; i++) {
      if (u == 0 || r[i] != r[u - 1]) {
        r[u++] = r[i];
      }
    }
    return java.util.Arrays.copyOf(r, u);
  }

  /** bc.h's "ranks before" for a bound (windows by their guess). */
  static boolean before(Bound b, int key, long idx) {
    if (!b.isPoint()) {
      return Integer.compareUnsigned(key, b.guess()) > 0;
    }
    int c = Integer.compareUnsigned(key, b.keyHi());
    return c > 0 || (c == 0 && idx < b.cut());
  }

  private static boolean inside(int key, Bound w) {
    return Integer.compareUnsigned(key, w.keyLo()) >= 0 && Integer.compareUnsigned(key, w.keyHi()) <= 0;
  }
}

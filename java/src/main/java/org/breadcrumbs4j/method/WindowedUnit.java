// WindowedUnit.java — exact rank boundaries of one large ranking unit from a sample and one statistics pass.
package org.breadcrumbs4j.method;

import java.util.ArrayList;
import java.util.List;
import org.breadcrumbs4j.kernel.Bound;
import org.breadcrumbs4j.kernel.ChunkStats;
import org.breadcrumbs4j.kernel.FloatType;
import org.breadcrumbs4j.kernel.MergeDesc;
import org.breadcrumbs4j.kernel.MergeKernels;

/**
 * The sampled selection of {@link TensorMerger}: a sample predicts each rank boundary as a narrow key window
 * (or, inside a large tie group, as one key); one read-only pass ({@code scanBounds}) counts the keys above
 * each prediction and records the elements inside the windows; the exact boundary (key and index cut) then
 * follows from those counts and records alone. A prediction the pass shows to be wrong, a window that
 * overflows its records, or a unit the sample cannot narrow is resolved by streamed radix selection
 * ({@link ExactSelector}): a bad sample costs time, never correctness. Nothing is written here; the caller
 * merges the unit in one pass with the exact bounds.
 */
final class WindowedUnit {
  private final ChunkRunner runner;
  private final MergeDesc desc;
  private final long u0;
  private final long len;
  private final List<long[]> chunks;
  private final int models;
  private final FloatType in;
  private final TensorIO io;

  private final List<ChunkStats> pool;

  /** pool: statistics reused across units (window record arrays are large; reallocating them per tensor churns the heap). */
  WindowedUnit(ChunkRunner runner, TensorTask task, MergeDesc desc, long u0, long len, List<long[]> chunks,
      List<ChunkStats> pool) {
    this.pool = pool;
    this.runner = runner;
    this.desc = desc;
    this.u0 = u0;
    this.len = len;
    this.chunks = chunks;
    this.models = desc.modelCount();
    this.in = desc.inType();
    this.io = task.io();
  }

  private static final boolean TRACE = Boolean.getBoolean("breadcrumbs4j.trace");
  private long tMark = System.nanoTime();

  private void mark(String what) {
    if (TRACE) {
      long now = System.nanoTime();
      System.err.printf("  %-10s %7.1f ms%n", what, (now - tMark) / 1e6);
      tMark = now;
    }
  }

  /**
   * Fills the null entries of {@code exact} (model t, slot 0 lo / 1 hi) with the exact boundaries of ranks
   * {@code ranks[t][k]}; returns the elements recorded inside windows (the report's "candidates"). Window
   * records (12 bytes an element) beyond {@code recordBudget} bytes send the unit to radix selection.
   */
  long select(long[][] ranks, Bound[][] exact, long recordBudget, TensorMerger.Totals tot) {
    mark("start");
    // 1. Predict every boundary that needs selection.
    Bound[][] prov = new Bound[models][2];
    boolean[][] predicted = new boolean[models][2];
    int[] ties = new int[2 * models];
    java.util.Arrays.fill(ties, -1);
    long[] starts = KeySample.blockStarts(u0, len);
    KeySample[] samples = new KeySample[models];
    runner.run(models, (t, s) -> {
      if (exact[t][0] == null || exact[t][1] == null) {
        samples[t] = KeySample.take(s, in, io, t, starts, KeySample.blockLength(len));
      }
    });
    long expected = 0;
    List<ExactSelector.Request> missed = new ArrayList<>();
    for (int t = 0; t < models; t++) {
      for (int k = 0; k < 2; k++) {
        if (exact[t][k] != null) {
          prov[t][k] = exact[t][k];
          continue;
        }
        KeySample.Prediction p = samples[t].predict(ranks[t][k], u0, len);
        if (p == null) {
          missed.add(new ExactSelector.Request(t, ranks[t][k], k));
          prov[t][k] = Bound.NONE_BEFORE; // nothing to count for it in the pass
        } else {
          prov[t][k] = p.bound();
          predicted[t][k] = true;
          ties[2 * t + k] = p.tieKey();
          expected = Math.max(expected, p.expectedCandidates()); // the widest window sizes every slot
        }
      }
    }
    if (12.0 * 1.25 * 2 * models * expected > recordBudget) { // windows too wide to record: select every boundary exactly
      resolveExactly(all(ranks, exact), exact, tot);
      return 0;
    }
    mark("sample");

    // 2. The statistics pass: counts above every prediction, window elements recorded in index order.
    int nc = chunks.size();
    ChunkStats[] st = new ChunkStats[nc];
    MergeDesc provDesc = TensorMerger.withBounds(desc, prov);
    for (int c = 0; c < nc; c++) {
      long[] ch = chunks.get(c);
      int cap = (int) Math.min(ch[1], expected == 0 ? 0 : 1024 + 5 * (expected * ch[1] / len) / 4);
      st[c] = pooledStats(c, cap);
    }
    runner.run(nc, (c, s) -> {
      long[] ch = chunks.get(c);
      s.scanBounds(provDesc, TensorMerger.chunk(io, models, ch[0], (int) ch[1], null), ties, st[c]);
    });
    mark("scan");

    // 3. Exact boundaries from the counts and records, one boundary per task.
    List<int[]> todo = new ArrayList<>();
    for (int t = 0; t < models; t++) {
      for (int k = 0; k < 2; k++) {
        if (predicted[t][k]) {
          todo.add(new int[] {t, k});
        }
      }
    }
    Bound[] found = new Bound[todo.size()];
    runner.run(todo.size(), (i, s) -> {
      int t = todo.get(i)[0];
      int k = todo.get(i)[1];
      Bound p = prov[t][k];
      found[i] = p.isPoint() ? resolvePoint(s, t, k, ranks[t][k], p, st)
          : resolveWindow(s, t, k, ranks[t][k], ties[2 * t + k], st);
    });
    for (int i = 0; i < todo.size(); i++) {
      int t = todo.get(i)[0];
      int k = todo.get(i)[1];
      if (found[i] == null) {
        missed.add(new ExactSelector.Request(t, ranks[t][k], k));
      } else {
        exact[t][k] = found[i];
      }
    }
    long recorded = 0;
    for (ChunkStats x : st) {
      if (x.winCount != null) {
        for (long w : x.winCount) {
          recorded += w;
        }
      }
    }
    mark("resolve");
    if (!missed.isEmpty()) {
      missed.sort((a, b) -> a.model() != b.model() ? Integer.compare(a.model(), b.model()) : Integer.compare(a.slot(), b.slot()));
      resolveExactly(missed, exact, tot);
      mark("radix");
    }
    if (TRACE) {
      System.err.printf("  recorded=%d missed=%d%n", recorded, missed.size());
    }
    return recorded;
  }

  /** Cleared statistics for chunk c with at least cap window records per slot (a larger stride is fine). */
  private ChunkStats pooledStats(int c, int cap) {
    while (pool.size() <= c) {
      pool.add(null);
    }
    ChunkStats x = pool.get(c);
    if (x == null || x.kept.length != models || (cap > 0 && (x.winCount == null || x.winCapacity < cap))) {
      x = new ChunkStats(models, 0, cap);
      pool.set(c, x);
    }
    x.reset();
    return x;
  }

  private static List<ExactSelector.Request> all(long[][] ranks, Bound[][] exact) {
    List<ExactSelector.Request> reqs = new ArrayList<>();
    for (int t = 0; t < exact.length; t++) {
      for (int k = 0; k < 2; k++) {
        if (exact[t][k] == null) {
          reqs.add(new ExactSelector.Request(t, ranks[t][k], k));
        }
      }
    }
    return reqs;
  }

  private void resolveExactly(List<ExactSelector.Request> reqs, Bound[][] exact, TensorMerger.Totals tot) {
    Bound[] ex = ExactSelector.select(runner, in, io, chunks, reqs);
    for (int i = 0; i < reqs.size(); i++) {
      exact[reqs.get(i).model()][reqs.get(i).slot()] = ex[i];
    }
    tot.fallbacks += reqs.size();
  }

  /** A tie-group prediction: if rank r falls in the group of key v, its index cut from per-chunk counts. */
  private Bound resolvePoint(MergeKernels.Session s, int t, int k, long r, Bound p, ChunkStats[] st) {
    int slot = 2 * t + k;
    long above = 0;
    long eq = 0;
    for (ChunkStats x : st) {
      above += x.countAbove[slot];
      eq += x.countPoint[slot];
    }
    if (r < above || r >= above + eq) {
      return null;
    }
    return nthOfKey(s, t, slot, p.keyHi(), r - above, st);
  }

  /** The exact bound at the nth (0-based, index order) element with this key, from per-chunk counts of it. */
  private Bound nthOfKey(MergeKernels.Session s, int t, int slot, int key, long nth, ChunkStats[] st) {
    int c = 0;
    while (nth >= st[c].countPoint[slot]) {
      nth -= st[c].countPoint[slot];
      c++;
    }
    long[] ch = chunks.get(c);
    int count = (int) ch[1];
    return Bound.exact(key, ch[0] + s.keyFind(in, io.base(ch[0], count), io.ft(t, ch[0], count), count, key, nth));
  }

  /**
   * A window: the boundary is the (r - above)-th element inside it in (key desc, index asc) order, among the
   * records and, when the slot has a tie key, that key's per-chunk count.
   */
  private Bound resolveWindow(MergeKernels.Session s, int t, int k, long r, int tie, ChunkStats[] st) {
    int slot = 2 * t + k;
    long above = 0;
    long inside = 0;
    long tied = 0;
    for (ChunkStats x : st) {
      above += x.countAbove[slot];
      if (x.winCount[slot] > x.winCapacity) {
        return null; // overflowed: not every element of the window was stored
      }
      inside += x.winCount[slot];
      tied += tie == -1 ? 0 : x.countPoint[slot];
    }
    if (r < above || r >= above + inside + tied) {
      return null; // the boundary lies outside the window
    }
    // Radix selection over the records in place, 11 bits a level (small counts: cheap to clear and scan); the
    // tie key enters each level with its whole count.
    long pos = r - above; // 0-based position in (key desc, index asc) order
    long[] count = new long[1 << 11];
    int prefix = 0;
    long greater = 0;
    for (int shift = 22; shift >= 0; shift -= 11) {
      java.util.Arrays.fill(count, 0);
      int hiShift = shift + 11;
      for (ChunkStats x : st) {
        for (int j = slot * x.winCapacity, end = j + (int) x.winCount[slot]; j < end; j++) {
          int key = x.winKey[j];
          if (hiShift >= 32 || key >>> hiShift == prefix >>> hiShift) {
            count[(key >>> shift) & 0x7FF]++;
          }
        }
      }
      if (tied > 0 && (hiShift >= 32 || tie >>> hiShift == prefix >>> hiShift)) {
        count[(tie >>> shift) & 0x7FF] += tied;
      }
      int b = 0x7FF;
      while (greater + count[b] <= pos) {
        greater += count[b--];
      }
      prefix |= b << shift;
    }
    int v = prefix;
    long nth = pos - greater; // the boundary is the nth element (index order) with key v
    if (tied > 0 && v == tie) {
      return nthOfKey(s, t, slot, v, nth, st);
    }
    for (ChunkStats x : st) {
      for (int j = slot * x.winCapacity, end = j + (int) x.winCount[slot]; j < end; j++) {
        if (x.winKey[j] == v && nth-- == 0) {
          return Bound.exact(v, x.winIndex[j]);
        }
      }
    }
    throw new IllegalStateException("window records of model " + t + " lost their boundary element");
  }
}

// TensorMerger.java — merges one tensor with a kernel backend: picks the path (direct, rows, windowed, exact)
// and drives the chunked kernels over its TensorIO. Sits between the engine (exec) and the kernels.
package org.breadcrumbs4j.method;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.breadcrumbs4j.kernel.Bound;
import org.breadcrumbs4j.kernel.Chunk;
import org.breadcrumbs4j.kernel.ChunkStats;
import org.breadcrumbs4j.kernel.Mask;
import org.breadcrumbs4j.kernel.MergeDesc;
import org.breadcrumbs4j.kernel.MergeKernels;
import org.breadcrumbs4j.kernel.ModelSpec;

/**
 * Merges tensors exactly as SPEC.md defines, for any backend and thread count (bit-identical). One tensor
 * at a time: {@link #merge} spreads its work over the threads itself and is not to be called concurrently.
 *
 * <p>Paths: without magnitude ranking, one fused pass ("direct"). Ranking units up to {@link #ROWS_MAX}
 * elements are ranked exactly in cache by the rows kernel ("rows"). Larger units ("windowed"): a sample
 * predicts a narrow key window around each rank boundary, one read-only statistics pass resolves the exact
 * boundaries from counts and the few elements inside the windows ({@link WindowedUnit}), then one fused
 * pass writes the unit. Streamed radix selection ("exact", three read-only passes) is the fallback when a
 * sample misses, and the whole path when sampling is off. No path holds more than a chunk of output.
 */
public final class TensorMerger implements AutoCloseable {
  /** Units up to this many elements are ranked exactly by the rows kernel. */
  public static final long ROWS_MAX = 1 << 18;
  private static final long TARGET_CHUNK = 1 << 20;
  private static final long MIN_CHUNK = 1 << 16;

  /** Selection memory of {@link #TensorMerger(MergeKernels, int)}. */
  public static final long DEFAULT_SELECTION_BUDGET = 256L << 20;

  private final ChunkRunner runner;
  private final long selectionBudget;
  private final List<ChunkStats> scanStats = new ArrayList<>(); // reused by WindowedUnit, one per chunk

  /**
   * @param kernels the backend
   * @param threads worker threads (results do not depend on it)
   */
  public TensorMerger(MergeKernels kernels, int threads) {
    this(kernels, threads, DEFAULT_SELECTION_BUDGET);
  }

  /**
   * @param selectionBudget bytes a ranking unit may use to record the elements inside its sampled windows;
   *                        units whose windows need more use radix selection. 0 turns sampling off (every
   *                        boundary by radix selection: same output, slower; for tests and benchmarks)
   */
  public TensorMerger(MergeKernels kernels, int threads, long selectionBudget) {
    this.runner = new ChunkRunner(kernels, threads);
    this.selectionBudget = selectionBudget;
  }

  public int threads() {
    return runner.threads();
  }

  /** Merges one tensor; throws {@link org.breadcrumbs4j.kernel.NonFiniteException} for NaN/Inf inputs. */
  public TensorReport merge(TensorTask task) {
    MergeDesc desc = task.desc();
    long n = task.elements();
    int models = desc.modelCount();
    Totals tot = new Totals(models);
    boolean anyRank = desc.models().stream().anyMatch(m -> m.mask() == Mask.RANK);
    if (task.shape().length == 0) {
      desc = demoteMasks(desc); // SPEC: 0-D tensors are never sparsified (neither ranked nor dropped): md = d
      anyRank = false;
    }
    if (n == 0) {
      return tot.report(task.name(), 0, "empty");
    }
    if (!anyRank) {
      direct(task, desc, 0, n, tot, true);
      return tot.report(task.name(), n, "direct");
    }
    boolean row = rowScope(task);
    long unit = row ? task.shape()[task.shape().length - 1] : n;
    if (unit <= ROWS_MAX) {
      rows(task, desc, n, unit, tot);
      return tot.report(task.name(), n, "rows");
    }
    for (long u0 = 0; u0 < n; u0 += unit) {
      ranked(task, desc, u0, unit, tot, !row);
    }
    return tot.report(task.name(), n, selectionBudget > 0 ? "windowed" : "exact");
  }

  private static boolean rowScope(TensorTask task) {
    Boolean row = null;
    for (RankSpec r : task.ranks()) {
      if (r == null) {
        continue;
      }
      if (row != null && row != r.rowScope()) {
        throw new IllegalArgumentException("tensor " + task.name()
            + ": models mix scope row and scope tensor; use one scope per tensor (a filter list can set scope per tensor)");
      }
      row = r.rowScope();
    }
    return row != null && row;
  }

  private static MergeDesc demoteMasks(MergeDesc desc) {
    List<ModelSpec> ms = new ArrayList<>();
    for (ModelSpec m : desc.models()) {
      ms.add(m.mask() == Mask.ALL ? m
          : new ModelSpec(Mask.ALL, m.weight(), m.tallLambda(), m.dareRho(), m.dareRescale(), m.dareThreshold(),
              m.dareHash(), Bound.NONE_BEFORE, Bound.ALL_BEFORE, 0, Long.MAX_VALUE));
    }
    return desc.withModels(ms);
  }

  /** Chunks of [start, start+len) whose sizes are multiples of granule. */
  private List<long[]> chunks(long start, long len, long granule) {
    long size = Math.max(MIN_CHUNK, Math.min(TARGET_CHUNK, (len + 4L * runner.threads() - 1) / (4L * runner.threads())));
    size = Math.min(size, TensorIO.MAX_CHUNK);
    size = Math.max(granule, size / granule * granule);
    List<long[]> out = new ArrayList<>();
    for (long s = start; s < start + len; s += size) {
      out.add(new long[] {s, Math.min(size, start + len - s)});
    }
    return out;
  }

  static Chunk chunk(TensorIO io, int models, long start, int count, ByteBuffer out) {
    ByteBuffer[] fts = new ByteBuffer[models];
    for (int t = 0; t < models; t++) {
      fts[t] = io.ft(t, start, count);
    }
    return new Chunk(count, start, io.base(start, count), fts, out);
  }

  private void direct(TensorTask task, MergeDesc desc, long start, long len, Totals tot, boolean counts) {
    long t0 = System.nanoTime();
    try {
      directPass(task, desc, start, len, tot, counts);
    } finally {
      if (Boolean.getBoolean("breadcrumbs4j.trace")) {
        System.err.printf("  direct     %7.1f ms%n", (System.nanoTime() - t0) / 1e6);
      }
    }
  }

  /** counts: whether kernels count kept elements (false: the caller adds them to tot itself). */
  private void directPass(TensorTask task, MergeDesc desc, long start, long len, Totals tot, boolean counts) {
    TensorIO io = task.io();
    int models = desc.modelCount();
    List<long[]> cs = chunks(start, len, 1);
    runner.run(cs.size(), (c, s) -> {
      long[] ch = cs.get(c);
      int count = (int) ch[1];
      ChunkStats st = counts ? new ChunkStats(models, 0) : ChunkStats.withoutCounts(models);
      ByteBuffer out = io.out(ch[0], count);
      s.mergeChunk(desc, chunk(io, models, ch[0], count, out), st);
      io.done(ch[0], count, out);
      tot.add(st);
    });
  }

  private void rows(TensorTask task, MergeDesc desc, long n, long rowLen, Totals tot) {
    List<ModelSpec> ms = new ArrayList<>();
    for (int t = 0; t < desc.modelCount(); t++) {
      ModelSpec m = desc.models().get(t);
      RankSpec r = task.ranks().get(t);
      if (r != null) {
        long[] kr = r.keptRanks(rowLen);
        m = m.withRanks(kr[0], kr[1]);
      }
      ms.add(m);
    }
    MergeDesc rd = desc.withModels(ms);
    TensorIO io = task.io();
    int models = desc.modelCount();
    List<long[]> cs = chunks(0, n, rowLen);
    runner.run(cs.size(), (c, s) -> {
      long[] ch = cs.get(c);
      int count = (int) ch[1];
      ChunkStats st = new ChunkStats(models, 0);
      ByteBuffer out = io.out(ch[0], count);
      s.mergeRows(rd, chunk(io, models, ch[0], count, out), rowLen, st);
      io.done(ch[0], count, out);
      tot.add(st);
    });
  }

  /** Rank boundaries of a unit: exact sentinels where r is 0 or len, null where selection is needed. */
  private static Bound[][] sentinelBounds(TensorTask task, MergeDesc desc, long len, long[][] ranks) {
    int models = desc.modelCount();
    Bound[][] b = new Bound[models][2];
    for (int t = 0; t < models; t++) {
      if (desc.models().get(t).mask() != Mask.RANK) {
        b[t][0] = Bound.NONE_BEFORE;
        b[t][1] = Bound.ALL_BEFORE;
        continue;
      }
      ranks[t] = task.ranks().get(t).keptRanks(len);
      for (int k = 0; k < 2; k++) {
        long r = ranks[t][k];
        b[t][k] = r == 0 ? Bound.NONE_BEFORE : r == len ? Bound.ALL_BEFORE : null;
      }
    }
    return b;
  }

  static MergeDesc withBounds(MergeDesc desc, Bound[][] b) {
    List<ModelSpec> ms = new ArrayList<>();
    for (int t = 0; t < desc.modelCount(); t++) {
      ms.add(desc.models().get(t).withBounds(b[t][0], b[t][1]));
    }
    return desc.withModels(ms);
  }

  /** A ranking unit: exact boundaries (sampled, or radix selection), then one fused pass. */
  private void ranked(TensorTask task, MergeDesc desc, long u0, long len, Totals tot, boolean record) {
    long[][] ranks = new long[desc.modelCount()][];
    Bound[][] b = sentinelBounds(task, desc, len, ranks);
    List<long[]> cs = chunks(u0, len, 1);
    if (selectionBudget > 0) { // sampled selection; 0 turns sampling off
      tot.candidates += new WindowedUnit(runner, task, desc, u0, len, cs, scanStats).select(ranks, b, selectionBudget, tot);
    } else {
      List<ExactSelector.Request> reqs = new ArrayList<>();
      for (int t = 0; t < b.length; t++) {
        for (int k = 0; k < 2; k++) {
          if (b[t][k] == null) {
            reqs.add(new ExactSelector.Request(t, ranks[t][k], k));
          }
        }
      }
      Bound[] ex = ExactSelector.select(runner, desc.inType(), task.io(), cs, reqs);
      for (int i = 0; i < reqs.size(); i++) {
        b[reqs.get(i).model()][reqs.get(i).slot()] = ex[i];
      }
    }
    if (record) {
      tot.thresholds(b);
    }
    // With exact bounds a ranked model keeps exactly rank_hi - rank_lo elements and an ALL model all of
    // them: unless some model is DARE, the pass need not count.
    boolean counts = desc.models().stream().anyMatch(m -> m.mask() == Mask.DARE);
    if (!counts) {
      for (int t = 0; t < ranks.length; t++) {
        tot.addKept(t, ranks[t] != null ? ranks[t][1] - ranks[t][0] : len);
      }
    }
    direct(task, withBounds(desc, b), u0, len, tot, counts);
  }

  @Override
  public void close() {
    runner.close();
  }

  /** Statistics summed over chunks (integer sums: independent of the order chunks finish in). */
  static final class Totals {
    final long[] kept;
    long conflicts;
    long consensus;
    long candidates;
    int fallbacks;
    float[][] thresholds;

    Totals(int models) {
      kept = new long[models];
    }

    synchronized void add(ChunkStats st) {
      for (int t = 0; st.hasCounts() && t < kept.length; t++) {
        kept[t] += st.kept[t];
      }
      conflicts += st.conflicts;
      consensus += st.consensus;
    }

    synchronized void addKept(int t, long n) {
      kept[t] += n;
    }

    synchronized void thresholds(Bound[][] b) {
      thresholds = new float[b.length][2];
      for (int t = 0; t < b.length; t++) {
        for (int k = 0; k < 2; k++) {
          Bound x = b[t][k];
          boolean sentinel = x.equals(Bound.NONE_BEFORE) || x.equals(Bound.ALL_BEFORE);
          thresholds[t][k] = sentinel ? Float.NaN : Float.intBitsToFloat(x.keyHi());
        }
      }
    }

    TensorReport report(String name, long n, String path) {
      return new TensorReport(name, n, path, kept.clone(), thresholds, conflicts, consensus, candidates, fallbacks);
    }
  }
}

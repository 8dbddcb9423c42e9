// ChunkStats.java — statistics a merge kernel adds to (mirrors bc_chunk_stats); one instance per chunk.
package org.breadcrumbs4j.kernel;

import java.util.Arrays;

/** Counters and candidate list filled by merge kernels. Kernels add; {@link #reset()} clears. */
public final class ChunkStats {
  /** Per model t and bound b (0 lo, 1 hi) at 2t+b: elements with key &gt; keyHi. */
  public final long[] countAbove;
  /** Per model t and bound b at 2t+b, point bounds only: elements with key == keyHi. */
  public final long[] countPoint;
  /** Per model: elements whose mask kept them (undecided ones by their provisional fate). */
  public final long[] kept;
  /** TIES modes: elements where some nonzero v_t disagreed with the elected sign. */
  public long conflicts;
  /** Consensus modes: elements whose mask count reached k. */
  public long consensus;
  /** Elements undecided for some model (written with the window's provisional guess); all counted, capacity stored. */
  public long candidates;
  /** Flat indices of the undecided elements, ascending; the first min(candidates, length) are valid. */
  public long[] candIndex;
  /**
   * Window recording (mergeChunk only): slot s = 2t+b is model t's bound b when it is a window; the elements
   * whose key lies in it, in index order, at [s * winCapacity, s * winCapacity + min(winCount[s], winCapacity)).
   */
  public long[] winIndex;
  /** Keys of the recorded window elements (same layout as {@link #winIndex}). */
  public int[] winKey;
  /** Elements seen per window slot (all counted); null when nothing is recorded. */
  public long[] winCount;
  /** Entries stored per slot. */
  public int winCapacity;

  public ChunkStats(int models, int candidateCapacity) {
    this(models, candidateCapacity, 0);
  }

  /** With window recording of windowCapacity elements per (model, bound) slot. */
  public ChunkStats(int models, int candidateCapacity, int windowCapacity) {
    this(models, candidateCapacity, windowCapacity, true);
  }

  private ChunkStats(int models, int candidateCapacity, int windowCapacity, boolean counts) {
    countAbove = counts ? new long[2 * models] : null;
    countPoint = counts ? new long[2 * models] : null;
    kept = counts ? new long[models] : null;
    candIndex = new long[candidateCapacity];
    if (windowCapacity > 0) {
      winCapacity = windowCapacity;
      winIndex = new long[2 * models * windowCapacity];
      winKey = new int[2 * models * windowCapacity];
      winCount = new long[2 * models];
    }
  }

  /**
   * Without kept and bound counts ({@link #countAbove}, {@link #countPoint} and {@link #kept} are null): for a
   * merge whose bounds are exact and whose kept counts the caller knows, so kernels skip that counting.
   */
  public static ChunkStats withoutCounts(int models) {
    return new ChunkStats(models, 0, 0, false);
  }

  /** False for {@link #withoutCounts}. */
  public boolean hasCounts() {
    return kept != null;
  }

  /** True when some window slot saw more elements than it stored. */
  public boolean windowOverflowed() {
    if (winCount != null) {
      for (long c : winCount) {
        if (c > winCapacity) {
          return true;
        }
      }
    }
    return false;
  }

  public void reset() {
    if (hasCounts()) {
      Arrays.fill(countAbove, 0);
      Arrays.fill(countPoint, 0);
      Arrays.fill(kept, 0);
    }
    conflicts = 0;
    consensus = 0;
    candidates = 0;
    if (winCount != null) {
      Arrays.fill(winCount, 0);
    }
  }

  /** True when some candidates were counted but not stored. */
  public boolean overflowed() {
    return candidates > candIndex.length;
  }
}

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
  /** For each stored candidate j, the key of every model t at [j * models + t] (null: not recorded). */
  public int[] candKeys;

  public ChunkStats(int models, int candidateCapacity) {
    countAbove = new long[2 * models];
    countPoint = new long[2 * models];
    kept = new long[models];
    candIndex = new long[candidateCapacity];
    candKeys = candidateCapacity == 0 ? null : new int[candidateCapacity * models];
  }

  public void reset() {
    Arrays.fill(countAbove, 0);
    Arrays.fill(countPoint, 0);
    Arrays.fill(kept, 0);
    conflicts = 0;
    consensus = 0;
    candidates = 0;
  }

  /** True when some candidates were counted but not stored. */
  public boolean overflowed() {
    return candidates > candIndex.length;
  }
}

// KeySample.java — a deterministic sample of a unit's keys, sorted, to predict rank-boundary windows.
package org.breadcrumbs4j.method;

import org.breadcrumbs4j.kernel.Bound;
import org.breadcrumbs4j.kernel.FloatType;
import org.breadcrumbs4j.kernel.MergeKernels;
import org.breadcrumbs4j.kernel.Splitmix;

/**
 * Keys of contiguous sample blocks spread over the unit (contiguous blocks read at stream speed; a few
 * dozen blocks at jittered positions keep the quantile estimate unbiased enough). The sample only
 * predicts where boundaries lie: every prediction is verified after the fused pass, so a bad sample
 * costs time, never correctness.
 */
final class KeySample {
  static final int BLOCKS = 256;

  /**
   * Elements per sample block: 256 (a 64K-key sample) up to 16M-element units, growing to 1024 (256K keys)
   * from 64M on. Window widths shrink as 1/sqrt(sample), so the window records of the largest tensors (LLM
   * embeddings) stay a fraction of a per-mille of the unit while the sample stays a 256th of it.
   */
  static int blockLength(long len) {
    return (int) Math.max(256, Math.min(1024, len / (BLOCKS * 256L)));
  }
  /** Margin in sample ranks: z standard deviations plus a constant for block correlation. */
  static final double Z = 3.5;
  static final double SLACK = 8;
  /** Sample elements sharing one key that make a tie group worth a point bound. */
  static final int TIE_GROUP = 64;

  /** Keys sorted descending as unsigned ints. */
  final int[] desc;

  private KeySample(int[] desc) {
    this.desc = desc;
  }

  static long[] blockStarts(long u0, long len) {
    long[] starts = new long[BLOCKS];
    long stratum = len / BLOCKS;
    int block = blockLength(len);
    for (int j = 0; j < BLOCKS; j++) {
      long room = Math.max(1, stratum - block + 1);
      long jitter = Long.remainderUnsigned(Splitmix.splitmix64(j * 0x9E3779B97F4A7C15L ^ len), room);
      starts[j] = u0 + j * stratum + jitter;
    }
    return starts;
  }

  /** The keys of blocks of the given length at starts (from {@link #blockStarts}), sorted descending. */
  static KeySample take(MergeKernels.Session s, FloatType type, TensorIO io, int model, long[] starts, int block) {
    int m = starts.length * block;
    int[] keys = new int[m];
    long[] pos = new long[m];
    int[] got = new int[m];
    // One kernel call per span of blocks that fits a chunk: few JNI crossings, sequential reads.
    int j = 0;
    while (j < starts.length) {
      long g0 = starts[j];
      int first = j;
      int np = 0;
      while (j < starts.length && starts[j] + block - g0 <= TensorIO.MAX_CHUNK) {
        for (int i = 0; i < block; i++) {
          pos[np++] = starts[j] - g0 + i;
        }
        j++;
      }
      int span = (int) (starts[j - 1] + block - g0);
      s.keysAt(type, io.base(g0, span), io.ft(model, g0, span), pos, np, got);
      System.arraycopy(got, 0, keys, first * block, np);
    }
    radixSortKeys(keys);
    int[] d = new int[m];
    for (int i = 0; i < m; i++) {
      d[i] = keys[m - 1 - i];
    }
    return new KeySample(d);
  }

  /**
   * A prediction for rank r of a unit of len elements: a window of keys likely to contain the boundary, or
   * the key of the tie group it likely falls in (a point bound; its cut is irrelevant to the counts).
   * Returns null when the sample cannot narrow anything (the caller resolves exactly).
   */
  Prediction predict(long r, long u0, long len) {
    int m = desc.length;
    double q = (double) r * m / len;
    double margin = Z * Math.sqrt(Math.max(q * (1 - q / m), 1)) + SLACK;
    long ia = (long) Math.floor(q - margin);
    long ib = (long) Math.ceil(q + margin);
    int hiKey = ia < 0 ? 0xFFFFFFFF : desc[(int) ia];
    int loKey = ib >= m ? 0 : desc[(int) ib];
    if (ia < 0 && ib >= m) {
      return null;
    }
    if (hiKey == loKey) { // the whole window is one tie group
      return new Prediction(Bound.exact(hiKey, u0), 0, -1);
    }
    // Sample keys inside [loKey, hiKey] (whole tie groups at both ends), scaled to the unit.
    long inside = (loKey == 0 ? m : countAbove(loKey - 1)) - countAbove(hiKey);
    long expected = (long) Math.ceil((double) (inside + 1) * len / m);
    // A large tie group (BF16) around q: predict the group's key itself. The statistics pass then counts
    // the group per chunk and the exact index cut follows, where a window would record the whole group.
    int qi = (int) Math.min(m - 1, Math.max(0, Math.round(q)));
    int v = desc[qi];
    int groupStart = countAbove(v);
    int groupEnd = v == 0 ? m : countAbove(v - 1);
    double sd = Math.sqrt(Math.max(q * (1 - q / m), 1));
    if (groupEnd - groupStart >= TIE_GROUP && qi - groupStart >= 2 * sd + 4 && groupEnd - qi >= 2 * sd + 4) {
      return new Prediction(Bound.exact(v, u0), 0, -1);
    }
    // The window's largest tie group, if large, is counted per chunk rather than recorded element by element.
    int from = countAbove(hiKey);
    int to = loKey == 0 ? m : countAbove(loKey - 1);
    int tie = -1;
    int tieSize = TIE_GROUP - 1;
    for (int i = from; i < to; ) {
      int j = i;
      while (j < to && desc[j] == desc[i]) {
        j++;
      }
      if (j - i > tieSize) {
        tieSize = j - i;
        tie = desc[i];
      }
      i = j;
    }
    long recorded = tie == -1 ? expected : (long) Math.ceil((double) (inside - tieSize + 1) * len / m);
    return new Prediction(Bound.window(hiKey, loKey, loKey), recorded, tie);
  }

  /** Sample keys strictly greater than k (unsigned). */
  private int countAbove(int k) {
    int lo = 0;
    int hi = desc.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Integer.compareUnsigned(desc[mid], k) > 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * @param expectedCandidates window elements the statistics pass is expected to record
   * @param tieKey             a key inside the window counted per chunk instead of recorded, or -1
   */
  record Prediction(Bound bound, long expectedCandidates, int tieKey) {}

  /**
   * LSD radix sort of keys (&lt; 2^31), ascending: three 11-bit digits whose counts fit L1, all counted in one
   * pass; a digit every key shares (the low bits of BF16 keys) is skipped.
   */
  static void radixSortKeys(int[] a) {
    int[][] count = new int[3][1 << 11];
    for (int v : a) {
      count[0][v & 0x7FF]++;
      count[1][(v >>> 11) & 0x7FF]++;
      count[2][(v >>> 22) & 0x7FF]++;
    }
    int[] src = a;
    int[] dst = new int[a.length];
    for (int d = 0; d < 3; d++) {
      int[] c = count[d];
      int shift = 11 * d;
      if (a.length == 0 || c[(src[0] >>> shift) & 0x7FF] == a.length) {
        continue; // one value of this digit: already in order
      }
      int sum = 0;
      for (int i = 0; i < c.length; i++) {
        int x = c[i];
        c[i] = sum;
        sum += x;
      }
      for (int v : src) {
        dst[c[(v >>> shift) & 0x7FF]++] = v;
      }
      int[] t = src;
      src = dst;
      dst = t;
    }
    if (src != a) {
      System.arraycopy(src, 0, a, 0, a.length);
    }
  }

}

// RankSelect.java — exact O(n) rank selection on keys for the pure-Java rows kernel (JavaMerge.mergeRows):
// finds the element of rank r in the order (key desc, index asc) without sorting.
package org.breadcrumbs4j.kernel;

/**
 * Radix select on unsigned keys in three passes of 11, 11 and 10 bits (CUB's top-k idea): each pass
 * histograms the survivors, walks the bins from the top to the one holding rank r, and keeps only
 * that bin. The index tie-break then picks the c-th equal key in index order. Rows up to
 * {@value #QUICK} elements use quickselect on (key, offset) packed into one long instead, which skips
 * clearing 5K histogram bins per selection; tiny rows use a direct quadratic rank count.
 */
final class RankSelect {
  private static final int SMALL = 32;
  private static final int QUICK = 2048;
  private final int[] hist = new int[2048];
  private int[] scratch = new int[0];
  private final long[] packed = new long[QUICK];

  /**
   * Offset of the element with rank r (0 &lt;= r &lt; n) among keys[0..n), ranked by (key desc, offset asc).
   */
  int select(int[] keys, int n, long r) {
    if (r < 0 || r >= n) {
      throw new IllegalArgumentException("rank " + r + " outside [0, " + n + ")");
    }
    if (n <= SMALL) {
      return selectSmall(keys, n, (int) r);
    }
    return n <= QUICK ? selectQuick(keys, n, (int) r) : selectRadix(keys, n, (int) r);
  }

  /** Quickselect on longs ordered as (key desc, offset asc): (0x7FFFFFFF - key) << 32 | offset, all distinct. */
  private int selectQuick(int[] keys, int n, int r) {
    long[] a = packed;
    for (int i = 0; i < n; i++) {
      a[i] = ((0x7FFFFFFFL - (keys[i] & 0xFFFFFFFFL)) << 32) | i; // keys are sign-cleared: no underflow
    }
    int lo = 0;
    int hi = n - 1;
    while (hi > lo) {
      int mid = (lo + hi) >>> 1;
      // median of three into a[mid]
      if (a[mid] < a[lo]) {
        swap(a, mid, lo);
      }
      if (a[hi] < a[lo]) {
        swap(a, hi, lo);
      }
      if (a[hi] < a[mid]) {
        swap(a, hi, mid);
      }
      long pivot = a[mid];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          swap(a, i++, j--);
        }
      }
      if (r <= j) {
        hi = j;
      } else if (r >= i) {
        lo = i;
      } else {
        break;
      }
    }
    return (int) (a[r] & 0xFFFFFFFFL);
  }

  private static void swap(long[] a, int i, int j) {
    long t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  private static int selectSmall(int[] keys, int n, int r) {
    for (int i = 0; i < n; i++) {
      int ki = keys[i] ^ Integer.MIN_VALUE; // flip the sign bit: signed order == unsigned order
      int rank = 0;
      for (int j = 0; j < n; j++) {
        int kj = keys[j] ^ Integer.MIN_VALUE;
        if (kj > ki || (kj == ki && j < i)) {
          rank++;
        }
      }
      if (rank == r) {
        return i;
      }
    }
    throw new AssertionError("rank not found");
  }

  private int selectRadix(int[] keys, int n, int r) {
    if (scratch.length < n) {
      scratch = new int[n];
    }
    int[] src = keys;
    int m = n;
    int rest = r; // rank still to skip within the surviving bin, counted from the top
    final int[] shifts = {21, 10, 0};
    final int[] masks = {0x7FF, 0x7FF, 0x3FF};
    for (int p = 0; p < 3; p++) {
      int sh = shifts[p];
      int mask = masks[p];
      java.util.Arrays.fill(hist, 0, mask + 1, 0);
      for (int i = 0; i < m; i++) {
        hist[(src[i] >>> sh) & mask]++;
      }
      int bin = mask;
      while (rest >= hist[bin]) {
        rest -= hist[bin];
        bin--;
      }
      int w = 0;
      for (int i = 0; i < m; i++) { // in place after the first pass: w never overtakes i
        int k = src[i];
        if (((k >>> sh) & mask) == bin) {
          scratch[w++] = k;
        }
      }
      src = scratch;
      m = w;
    }
    int key = src[0];
    // `rest` equal keys rank before the wanted one: it is the rest-th occurrence in index order.
    for (int i = 0, seen = 0; i < n; i++) {
      if (keys[i] == key && seen++ == rest) {
        return i;
      }
    }
    throw new AssertionError("equal key not found");
  }
}

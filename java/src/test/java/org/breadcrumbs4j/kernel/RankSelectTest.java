// RankSelectTest.java — the Java rows kernel's selection (direct, quickselect and radix paths) against a full
// sort of (key desc, index asc), including heavy ties and keys with the top bits set.
package org.breadcrumbs4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RankSelectTest {
  @Test
  void everyRankMatchesAFullSort() {
    SplittableRandom rnd = new SplittableRandom(3);
    RankSelect select = new RankSelect();
    for (int n : new int[] {1, 2, 31, 32, 33, 100, 2047, 2048, 2049, 5000}) {
      for (int variant = 0; variant < 4; variant++) {
        int[] keys = new int[n];
        for (int i = 0; i < n; i++) {
          keys[i] = switch (variant) {
            case 0 -> rnd.nextInt() >>> 1;              // distinct-ish
            case 1 -> rnd.nextInt(5) << 20;              // heavy ties, differing high bits
            case 2 -> 0x7F800000 - rnd.nextInt(3);       // ties near the top
            default -> rnd.nextInt(3);                   // ties at the bottom (zeros)
          };
        }
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
          packed[i] = ((0x7FFFFFFFL - keys[i]) << 32) | i;
        }
        java.util.Arrays.sort(packed);
        int step = Math.max(1, n / 97);
        for (int r = 0; r < n; r += step) {
          assertEquals((int) (packed[r] & 0xFFFFFFFFL), select.select(keys, n, r), "n=" + n + " variant "
              + variant + " rank " + r);
        }
        assertEquals((int) (packed[n - 1] & 0xFFFFFFFFL), select.select(keys, n, n - 1));
      }
    }
  }
}

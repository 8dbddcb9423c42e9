// CandidatePatchTest.java — the two-pass protocol the engine relies on: a chunk pass with provisional window
// bounds lists its undecided elements, and patching exactly those with bc_merge_points under the exact bounds
// reproduces the one-pass result with exact bounds, byte for byte, on every backend. Tolerance: none.
package org.breadcrumbs4j.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.breadcrumbs4j.testing.KernelData;
import org.breadcrumbs4j.testing.KernelData.Dist;
import org.breadcrumbs4j.testing.KernelData.Inputs;
import org.breadcrumbs4j.testing.SpecOracle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CandidatePatchTest {
  @ParameterizedTest
  @ValueSource(strings = {"java", "scalar", "avx2"})
  void windowPassPlusPatchEqualsExactPass(String backend) {
    String why = Kernels.unavailableReason(backend);
    assumeTrue(why == null, () -> backend + " backend unavailable: " + why);
    MergeKernels k = Kernels.open(backend);
    for (Dist dist : List.of(Dist.NORMAL, Dist.DUPLICATES, Dist.ALL_EQUAL, Dist.HEAVY_TAILED)) {
      for (FloatType type : List.of(FloatType.F32, FloatType.BF16)) {
        for (Combine c : Combine.values()) {
          // With many equal keys a window collapses to the exact point bound: no candidates then.
          boolean spread = dist == Dist.NORMAL || dist == Dist.HEAVY_TAILED;
          check(k, KernelData.inputs(dist, type, 4097, 3, 9), c, spread, dist + " " + type + " " + c);
        }
      }
    }
  }

  private static void check(MergeKernels k, Inputs in, Combine c, boolean spread, String what) {
    int n = in.n();
    float[][] d = new float[3][];
    int[][] order = new int[3][];
    for (int t = 0; t < 3; t++) {
      d[t] = KernelOps.d(in, t);
      order[t] = SpecOracle.rankOrder(d[t], 0, n);
    }
    int[] lo = {n / 10, 0, n / 4};
    int[] hi = {n / 2, n / 3, (3 * n) / 4};
    ModelSpec[] windowed = new ModelSpec[3];
    ModelSpec[] exact = new ModelSpec[3];
    float[] w = {0.8f, -0.6f, 1.3f};
    for (int t = 0; t < 3; t++) {
      windowed[t] = KernelOps.rank(w[t], 0.4f, KernelOps.window(d[t], order[t], lo[t], 4 + t),
          KernelOps.window(d[t], order[t], hi[t], 9), 0, 0);
      exact[t] = KernelOps.rank(w[t], 0.4f, KernelOps.exact(d[t], order[t], lo[t]),
          KernelOps.exact(d[t], order[t], hi[t]), 0, 0);
    }
    boolean normalize = KernelOps.defaultNormalize(c);
    MergeDesc wd = KernelOps.desc(c, in.type(), in.type(), normalize, 2, List.of(windowed));
    MergeDesc ed = KernelOps.desc(c, in.type(), in.type(), normalize, 2, List.of(exact));
    try (MergeKernels.Session s = k.openSession()) {
      ByteBuffer expected = KernelData.output(in.type(), n);
      ChunkStats es = new ChunkStats(3, 0);
      s.mergeChunk(ed, KernelOps.chunk(in, ed, 0, expected), es);
      assertEquals(0, es.candidates, what);

      ByteBuffer out = KernelData.output(in.type(), n);
      ChunkStats ws = new ChunkStats(3, n);
      s.mergeChunk(wd, KernelOps.chunk(in, wd, 0, out), ws);
      if (c != Combine.LINEAR && spread) {
        assertTrue(ws.candidates > 0, "windows leave candidates: " + what);
      }
      assertTrue(!ws.overflowed(), what);
      long[] cand = Arrays.copyOf(ws.candIndex, (int) ws.candidates);
      for (int j = 1; j < cand.length; j++) {
        assertTrue(cand[j - 1] < cand[j], "candidates ascend: " + what);
      }
      // The point bounds decide what the windows left open: counts at the exact bounds add up.
      ChunkStats ps = new ChunkStats(3, 0);
      s.mergePoints(ed, KernelOps.chunk(in, ed, 0, out), cand, cand.length, true, ps);
      assertArrayEquals(KernelData.bytes(expected), KernelData.bytes(out), "patched output: " + what);

      // A small candidate buffer overflows: all are counted, the first ones stored, in order.
      ChunkStats small = new ChunkStats(3, 3);
      s.mergeChunk(wd, KernelOps.chunk(in, wd, 0, KernelData.output(in.type(), n)), small);
      assertEquals(ws.candidates, small.candidates, what);
      assertEquals(c != Combine.LINEAR && ws.candidates > 3, small.overflowed(), what);
      assertArrayEquals(Arrays.copyOf(cand, (int) Math.min(3, cand.length)),
          Arrays.copyOf(small.candIndex, (int) Math.min(3, small.candidates)), what);
    }
  }
}

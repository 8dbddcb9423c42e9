// SpecCasesTest.java — SPEC.md examples computed by hand, checked through the oracle and through every
// backend's kernels: index tie-break, floor(0.29*100) = 28, weighted TIES election, strict TALL masks,
// splitmix64(0), RNE ties of F16/BF16, and the -0/+0 key tie. Tolerance: none (exact values).
package org.breadcrumbs4j.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.breadcrumbs4j.testing.KernelData;
import org.breadcrumbs4j.testing.SpecOracle;
import org.breadcrumbs4j.testing.SpecOracle.Method;
import org.breadcrumbs4j.testing.SpecOracle.OracleParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecCasesTest {
  static MergeKernels kernels(String name) {
    String why = Kernels.unavailableReason(name);
    assumeTrue(why == null, () -> name + " backend unavailable: " + why);
    return Kernels.open(name);
  }

  static ByteBuffer f32(float... v) {
    return SpecOracle.encode(FloatType.F32, v);
  }

  static float[] floats(ByteBuffer b) {
    return SpecOracle.decode(FloatType.F32, b);
  }

  static MergeDesc desc(Combine c, boolean normalize, int k, ModelSpec... specs) {
    float ws = 0f;
    for (ModelSpec m : specs) {
      ws += m.weight();
    }
    return new MergeDesc(c, FloatType.F32, FloatType.F32, 1f, normalize, ws, k, List.of(specs));
  }

  /** Runs mergeRows on one row (the whole input) and returns the output values. */
  static float[] rows(MergeKernels k, MergeDesc desc, ByteBuffer base, ChunkStats st, ByteBuffer... ft) {
    int n = base.capacity() / 4;
    ByteBuffer out = KernelData.output(FloatType.F32, n);
    try (MergeKernels.Session s = k.openSession()) {
      s.mergeRows(desc, new Chunk(n, 0, base, ft, out), n, st);
    }
    return floats(out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "scalar", "avx2"})
  void equalMagnitudesRankByIndex(String backend) {
    MergeKernels k = kernels(backend);
    // |d| = 0.5 at indices 0, 1, 2 (signs differ), 0.25 at 3: ranks are 0, 1, 2, 3. Keep ranks [1, 3).
    ModelSpec m = new ModelSpec(Mask.RANK, 1f, 0.4f, 1f, false, 0, 0, Bound.NONE_BEFORE, Bound.ALL_BEFORE, 1, 3);
    float[] out = rows(k, desc(Combine.SUM, false, 2, m), f32(0, 0, 0, 0), new ChunkStats(1, 0),
        f32(0.5f, -0.5f, 0.5f, 0.25f));
    assertArrayEquals(new float[] {0f, -0.5f, 0.5f, 0f}, out);
    // The oracle agrees: breadcrumbs with density 0.5, gamma 0.25 on n = 4 keeps ranks [1, 3).
    OracleParams p = OracleParams.defaults(1);
    p.density = new double[] {0.5};
    p.gamma = new double[] {0.25};
    assertArrayEquals(out, SpecOracle.merge(Method.BREADCRUMBS, p, "t", new long[] {4}, new float[4],
        List.of(new float[] {0.5f, -0.5f, 0.5f, 0.25f})));
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "scalar", "avx2"})
  void densityTimesCountIsFlooredInBinary64(String backend) {
    // 0.29 * 100 = 28.999999999999996 in binary64, so n_keep = 28, not 29.
    assertEquals(28, SpecOracle.keepAndTop(0.29, 0, 100)[0]);
    MergeKernels k = kernels(backend);
    float[] ft = new float[100];
    for (int i = 0; i < 100; i++) {
      ft[i] = (i + 1) * 0.01f;
    }
    ModelSpec m = new ModelSpec(Mask.RANK, 1f, 0.4f, 1f, false, 0, 0, Bound.NONE_BEFORE, Bound.ALL_BEFORE, 0,
        SpecOracle.keepAndTop(0.29, 0, 100)[0]);
    ChunkStats st = new ChunkStats(1, 0);
    float[] out = rows(k, desc(Combine.TIES, true, 2, m), f32(new float[100]), st, f32(ft));
    assertEquals(28, st.kept[0]);
    long nonzero = 0;
    for (float v : out) {
      nonzero += v != 0f ? 1 : 0;
    }
    assertEquals(28, nonzero);
    OracleParams p = OracleParams.defaults(1);
    p.density = new double[] {0.29};
    assertArrayEquals(out, SpecOracle.merge(Method.TIES, p, "t", new long[] {100}, new float[100], List.of(ft)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "scalar", "avx2"})
  void tiesElectsOnWeightedValues(String backend) {
    // d = (1, 1, 1) with weights (1, 1, -3): v = (1, 1, -3), S = -1 elects minus (an unweighted
    // election would pick plus). acc = -3 (only v_2), one conflict; without normalize out = -3.
    MergeKernels k = kernels(backend);
    ChunkStats st = new ChunkStats(3, 0);
    MergeDesc d = desc(Combine.TIES, false, 2, ModelSpec.all(1f, 0.4f), ModelSpec.all(1f, 0.4f),
        ModelSpec.all(-3f, 0.4f));
    float[] out = rows(k, d, f32(0f), st, f32(1f), f32(1f), f32(1f));
    assertArrayEquals(new float[] {-3f}, out);
    assertEquals(1, st.conflicts);
    // With normalize: D = -3, acc / D = 1.
    float[] norm = rows(k, desc(Combine.TIES, true, 2, d.models().toArray(new ModelSpec[0])), f32(0f),
        new ChunkStats(3, 0), f32(1f), f32(1f), f32(1f));
    assertArrayEquals(new float[] {1f}, norm);
    OracleParams p = OracleParams.defaults(3);
    p.weight = new double[] {1, 1, -3};
    p.normalize = false;
    assertArrayEquals(out, SpecOracle.merge(Method.TIES, p, "t", new long[] {1}, new float[1],
        List.of(new float[] {1f}, new float[] {1f}, new float[] {1f})));
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "scalar", "avx2"})
  void tallMasksAreStrict(String backend) {
    // d = (1, 1), T = 2: |d_t| = 1 against tall * |T - d_t| = tall * 1. tall = 1: 1 > 1 is false, no mask
    // is set, out = base. tall = 0.5: both set, c = 2 >= k = 2, out = base + T.
    MergeKernels k = kernels(backend);
    ChunkStats st = new ChunkStats(2, 0);
    float[] equal = rows(k, desc(Combine.CONSENSUS_SUM, false, 2, ModelSpec.all(1f, 1f), ModelSpec.all(1f, 1f)),
        f32(0f), st, f32(1f), f32(1f));
    assertArrayEquals(new float[] {0f}, equal);
    assertEquals(0, st.consensus);
    float[] above = rows(k, desc(Combine.CONSENSUS_SUM, false, 2, ModelSpec.all(1f, 0.5f), ModelSpec.all(1f, 0.5f)),
        f32(0f), st, f32(1f), f32(1f));
    assertArrayEquals(new float[] {2f}, above);
    assertEquals(1, st.consensus);
    OracleParams p = OracleParams.defaults(2);
    p.tallLambda = new double[] {1.0, 1.0};
    assertArrayEquals(equal, SpecOracle.merge(Method.CONSENSUS_TA, p, "t", new long[] {1}, new float[1],
        List.of(new float[] {1f}, new float[] {1f})));
  }

  @Test
  void splitmix64OfZero() {
    assertEquals(0xE220A8397B1DCDAFL, Splitmix.splitmix64(0));
    assertEquals(0xE220A8397B1DCDAFL, SpecOracle.splitmix64(0));
    assertEquals(0xCBF29CE484222325L, Splitmix.fnv1a64(new byte[0]));
    assertEquals(SpecOracle.fnv1a64("model.layers.0".getBytes()), Splitmix.fnv1a64("model.layers.0".getBytes()));
    String why = BcNative.unavailableReason();
    assumeTrue(why == null, () -> "native library unavailable: " + why);
    assertEquals(0xE220A8397B1DCDAFL, BcNative.bc_splitmix64(0));
    byte[] name = "model.layers.0".getBytes();
    assertEquals(Splitmix.fnv1a64(name), BcNative.bc_fnv1a64(name, name.length));
  }

  /** (float value, expected F16 bits, expected BF16 bits): ties go to the even neighbour. */
  static final float[][] TIES = {
      {1f + 0x1.0p-11f, 0x3C00, 0x3F80},            // F16 halfway 1 / 1+2^-10 -> 1 (even)
      {1f + 3 * 0x1.0p-11f, 0x3C02, 0x3F80},        // F16 halfway 1+2^-10 / 1+2^-9 -> 1+2^-9 (even)
      {1f + 0x1.0p-8f, 0x3C04, 0x3F80},             // BF16 halfway 1 / 1+2^-7 -> 1 (even)
      {1f + 3 * 0x1.0p-8f, 0x3C0C, 0x3F82},         // BF16 halfway 1+2^-7 / 1+2^-6 -> 1+2^-6 (even)
      {65520f, 0x7C00, 0x4780},                     // F16 halfway 65504 / 65536 -> Inf (even)
      {0x1.0p-25f, 0x0000, 0x3300},                 // F16 halfway 0 / least subnormal -> 0
      {3 * 0x1.0p-25f, 0x0002, 0x33C0},             // F16 halfway 1 / 2 subnormal units -> 2
      {-0f, 0x8000, 0x8000},
  };

  @ParameterizedTest
  @ValueSource(strings = {"java", "scalar", "avx2"})
  void narrowingRoundsTiesToEven(String backend) {
    MergeKernels k = kernels(backend);
    float[] v = new float[TIES.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = TIES[i][0];
      assertEquals((short) TIES[i][1], SpecOracle.toF16(v[i]), "oracle F16 of " + v[i]);
      assertEquals((short) TIES[i][2], SpecOracle.toBf16(v[i]), "oracle BF16 of " + v[i]);
    }
    try (MergeKernels.Session s = k.openSession()) {
      for (FloatType type : List.of(FloatType.F16, FloatType.BF16)) {
        ByteBuffer out = KernelData.output(type, v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        s.convert(FloatType.F32, f32(v), type, out, v.length);
        for (int i = 0; i < v.length; i++) {
          assertEquals((short) TIES[i][type == FloatType.F16 ? 1 : 2], out.getShort(2 * i), type + " of " + v[i]);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "scalar", "avx2"})
  void signedZerosShareKeyZero(String backend) {
    MergeKernels k = kernels(backend);
    // d = -0 - 0 = -0 and +0 - 0 = +0: both key 0; ranked by index.
    ByteBuffer base = f32(0f, 0f, -0f);
    ByteBuffer ft = f32(-0f, 0f, 0f);
    try (MergeKernels.Session s = k.openSession()) {
      long[] counts = new long[2];
      s.keyCount(FloatType.F32, base, ft, 3, 0, counts);
      assertArrayEquals(new long[] {0, 3}, counts);
      int[] keys = new int[3];
      s.keysAt(FloatType.F32, base, ft, new long[] {0, 1, 2}, 3, keys);
      assertArrayEquals(new int[] {0, 0, 0}, keys);
      assertEquals(1, s.keyFind(FloatType.F32, base, ft, 3, 0, 1));
    }
    ModelSpec m = new ModelSpec(Mask.RANK, 1f, 0.4f, 1f, false, 0, 0, Bound.NONE_BEFORE, Bound.ALL_BEFORE, 0, 1);
    ChunkStats st = new ChunkStats(1, 0);
    rows(k, desc(Combine.SUM, false, 2, m), base, st, ft);
    assertEquals(1, st.kept[0]);
  }
}

// TensorMergerTest.java — every merge path of TensorMerger (direct, rows, windowed, exact, per-row windowed)
// against the independent SpecOracle, bit for bit, for every backend and thread count.
package org.breadcrumbs4j.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.breadcrumbs4j.config.MergeMethod;
import org.breadcrumbs4j.config.Scope;
import org.breadcrumbs4j.config.TensorParams;
import org.breadcrumbs4j.io.DType;
import org.breadcrumbs4j.kernel.FloatType;
import org.breadcrumbs4j.kernel.Kernels;
import org.breadcrumbs4j.kernel.MergeDesc;
import org.breadcrumbs4j.kernel.MergeKernels;
import org.breadcrumbs4j.kernel.NonFiniteException;
import org.breadcrumbs4j.plan.DescBuilder;
import org.breadcrumbs4j.testing.KernelData;
import org.breadcrumbs4j.testing.KernelData.Dist;
import org.breadcrumbs4j.testing.SpecOracle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tolerance: none. Outputs are compared as bytes after conversion to the output dtype. */
class TensorMergerTest {

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    String[] backends = {"java", "avx2"};
    // {method, dtype, shape, dist, scope, sampled}
    for (String be : backends) {
      for (MergeMethod m : MergeMethod.values()) {
        out.add(Arguments.of(be, m, FloatType.F32, new long[] {300_007}, Dist.NORMAL, Scope.TENSOR, true));
        out.add(Arguments.of(be, m, FloatType.BF16, new long[] {517, 613}, Dist.DUPLICATES, Scope.TENSOR, true));
      }
      for (MergeMethod m : List.of(MergeMethod.BREADCRUMBS, MergeMethod.TIES, MergeMethod.CONSENSUS_TIES)) {
        out.add(Arguments.of(be, m, FloatType.F16, new long[] {3001}, Dist.HEAVY_TAILED, Scope.TENSOR, true));
        out.add(Arguments.of(be, m, FloatType.BF16, new long[] {400_000}, Dist.NORMAL, Scope.TENSOR, true));
        out.add(Arguments.of(be, m, FloatType.BF16, new long[] {400_000}, Dist.ALL_EQUAL, Scope.TENSOR, true));
        out.add(Arguments.of(be, m, FloatType.F32, new long[] {300_001}, Dist.NORMAL, Scope.TENSOR, false)); // exact path
        out.add(Arguments.of(be, m, FloatType.F32, new long[] {7, 33}, Dist.NORMAL, Scope.ROW, true));
        out.add(Arguments.of(be, m, FloatType.BF16, new long[] {2, 270_000}, Dist.DUPLICATES, Scope.ROW, true));
        out.add(Arguments.of(be, m, FloatType.F32, new long[] {}, Dist.NORMAL, Scope.TENSOR, true));
        out.add(Arguments.of(be, m, FloatType.F32, new long[] {0, 5}, Dist.NORMAL, Scope.TENSOR, true));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2} {3} {4} {5} sampled={6}")
  @MethodSource("cases")
  void matchesOracle(String backend, MergeMethod method, FloatType type, long[] shape, Dist dist, Scope scope, boolean sampled) {
    assumeTrue(Kernels.available().contains(backend), () -> backend + " unavailable: " + Kernels.unavailableReason(backend));
    int models = 3;
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    KernelData.Inputs in = KernelData.inputs(dist, type, (int) n, models, 11);
    TensorParams tp = new TensorParams(new double[] {0.5, -0.25, 1.0}, new double[] {0.3, 0.71, 0.5},
        new double[] {0.05, 0.0, 0.1}, new double[] {0.4, 0.2, 0.6}, new Scope[] {scope, scope, scope}, 0.9,
        method.defaultNormalize(), true, 2, 1234);
    SpecOracle.OracleParams op = SpecOracle.OracleParams.defaults(models);
    op.weight = tp.weight();
    op.density = tp.density();
    op.gamma = method.sparsify() == org.breadcrumbs4j.config.Sparsify.BREADCRUMBS ? tp.gamma() : new double[models];
    op.tallLambda = tp.tallLambda();
    Arrays.fill(op.scope, scope == Scope.ROW ? "row" : "tensor");
    op.lambda = tp.lambda();
    op.normalize = tp.normalize();
    op.rescale = tp.rescale();
    op.k = tp.k();
    op.seed = tp.seed();
    String name = "model.layers.3.mlp.up_proj.weight";
    float[] expect = SpecOracle.merge(method.yamlName(), op, name,
        shape, method == MergeMethod.LINEAR ? null : in.baseF(), Arrays.asList(in.ftF()));
    DType dt = dtype(type);
    List<RankSpec> ranks = new ArrayList<>();
    MergeDesc desc = DescBuilder.desc(method, tp, name, dt, dt, ranks);
    byte[] want = KernelData.bytes(SpecOracle.encode(type, expect));
    for (int threads : new int[] {1, 2}) {
      ByteBuffer out = KernelData.output(type, (int) n);
      try (MergeKernels k = Kernels.open(backend); TensorMerger merger = new TensorMerger(k, threads, sampled ? TensorMerger.DEFAULT_SELECTION_BUDGET : 0)) {
        TensorReport r = merger.merge(new TensorTask(name, shape, desc, ranks,
            new MemoryTensorIO(type, method == MergeMethod.LINEAR ? null : in.base(), in.ft(), type, out)));
        long unit = scope == Scope.ROW && shape.length > 0 ? shape[shape.length - 1] : n;
        if (method.sparsify().ranked() && shape.length > 0 && n > 0) {
          assertEquals(unit <= TensorMerger.ROWS_MAX ? "rows" : sampled ? "windowed" : "exact", r.path());
        }
        if (r.path().equals("windowed")) { // these samples predict every boundary: no radix fallback
          assertEquals(0, r.fallbacks(), "fallbacks");
        }
      }
      assertArrayEquals(want, KernelData.bytes(out), "threads=" + threads);
    }
  }

  /**
   * A sample that misses: every element outside the sample blocks gets a huge task vector in model 0, so
   * the sample predicts its boundaries among the small ones. The statistics pass shows the misses, radix
   * selection resolves them, and the output is still SPEC's.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void missedSampleFallsBackToRadixSelection(String backend) {
    assumeTrue(Kernels.available().contains(backend), () -> backend + " unavailable");
    int n = 400_000;
    KernelData.Inputs in = KernelData.inputs(Dist.NORMAL, FloatType.F32, n, 2, 17);
    boolean[] sampled = new boolean[n];
    for (long s0 : KeySample.blockStarts(0, n)) {
      for (int i = 0; i < KeySample.blockLength(n); i++) {
        sampled[(int) s0 + i] = true;
      }
    }
    for (int i = 0; i < n; i++) {
      if (!sampled[i]) {
        float v = in.baseF()[i] + 50f + (i % 1000) * 0.01f;
        in.ftF()[0][i] = v;
        in.ft()[0].putFloat(4 * i, v);
      }
    }
    breadcrumbsOfTwo(backend, in, TensorMerger.DEFAULT_SELECTION_BUDGET, 2); // model 0's two boundaries
  }

  /** Breadcrumbs over a 1-D unit of two models through the windowed path: SPEC's output, fallbacks counted. */
  private static void breadcrumbsOfTwo(String backend, KernelData.Inputs in, long selectionBudget, int fallbacks) {
    int n = in.n();
    FloatType type = in.type();
    TensorParams tp = new TensorParams(new double[] {1, 0.5}, new double[] {0.2, 0.3}, new double[] {0.02, 0.05},
        new double[] {0.4, 0.4}, new Scope[] {Scope.TENSOR, Scope.TENSOR}, 1, false, true, 2, 0);
    SpecOracle.OracleParams op = SpecOracle.OracleParams.defaults(2);
    op.weight = tp.weight();
    op.density = tp.density();
    op.gamma = tp.gamma();
    float[] expect = SpecOracle.merge("breadcrumbs", op, "w", new long[] {n}, in.baseF(), Arrays.asList(in.ftF()));
    List<RankSpec> ranks = new ArrayList<>();
    MergeDesc desc = DescBuilder.desc(MergeMethod.BREADCRUMBS, tp, "w", dtype(type), dtype(type), ranks);
    ByteBuffer out = KernelData.output(type, n);
    try (MergeKernels k = Kernels.open(backend); TensorMerger merger = new TensorMerger(k, 2, selectionBudget)) {
      TensorReport r = merger.merge(new TensorTask("w", new long[] {n}, desc, ranks,
          new MemoryTensorIO(type, in.base(), in.ft(), type, out)));
      assertEquals("windowed", r.path());
      assertEquals(fallbacks, r.fallbacks(), "boundaries resolved by radix selection");
    }
    assertArrayEquals(KernelData.bytes(SpecOracle.encode(type, expect)), KernelData.bytes(out));
  }

  /** Window records beyond the selection budget: every boundary by radix selection, the same output. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void recordsBeyondTheBudgetUseRadixSelection(String backend) {
    assumeTrue(Kernels.available().contains(backend), () -> backend + " unavailable");
    int n = 300_001;
    KernelData.Inputs in = KernelData.inputs(Dist.NORMAL, FloatType.BF16, n, 2, 23);
    breadcrumbsOfTwo(backend, in, 1, 4); // two boundaries of two models
  }

  private static DType dtype(FloatType t) {
    return switch (t) {
      case F32 -> DType.F32;
      case F16 -> DType.F16;
      case BF16 -> DType.BF16;
      case F64 -> DType.F64;
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void nonFiniteNamesSmallestIndex(String backend) {
    assumeTrue(Kernels.available().contains(backend), () -> backend + " unavailable");
    int n = 400_000;
    KernelData.Inputs in = KernelData.inputs(Dist.NORMAL, FloatType.F32, n, 2, 5);
    in.ft()[1].putFloat(4 * 350_000, Float.NaN);
    in.base().putFloat(4 * 390_000, Float.POSITIVE_INFINITY);
    in.ft()[0].putFloat(4 * 350_000, Float.NEGATIVE_INFINITY);
    TensorParams tp = new TensorParams(new double[] {1, 1}, new double[] {0.5, 0.5}, new double[] {0.01, 0.01},
        new double[] {0.4, 0.4}, new Scope[] {Scope.TENSOR, Scope.TENSOR}, 1, false, true, 2, 0);
    List<RankSpec> ranks = new ArrayList<>();
    MergeDesc desc = DescBuilder.desc(MergeMethod.BREADCRUMBS, tp, "w", DType.F32, DType.F32, ranks);
    try (MergeKernels k = Kernels.open(backend); TensorMerger merger = new TensorMerger(k, 2)) {
      NonFiniteException e = assertThrows(NonFiniteException.class, () -> merger.merge(new TensorTask("w", new long[] {n},
          desc, ranks, new MemoryTensorIO(FloatType.F32, in.base(), in.ft(), FloatType.F32, KernelData.output(FloatType.F32, n)))));
      assertEquals(0, e.input());
      assertEquals(350_000, e.index());
    }
  }

  static Stream<String> backends() {
    return Stream.of("java", "scalar", "avx2");
  }
}

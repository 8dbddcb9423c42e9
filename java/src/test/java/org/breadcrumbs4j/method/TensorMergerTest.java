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
    // {method, dtype, shape, dist, scope, heldBudget}
    for (String be : backends) {
      for (MergeMethod m : MergeMethod.values()) {
        out.add(Arguments.of(be, m, FloatType.F32, new long[] {300_007}, Dist.NORMAL, Scope.TENSOR, Long.MAX_VALUE));
        out.add(Arguments.of(be, m, FloatType.BF16, new long[] {517, 613}, Dist.DUPLICATES, Scope.TENSOR, Long.MAX_VALUE));
      }
      for (MergeMethod m : List.of(MergeMethod.BREADCRUMBS, MergeMethod.TIES, MergeMethod.CONSENSUS_TIES)) {
        out.add(Arguments.of(be, m, FloatType.F16, new long[] {3001}, Dist.HEAVY_TAILED, Scope.TENSOR, Long.MAX_VALUE));
        out.add(Arguments.of(be, m, FloatType.BF16, new long[] {400_000}, Dist.NORMAL, Scope.TENSOR, Long.MAX_VALUE));
        out.add(Arguments.of(be, m, FloatType.BF16, new long[] {400_000}, Dist.ALL_EQUAL, Scope.TENSOR, Long.MAX_VALUE));
        out.add(Arguments.of(be, m, FloatType.F32, new long[] {300_001}, Dist.NORMAL, Scope.TENSOR, 1L)); // exact path
        out.add(Arguments.of(be, m, FloatType.F32, new long[] {7, 33}, Dist.NORMAL, Scope.ROW, Long.MAX_VALUE));
        out.add(Arguments.of(be, m, FloatType.BF16, new long[] {2, 270_000}, Dist.DUPLICATES, Scope.ROW, Long.MAX_VALUE));
        out.add(Arguments.of(be, m, FloatType.F32, new long[] {}, Dist.NORMAL, Scope.TENSOR, Long.MAX_VALUE));
        out.add(Arguments.of(be, m, FloatType.F32, new long[] {0, 5}, Dist.NORMAL, Scope.TENSOR, Long.MAX_VALUE));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2} {3} {4} {5} held={6}")
  @MethodSource("cases")
  void matchesOracle(String backend, MergeMethod method, FloatType type, long[] shape, Dist dist, Scope scope, long held) {
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
      try (MergeKernels k = Kernels.open(backend); TensorMerger merger = new TensorMerger(k, threads, held)) {
        TensorReport r = merger.merge(new TensorTask(name, shape, desc, ranks,
            new MemoryTensorIO(type, method == MergeMethod.LINEAR ? null : in.base(), in.ft(), type, out)));
        long unit = scope == Scope.ROW && shape.length > 0 ? shape[shape.length - 1] : n;
        if (method.sparsify().ranked() && shape.length > 0 && n > 0) {
          assertEquals(unit <= TensorMerger.ROWS_MAX ? "rows" : held == 1 ? "exact" : "windowed", r.path());
        }
        if (threads == 1 && r.path().equals("windowed")) {
          System.out.printf("windowed %s %s %s: candidates=%d fallbacks=%d%n", method, type, dist, r.candidates(), r.fallbacks());
        }
      }
      assertArrayEquals(want, KernelData.bytes(out), "threads=" + threads);
    }
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
    try (MergeKernels k = Kernels.open(backend); TensorMerger merger = new TensorMerger(k, 2, Long.MAX_VALUE)) {
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

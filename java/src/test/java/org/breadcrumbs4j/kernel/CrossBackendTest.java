// CrossBackendTest.java — the shared case list (sizes x dtypes x distributions) drives every backend (java,
// avx2) against the native scalar reference, for every Session method (ggml test-backend-ops style).
// Tolerance: none. SPEC.md requires bit-identical results, so outputs, statistics, candidate lists and
// errors are compared exactly; a backend that cannot run here is skipped with the reason (assumeTrue).
package org.breadcrumbs4j.kernel;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.breadcrumbs4j.testing.KernelData;
import org.breadcrumbs4j.testing.KernelData.Dist;
import org.breadcrumbs4j.testing.KernelData.Inputs;
import org.breadcrumbs4j.testing.Outcome;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class CrossBackendTest {
  static final int MODELS = 3;
  private static final Map<String, Inputs> DATA = new ConcurrentHashMap<>();

  static Inputs data(Dist dist, FloatType type, int n) {
    return DATA.computeIfAbsent(dist + "/" + type + "/" + n, k -> KernelData.inputs(dist, type, n, MODELS, 1));
  }

  /** The backend under test, or a skip naming why it cannot run. */
  static MergeKernels backend(String name) {
    String refWhy = Kernels.unavailableReason("scalar");
    assumeTrue(refWhy == null, () -> "scalar reference unavailable: " + refWhy);
    String why = Kernels.unavailableReason(name);
    assumeTrue(why == null, () -> name + " backend unavailable: " + why);
    return Kernels.open(name);
  }

  @FunctionalInterface
  interface Op {
    /** Runs one method on one input set, recording what it produced. */
    void run(MergeKernels.Session s, Inputs in, Outcome o);
  }

  static final Map<String, Op> OPS = new java.util.LinkedHashMap<>();

  static {
    OPS.put("convert", KernelOps::convert);
    OPS.put("findNonFinite", KernelOps::findNonFinite);
    OPS.put("keyHistogram", KernelOps::keyHistogram);
    OPS.put("keyCount", KernelOps::keyCount);
    OPS.put("keyFind", KernelOps::keyFind);
    OPS.put("keysAt", KernelOps::keysAt);
    OPS.put("mergeChunk", KernelOps::mergeChunk);
    OPS.put("scanBounds", KernelOps::scanBounds);
    OPS.put("mergePoints", KernelOps::mergePoints);
    OPS.put("mergeRows", KernelOps::mergeRows);
  }

  @TestFactory
  Stream<DynamicNode> everyBackendMatchesScalarReference() {
    List<DynamicNode> backends = new ArrayList<>();
    for (String name : List.of("java", "avx2")) {
      List<DynamicNode> ops = new ArrayList<>();
      for (Map.Entry<String, Op> op : OPS.entrySet()) {
        List<DynamicNode> cases = new ArrayList<>();
        for (FloatType type : KernelData.DTYPES) {
          for (Dist dist : Dist.values()) {
            cases.add(DynamicTest.dynamicTest(type + " " + dist, () -> {
              MergeKernels x = backend(name);
              MergeKernels ref = Kernels.open("scalar");
              try (MergeKernels.Session rs = ref.openSession(); MergeKernels.Session xs = x.openSession()) {
                for (int n : KernelData.SIZES) {
                  compare(op.getValue(), rs, xs, data(dist, type, n), name + " " + op.getKey() + " " + type + " "
                      + dist + " n=" + n);
                }
              }
            }));
          }
        }
        ops.add(DynamicContainer.dynamicContainer(op.getKey(), cases));
      }
      backends.add(DynamicContainer.dynamicContainer(name, ops));
    }
    return backends.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyBitPatternConvertsLikeTheReference() {
    return Stream.of("java", "avx2").map(name -> DynamicTest.dynamicTest(name, () -> {
      MergeKernels x = backend(name);
      try (MergeKernels.Session rs = Kernels.open("scalar").openSession(); MergeKernels.Session xs = x.openSession()) {
        Outcome.assertSame(Outcome.of(o -> KernelOps.convertAllHalfPatterns(rs, o)),
            Outcome.of(o -> KernelOps.convertAllHalfPatterns(xs, o)), name + " conversions of all bit patterns");
      }
    }));
  }

  /** The 1M+3 size, for a few combinations only (keeps the suite fast). */
  @TestFactory
  Stream<DynamicNode> bigChunks() {
    List<DynamicNode> tests = new ArrayList<>();
    record Big(String op, FloatType type, Dist dist) {}
    List<Big> bigs = List.of(new Big("mergeChunk", FloatType.F32, Dist.NORMAL), new Big("scanBounds", FloatType.BF16, Dist.NORMAL),
        new Big("mergeRows", FloatType.BF16, Dist.DUPLICATES), new Big("keyHistogram", FloatType.F16, Dist.HEAVY_TAILED),
        new Big("convert", FloatType.F32, Dist.NORMAL));
    for (String name : List.of("java", "avx2")) {
      for (Big b : bigs) {
        tests.add(DynamicTest.dynamicTest(name + " " + b.op + " " + b.type + " " + b.dist + " n=1M+3", () -> {
          MergeKernels x = backend(name);
          try (MergeKernels.Session rs = Kernels.open("scalar").openSession(); MergeKernels.Session xs = x.openSession()) {
            Inputs in = KernelData.inputs(b.dist, b.type, KernelData.BIG, MODELS, 2);
            compare(OPS.get(b.op), rs, xs, in, name + " " + b.op + " big");
          }
        }));
      }
    }
    return tests.stream();
  }

  static void compare(Op op, MergeKernels.Session ref, MergeKernels.Session x, Inputs in, String what) {
    Outcome expected = Outcome.of(o -> op.run(ref, in, o));
    Outcome actual = Outcome.of(o -> op.run(x, in, o));
    Outcome.assertSame(expected, actual, what);
  }

  /** A fresh zeroed output buffer (outputs must not leak between backends). */
  static ByteBuffer out(FloatType type, long n) {
    return KernelData.output(type, (int) n);
  }
}

// OracleTest.java — every backend against SpecOracle, method by method through the rows and chunk kernels; for
// the pure-Java backend this proves the kernel layer right independently of the native scalar reference.
// Tolerance: none. Outputs are compared bit for bit after conversion to the output dtype.
package org.breadcrumbs4j.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.breadcrumbs4j.testing.KernelData;
import org.breadcrumbs4j.testing.KernelData.Dist;
import org.breadcrumbs4j.testing.KernelData.Inputs;
import org.breadcrumbs4j.testing.MethodDescs;
import org.breadcrumbs4j.testing.SpecOracle;
import org.breadcrumbs4j.testing.SpecOracle.Method;
import org.breadcrumbs4j.testing.SpecOracle.OracleParams;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class OracleTest {
  private static final List<long[]> SHAPES = List.of(new long[] {}, new long[] {1}, new long[] {7}, new long[] {3, 5},
      new long[] {4, 33}, new long[] {257}, new long[] {2, 4097}, new long[] {9, 1});
  private static final List<Dist> DISTS = List.of(Dist.NORMAL, Dist.DUPLICATES, Dist.ALL_EQUAL, Dist.ZEROS,
      Dist.SIGNED_ZEROS, Dist.DENORMALS, Dist.HEAVY_TAILED);

  static OracleParams params(int variant) {
    OracleParams p = OracleParams.defaults(3);
    switch (variant) {
      case 0 -> {
        p.weight = new double[] {1.0, 0.5, 0.75};
        p.density = new double[] {0.29, 0.5, 0.9};
        p.gamma = new double[] {0.1, 0.05, 0.2};
        p.lambda = 0.9;
      }
      case 1 -> { // negative weight, normalize flipped, DARE without rescale, k = 1
        p.weight = new double[] {0.8, -0.6, 1.3};
        p.density = new double[] {0.7, 0.3, 1.0};
        p.gamma = new double[] {0.0, 0.3, 0.1};
        p.tallLambda = new double[] {0.3, 0.5, 0.4};
        p.normalize = Boolean.TRUE;
        p.rescale = false;
        p.k = 1;
        p.seed = 42;
      }
      default -> { // row scope, k = 3
        p.weight = new double[] {1.0, 1.0, 0.25};
        p.density = new double[] {0.5, 0.1, 0.6};
        p.gamma = new double[] {0.25, 0.0, 0.5};
        p.scope = new String[] {"row", "row", "row"};
        p.normalize = Boolean.FALSE;
        p.k = 3;
        p.seed = -7;
      }
    }
    return p;
  }

  @TestFactory
  Stream<DynamicNode> kernelsMatchOracle() {
    List<DynamicNode> backends = new ArrayList<>();
    for (String backend : List.of("java", "scalar", "avx2")) {
      List<DynamicNode> tests = new ArrayList<>();
      for (Method m : Method.values()) {
        for (FloatType type : KernelData.DTYPES) {
          tests.add(DynamicTest.dynamicTest(m.specName() + " " + type, () -> {
            String why = Kernels.unavailableReason(backend);
            assumeTrue(why == null, () -> backend + " backend unavailable: " + why);
            MergeKernels k = Kernels.open(backend);
            for (int variant = 0; variant < 3; variant++) {
              for (long[] shape : SHAPES) {
                for (Dist dist : DISTS) {
                  checkRows(k, m, type, variant, shape, dist);
                }
              }
            }
          }));
        }
      }
      backends.add(DynamicContainer.dynamicContainer(backend, tests));
    }
    return backends.stream();
  }

  private static void checkRows(MergeKernels k, Method m, FloatType type, int variant, long[] shape, Dist dist) {
    int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    Inputs in = KernelData.inputs(dist, type, n, 3, variant);
    OracleParams p = params(variant);
    String name = "model.layers." + variant + ".mlp.weight";
    FloatType outType = variant == 1 ? FloatType.BF16 : type;
    float[] expected = SpecOracle.merge(m, p, name, shape, in.baseF(), List.of(in.ftF()));
    byte[] expectedBytes = KernelData.bytes(SpecOracle.encode(outType, expected));
    boolean row = "row".equals(p.scope[0]);
    long rowLen = shape.length == 0 ? 1 : row ? shape[shape.length - 1] : n;
    MergeDesc desc = MethodDescs.desc(m, p, name, shape, rowLen, type, outType);
    String what = k.name() + " " + m.specName() + " " + type + "->" + outType + " variant " + variant + " shape "
        + Arrays.toString(shape) + " " + dist;
    try (MergeKernels.Session s = k.openSession()) {
      ByteBuffer out = KernelData.output(outType, n);
      Chunk chunk = new Chunk(n, 0, m == Method.LINEAR && variant == 2 ? null : in.base(), in.ft(), out);
      ChunkStats stats = new ChunkStats(3, 0);
      s.mergeRows(desc, chunk, rowLen, stats);
      assertArrayEquals(expectedBytes, KernelData.bytes(out), "rows kernel: " + what);
      if (!row) { // whole-tensor units also through the chunk kernel with exact bounds, in 3 chunks
        MergeDesc exact = MethodDescs.withExactBounds(desc, in.baseF(), in.ftF());
        ByteBuffer out2 = KernelData.output(outType, n);
        ChunkStats st2 = new ChunkStats(3, 0);
        int[] cuts = {0, n / 3, (2 * n) / 3, n};
        for (int c = 0; c < 3; c++) {
          int from = cuts[c];
          int len = cuts[c + 1] - from;
          ByteBuffer[] fts = new ByteBuffer[3];
          for (int t = 0; t < 3; t++) {
            fts[t] = KernelData.slice(in.ft()[t], type, from, len);
          }
          s.mergeChunk(exact, new Chunk(len, from, KernelData.slice(in.base(), type, from, len), fts,
              KernelData.slice(out2, outType, from, len)), st2);
        }
        assertArrayEquals(expectedBytes, KernelData.bytes(out2), "chunk kernel, exact bounds: " + what);
        assertEquals(0, st2.candidates, "exact bounds leave no candidates: " + what);
        if (shape.length > 0 && m != Method.LINEAR) {
          assertArrayEquals(stats.kept, st2.kept, "kept counts rows vs chunk: " + what);
        }
      }
    }
  }
}

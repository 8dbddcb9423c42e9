// RandomizedCrossBackendTest.java — random descs (masks, weights incl. 0 and negative, lambda, k, TALL lambdas,
// bounds from the data or from raw bit patterns) on random inputs, every backend against the scalar reference.
// Tolerance: none (bit-exact); reproducible from the printed seed.
package org.breadcrumbs4j.kernel;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.breadcrumbs4j.testing.KernelData;
import org.breadcrumbs4j.testing.KernelData.Dist;
import org.breadcrumbs4j.testing.KernelData.Inputs;
import org.breadcrumbs4j.testing.Outcome;
import org.breadcrumbs4j.testing.SpecOracle;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class RandomizedCrossBackendTest {
  private static final int CASES = 3000;

  @TestFactory
  Stream<DynamicTest> randomCasesMatchScalarReference() {
    return Stream.of("java", "avx2").map(name -> DynamicTest.dynamicTest(name, () -> {
      MergeKernels x = CrossBackendTest.backend(name);
      try (MergeKernels.Session rs = Kernels.open("scalar").openSession(); MergeKernels.Session xs = x.openSession()) {
        for (int c = 0; c < CASES; c++) {
          long seed = 0xB5EEDL * 31 + c;
          Outcome.assertSame(Outcome.of(o -> run(rs, seed, o)), Outcome.of(o -> run(xs, seed, o)),
              name + " random case seed " + seed);
        }
      }
    }));
  }

  private static int randomKey(SplittableRandom r, float[] d) {
    if (d.length > 0 && r.nextInt(4) != 0) {
      return Float.floatToRawIntBits(d[r.nextInt(d.length)]) & 0x7FFFFFFF;
    }
    return switch (r.nextInt(4)) {
      case 0 -> 0;
      case 1 -> 0xFFFFFFFF;
      case 2 -> 0x7F800000;
      default -> r.nextInt() >>> 1;
    };
  }

  private static Bound randomBound(SplittableRandom r, float[] d) {
    switch (r.nextInt(5)) {
      case 0:
        return Bound.NONE_BEFORE;
      case 1:
        return Bound.ALL_BEFORE;
      case 2: {
        int a = randomKey(r, d);
        int b = randomKey(r, d);
        if (a == b) {
          return Bound.exact(a, r.nextInt(d.length + 2) - 1L);
        }
        int g = randomKey(r, d); // the provisional guess: any key, even outside the window
        return Integer.compareUnsigned(a, b) > 0 ? Bound.window(a, b, g) : Bound.window(b, a, g);
      }
      default:
        return Bound.exact(randomKey(r, d), r.nextInt(d.length + 2) - 1L);
    }
  }

  private static float randomWeight(SplittableRandom r) {
    return switch (r.nextInt(6)) {
      case 0 -> 0f;
      case 1 -> -r.nextFloat() * 2;
      case 2 -> 1f;
      default -> r.nextFloat() * 2;
    };
  }

  static void run(MergeKernels.Session s, long seed, Outcome o) {
    SplittableRandom r = new SplittableRandom(seed);
    int models = 1 + r.nextInt(4);
    int n = r.nextInt(8) == 0 ? 0 : 1 + r.nextInt(300);
    FloatType type = KernelData.DTYPES.get(r.nextInt(4));
    FloatType outType = KernelData.DTYPES.get(r.nextInt(4));
    Dist dist = Dist.values()[r.nextInt(Dist.values().length - (r.nextInt(5) == 0 ? 0 : 1))];
    Inputs in = KernelData.inputs(dist, type, n, models, seed);
    List<ModelSpec> specs = new ArrayList<>();
    float ws = 0f;
    for (int t = 0; t < models; t++) {
      float[] d = KernelOps.d(in, t);
      float w = randomWeight(r);
      ws += w;
      float tall = r.nextInt(5) == 0 ? 0f : r.nextFloat();
      double rho = r.nextInt(6) == 0 ? 1.0 : r.nextDouble();
      Mask mask = Mask.values()[r.nextInt(3)];
      specs.add(new ModelSpec(mask, w, tall, (float) rho, r.nextBoolean(), rho * 0x1.0p53, r.nextLong(),
          randomBound(r, d), randomBound(r, d), r.nextInt(n + 3) - 1L, r.nextInt(n + 3) - 1L));
    }
    Combine combine = Combine.values()[r.nextInt(5)];
    float lambda = r.nextInt(4) == 0 ? 0f : r.nextFloat() * 2 - 0.5f;
    if (r.nextInt(4) == 0) {
      ws = randomWeight(r); // the kernels take W as given
    }
    MergeDesc desc = new MergeDesc(combine, type, outType, lambda, r.nextBoolean(), ws, r.nextInt(models + 2), specs);
    int from = n == 0 ? 0 : r.nextInt(n);
    int capacity = r.nextInt(3) == 0 ? r.nextInt(4) : n;
    ByteBuffer out = KernelData.output(outType, n - from);
    ChunkStats st = new ChunkStats(models, capacity);
    if (KernelOps.sub(o, "chunk", () -> s.mergeChunk(desc, KernelOps.chunk(in, desc, from, out), st))) {
      o.add("chunk out", KernelData.bytes(out)).stats("chunk", st);
    }
    long[] pos = new long[r.nextInt(n - from + 1)];
    for (int j = 0; j < pos.length; j++) {
      pos[j] = from + r.nextInt(n - from);
    }
    java.util.Arrays.sort(pos);
    boolean write = r.nextBoolean();
    ChunkStats ps = new ChunkStats(models, capacity);
    if (KernelOps.sub(o, "points", () -> s.mergePoints(desc, KernelOps.chunk(in, desc, from, out), pos, pos.length,
        write, ps))) {
      o.add("points out", KernelData.bytes(out)).stats("points", ps);
    }
    List<Integer> divisors = new ArrayList<>();
    for (int len = 1; len <= n; len++) {
      if (n % len == 0) {
        divisors.add(len);
      }
    }
    if (!divisors.isEmpty()) {
      int rowLen = divisors.get(r.nextInt(divisors.size()));
      ByteBuffer rowsOut = KernelData.output(outType, n);
      ChunkStats rst = new ChunkStats(models, 0);
      if (KernelOps.sub(o, "rows", () -> s.mergeRows(desc, KernelOps.chunk(in, desc, 0, rowsOut), rowLen, rst))) {
        o.add("rows out", KernelData.bytes(rowsOut)).stats("rows", rst);
      }
    }
    o.add("seed", SpecOracle.splitmix64(seed)); // keeps the record labelled even when everything threw
  }
}

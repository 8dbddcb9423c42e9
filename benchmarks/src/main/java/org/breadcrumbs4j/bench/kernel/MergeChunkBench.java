// MergeChunkBench.java — the pure kernel: one Session.mergeChunk over a 1M-element chunk with exact (point) rank
// bounds, per backend, dtype, size (odd sizes exercise the vector tails) and model count N. Single thread.
package org.breadcrumbs4j.bench.kernel;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.breadcrumbs4j.bench.support.Data;
import org.breadcrumbs4j.bench.support.Oracle;
import org.breadcrumbs4j.bench.support.Slowdown;
import org.breadcrumbs4j.config.MergeMethod;
import org.breadcrumbs4j.kernel.Chunk;
import org.breadcrumbs4j.kernel.ChunkStats;
import org.breadcrumbs4j.kernel.FloatType;
import org.breadcrumbs4j.kernel.Kernels;
import org.breadcrumbs4j.kernel.MergeDesc;
import org.breadcrumbs4j.kernel.MergeKernels;
import org.breadcrumbs4j.kernel.ModelSpec;
import org.breadcrumbs4j.method.RankSpec;
import org.breadcrumbs4j.plan.DescBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bytes per op = n x size(dtype) x (N + 2). The bounds are exact ranks (breadcrumbs, density 0.1, gamma 0.01)
 * computed by the oracle in setup, so the kernel runs its point mode: every element decided, no candidates.
 * Fork/warm-up: native backends need no JIT warm-up, but the java backend does (C2 compiles its loop within the
 * first ~10 calls of a 10 ms op); two 1 s warm-up iterations cover it. Each parameter combination gets its own
 * JVM (fork) so one backend's JIT profile cannot slow another's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx4g", "-XX:MaxDirectMemorySize=16g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MergeChunkBench {
  /** benchmarks/run passes -p backend=<what Kernels.available() lists here>, which includes cuda where it is built. */
  @Param({"avx2", "scalar", "java"})
  public String backend;

  @Param({"F32", "F16", "BF16"})
  public FloatType dtype;

  /** 2^20 and an odd size (the vector kernels' scalar tails run). */
  @Param({"1048576", "1048573"})
  public int n;

  @Param({"2", "8"})
  public int models;

  private MergeKernels kernels;
  private MergeKernels.Session session;
  private MergeDesc desc;
  private Chunk chunk;
  private ChunkStats stats;

  @Setup(Level.Trial)
  public void setup() {
    String why = Kernels.unavailableReason(backend);
    if (why != null) {
      throw new IllegalStateException("backend " + backend + " unavailable here: " + why);
    }
    Data data = new Data(dtype, n, models, 42);
    double[] density = new double[models];
    double[] gamma = new double[models];
    java.util.Arrays.fill(density, 0.1);
    java.util.Arrays.fill(gamma, 0.01);
    List<RankSpec> ranks = new ArrayList<>();
    MergeDesc d = DescBuilder.desc(MergeMethod.BREADCRUMBS, TensorMergeBench.params(models, 0.1, 0.01, false), "bench.weight",
        Data.dtype(dtype), Data.dtype(dtype), ranks);
    Oracle.Boundary[][] b = Oracle.bounds(dtype, data.base, data.fts, n, density, gamma);
    List<ModelSpec> ms = new ArrayList<>();
    for (int t = 0; t < models; t++) {
      ms.add(d.models().get(t).withBounds(b[t][0].bound(), b[t][1].bound()));
    }
    desc = d.withModels(ms);
    ByteBuffer out = Data.alloc(dtype, n);
    chunk = new Chunk(n, 0, data.base, data.fts, out);
    stats = new ChunkStats(models, 0);
    kernels = Slowdown.open(backend);
    session = kernels.openSession();
    // Self-check once: output bit-identical to the oracle, and every model kept exactly n_keep elements.
    merge();
    Oracle.assertSame("mergeChunk " + backend + " " + dtype, dtype, Oracle.merge(desc, data.base, data.fts, n, b), out, n);
    long[] r = Oracle.keptRanks(0.1, 0.01, n);
    for (int t = 0; t < models; t++) {
      if (stats.kept[t] != r[1] - r[0] || stats.candidates != 0) {
        throw new IllegalStateException("mergeChunk " + backend + ": model " + t + " kept " + stats.kept[t] + ", expected "
            + (r[1] - r[0]) + " (candidates " + stats.candidates + ")");
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    session.close();
    kernels.close();
  }

  @Benchmark
  public long merge() {
    stats.reset();
    session.mergeChunk(desc, chunk, stats);
    return stats.kept[0];
  }
}

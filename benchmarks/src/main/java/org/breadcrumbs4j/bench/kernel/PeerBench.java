// PeerBench.java — the peer baseline measured side by side: sort-based breadcrumbs in plain Java (what a JVM user
// writes without breadcrumbs4j), same data, parameters, threads and byte accounting as TensorMergeBench.
package org.breadcrumbs4j.bench.kernel;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.breadcrumbs4j.bench.support.Data;
import org.breadcrumbs4j.bench.support.Oracle;
import org.breadcrumbs4j.bench.support.PeerBreadcrumbs;
import org.breadcrumbs4j.config.MergeMethod;
import org.breadcrumbs4j.kernel.FloatType;
import org.breadcrumbs4j.kernel.Kernels;
import org.breadcrumbs4j.kernel.MergeDesc;
import org.breadcrumbs4j.kernel.MergeKernels;
import org.breadcrumbs4j.method.MemoryTensorIO;
import org.breadcrumbs4j.method.RankSpec;
import org.breadcrumbs4j.method.TensorMerger;
import org.breadcrumbs4j.method.TensorTask;
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
 * Bytes per op = elements x size(dtype) x (N + 2), as for TensorMergeBench; "speed-up" in the report is
 * TensorMergeBench GB/s over this benchmark's GB/s for the same dtype (sizes may differ: both are per byte, and
 * a sort's n log n makes the peer slower per byte at 16M than at 4M, so quoting a smaller peer favours the peer).
 * Fork/warm-up: ops take seconds (8 sorts of n longs), so one warm-up iteration suffices for C2; 2 forks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx8g", "-XX:MaxDirectMemorySize=16g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
public class PeerBench {
  @Param({"F32", "BF16"})
  public FloatType dtype;

  @Param({"16777216"})
  public int elements;

  @Param({"8"})
  public int models;

  @Param({"2"})
  public int threads;

  private Data data;
  private float[] weights;
  private ByteBuffer out;
  private ExecutorService pool;

  @Setup(Level.Trial)
  public void setup() {
    data = new Data(dtype, elements, models, 7);
    weights = new float[models];
    Arrays.fill(weights, (float) (1.0 / models));
    out = Data.alloc(dtype, elements);
    pool = Executors.newFixedThreadPool(threads);
    merge();
    // Self-check once: the peer must compute exactly what TensorMerger computes (SPEC semantics, bit for bit).
    List<RankSpec> ranks = new ArrayList<>();
    MergeDesc desc = DescBuilder.desc(MergeMethod.BREADCRUMBS, TensorMergeBench.params(models, 0.1, 0.01, false),
        "bench.weight", Data.dtype(dtype), Data.dtype(dtype), ranks);
    ByteBuffer ours = Data.alloc(dtype, elements);
    try (MergeKernels k = Kernels.open(Kernels.available().get(0)); TensorMerger m = new TensorMerger(k, threads)) {
      m.merge(new TensorTask("bench.weight", new long[] {elements}, desc, ranks,
          new MemoryTensorIO(dtype, data.base, data.fts, dtype, ours)));
    }
    Oracle.assertSame("peer breadcrumbs " + dtype + " vs TensorMerger", dtype, ours, out, elements);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.shutdownNow();
  }

  @Benchmark
  public ByteBuffer merge() {
    PeerBreadcrumbs.merge(dtype, data.base, data.fts, elements, weights, 0.1, 0.01, 1f, out, pool, threads);
    return out;
  }
}

// TensorMergeBench.java — one whole tensor merged in memory by TensorMerger (the headline: breadcrumbs over N=8
// task vectors of 16M elements, 2 threads), per backend, method, dtype, size and N.
package org.breadcrumbs4j.bench.kernel;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.breadcrumbs4j.bench.support.Data;
import org.breadcrumbs4j.bench.support.Oracle;
import org.breadcrumbs4j.bench.support.Slowdown;
import org.breadcrumbs4j.config.MergeMethod;
import org.breadcrumbs4j.config.Scope;
import org.breadcrumbs4j.config.TensorParams;
import org.breadcrumbs4j.kernel.FloatType;
import org.breadcrumbs4j.kernel.Kernels;
import org.breadcrumbs4j.kernel.MergeDesc;
import org.breadcrumbs4j.kernel.MergeKernels;
import org.breadcrumbs4j.method.MemoryTensorIO;
import org.breadcrumbs4j.method.RankSpec;
import org.breadcrumbs4j.method.TensorMerger;
import org.breadcrumbs4j.method.TensorReport;
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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bytes per op = elements x size(dtype) x (N + 2). breadcrumbs: density 0.1, gamma 0.01; ties: density 0.1;
 * task_arithmetic: dense. Weights 1/N, lambda 1, the method's default normalize. A 1-D tensor is one ranking
 * unit, so ranked methods take TensorMerger's windowed path (sample, fused pass, resolve candidates).
 * Fork/warm-up: an op takes 0.1-3 s, so a single 2 s warm-up iteration already runs the Java driver (and the java
 * backend's loops) through C2 several times; forks give each combination a fresh JVM and heap.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx6g", "-XX:MaxDirectMemorySize=16g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class TensorMergeBench {
  /** benchmarks/run passes the backends Kernels.available() lists here (cuda included where it is built). */
  @Param({"avx2", "scalar", "java"})
  public String backend;

  @Param({"breadcrumbs", "ties", "task_arithmetic"})
  public String method;

  @Param({"F32", "BF16"})
  public FloatType dtype;

  /** 16M (the headline) and an odd size: chunks and vector tails that do not divide evenly. */
  @Param({"16777216", "4194301"})
  public int elements;

  @Param({"8"})
  public int models;

  /** The merge's worker threads (the probe's 2-thread copy is the reference for this). */
  @Param({"2"})
  public int threads;

  private MergeKernels kernels;
  private TensorMerger merger;
  private TensorTask task;
  private ByteBuffer out;

  /** Resolved parameters as the planner would produce them: weight 1/N, scope tensor, tall_lambda 0.4, k 2. */
  static TensorParams params(int models, double density, double gamma, boolean normalize) {
    double[] w = new double[models];
    double[] dens = new double[models];
    double[] gam = new double[models];
    double[] tall = new double[models];
    Scope[] sc = new Scope[models];
    Arrays.fill(w, 1.0 / models);
    Arrays.fill(dens, density);
    Arrays.fill(gam, gamma);
    Arrays.fill(tall, 0.4);
    Arrays.fill(sc, Scope.TENSOR);
    return new TensorParams(w, dens, gam, tall, sc, 1.0, normalize, true, 2, 0);
  }

  @Setup(Level.Trial)
  public void setup() {
    String why = Kernels.unavailableReason(backend);
    if (why != null) {
      throw new IllegalStateException("backend " + backend + " unavailable here: " + why);
    }
    MergeMethod m = MergeMethod.fromYaml(method);
    Data data = new Data(dtype, elements, models, 7);
    List<RankSpec> ranks = new ArrayList<>();
    MergeDesc desc = DescBuilder.desc(m, params(models, 0.1, 0.01, m.defaultNormalize()), "bench.weight",
        Data.dtype(dtype), Data.dtype(dtype), ranks);
    out = Data.alloc(dtype, elements);
    task = new TensorTask("bench.weight", new long[] {elements}, desc, ranks,
        new MemoryTensorIO(dtype, data.base, data.fts, dtype, out));
    kernels = Slowdown.open(backend);
    merger = new TensorMerger(kernels, threads);
    // Self-check once, outside the timing: bit-identical to the oracle's SPEC evaluation.
    TensorReport r = merge();
    double[] dens = null;
    double[] gam = null;
    if (ranks.get(0) != null) {
      dens = new double[models];
      gam = new double[models];
      for (int t = 0; t < models; t++) {
        dens[t] = ranks.get(t).density();
        gam[t] = ranks.get(t).gamma();
      }
    }
    ByteBuffer expected = Oracle.merge(desc, data.base, data.fts, elements,
        dens == null ? new Oracle.Boundary[models][] : Oracle.bounds(dtype, data.base, data.fts, elements, dens, gam));
    Oracle.assertSame("TensorMerger " + backend + " " + method + " " + dtype + " (path " + r.path() + ")", dtype, expected, out,
        elements);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    merger.close();
    kernels.close();
  }

  @Benchmark
  public TensorReport merge() {
    return merger.merge(task);
  }
}

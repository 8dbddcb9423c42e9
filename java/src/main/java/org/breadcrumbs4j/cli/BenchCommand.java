// BenchCommand.java — `breadcrumbs bench`: in-memory merge throughput per backend and dtype as a ratio of a
// memory-copy probe measured in the same run (the JMH suite in benchmarks/ is the guarded version).
package org.breadcrumbs4j.cli;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.breadcrumbs4j.config.MergeMethod;
import org.breadcrumbs4j.config.Scope;
import org.breadcrumbs4j.config.TensorParams;
import org.breadcrumbs4j.io.DType;
import org.breadcrumbs4j.kernel.FloatType;
import org.breadcrumbs4j.kernel.Kernels;
import org.breadcrumbs4j.kernel.MergeDesc;
import org.breadcrumbs4j.kernel.MergeKernels;
import org.breadcrumbs4j.method.MemoryTensorIO;
import org.breadcrumbs4j.method.RankSpec;
import org.breadcrumbs4j.method.TensorMerger;
import org.breadcrumbs4j.method.TensorReport;
import org.breadcrumbs4j.method.TensorTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Merge N in-memory task vectors and report GB/s (base + N inputs read + output written) "
        + "and the ratio to a memory-copy probe (bytes read + written) from the same run.")
final class BenchCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--elements", defaultValue = "16777216")
  int elements;

  @Option(names = "--models", defaultValue = "8")
  int models;

  @Option(names = "--threads", defaultValue = "2")
  int threads;

  @Option(names = "--method", defaultValue = "breadcrumbs")
  String method;

  @Option(names = "--dtypes", split = ",", defaultValue = "F32,BF16")
  List<FloatType> dtypes;

  @Option(names = "--kernels", split = ",", defaultValue = "avx2,scalar,java")
  List<String> kernels;

  @Option(names = "--reps", defaultValue = "5", description = "timed repetitions (best is reported) after one warm-up")
  int reps;

  @Option(names = "--radix-only", description = "select rank boundaries by streamed radix selection, no sampling")
  boolean radixOnly;

  @Option(names = "--verbose")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    MergeMethod m = MergeMethod.fromYaml(method);
    double probe = copyProbe(256 << 20, reps);
    out.printf("copy probe: %.2f GB/s (bytes read + written), %d threads, N=%d, %d elements, %s%n", probe / 1e9, threads,
        models, elements, m.yamlName());
    out.printf("| backend | dtype | GB/s | %% of probe | path | candidates |%n|---|---|---|---|---|---|%n");
    for (FloatType type : dtypes) {
      ByteBuffer base = ByteBuffer.allocateDirect(elements * type.size()).order(ByteOrder.LITTLE_ENDIAN);
      ByteBuffer[] fts = new ByteBuffer[models];
      fill(base, null, type, new SplittableRandom(1));
      for (int t = 0; t < models; t++) {
        fts[t] = ByteBuffer.allocateDirect(elements * type.size()).order(ByteOrder.LITTLE_ENDIAN);
        fill(fts[t], base, type, new SplittableRandom(100 + t));
      }
      ByteBuffer outBuf = ByteBuffer.allocateDirect(elements * type.size());
      double[] w = new double[models];
      double[] dens = new double[models];
      double[] gam = new double[models];
      double[] tall = new double[models];
      Scope[] sc = new Scope[models];
      for (int t = 0; t < models; t++) {
        w[t] = 1.0 / models;
        dens[t] = 0.1;
        gam[t] = 0.01;
        tall[t] = 0.4;
        sc[t] = Scope.TENSOR;
      }
      TensorParams tp = new TensorParams(w, dens, gam, tall, sc, 1.0, m.defaultNormalize(), true, 2, 0);
      DType dt = type == FloatType.F32 ? DType.F32 : type == FloatType.BF16 ? DType.BF16 : type == FloatType.F16 ? DType.F16 : DType.F64;
      List<RankSpec> ranks = new ArrayList<>();
      MergeDesc desc = DescBuilder.desc(m, tp, "bench.weight", dt, dt, ranks);
      long bytes = (long) elements * type.size() * (models + 2);
      for (String k : kernels) {
        if (!Kernels.available().contains(k)) {
          out.printf("| %s | %s | unavailable: %s | | | |%n", k, type, Kernels.unavailableReason(k));
          continue;
        }
        try (MergeKernels mk = Kernels.open(k); TensorMerger merger = new TensorMerger(mk, threads, radixOnly ? 0 : TensorMerger.DEFAULT_SELECTION_BUDGET)) {
          double best = Double.MAX_VALUE;
          TensorReport r = null;
          for (int rep = 0; rep <= reps; rep++) {
            long t0 = System.nanoTime();
            r = merger.merge(new TensorTask("bench.weight", new long[] {elements}, desc, ranks,
                new MemoryTensorIO(type, base, fts, type, outBuf)));
            double s = (System.nanoTime() - t0) / 1e9;
            if (rep > 0) {
              best = Math.min(best, s);
            }
          }
          double gbs = bytes / best;
          out.printf("| %s | %s | %.2f | %.0f%% | %s | %d |%n", k, type, gbs / 1e9, 100 * gbs / probe, r.path(), r.candidates());
          out.flush();
        }
      }
    }
    return 0;
  }

  private static final class DescBuilder {
    static MergeDesc desc(MergeMethod m, TensorParams tp, String name, DType in, DType out, List<RankSpec> ranks) {
      return org.breadcrumbs4j.plan.DescBuilder.desc(m, tp, name, in, out, ranks);
    }
  }

  /** Best of reps copies of a direct buffer (JDK copyMemory = memcpy), counted as bytes read + written. */
  static double copyProbe(int bytes, int reps) {
    ByteBuffer a = ByteBuffer.allocateDirect(bytes);
    ByteBuffer b = ByteBuffer.allocateDirect(bytes);
    double best = Double.MAX_VALUE;
    for (int r = 0; r <= reps; r++) {
      a.clear();
      b.clear();
      long t0 = System.nanoTime();
      b.put(a);
      double s = (System.nanoTime() - t0) / 1e9;
      if (r > 0) {
        best = Math.min(best, s);
      }
    }
    return 2.0 * bytes / best;
  }

  private static void fill(ByteBuffer buf, ByteBuffer base, FloatType type, SplittableRandom rnd) {
    int n = buf.capacity() / type.size();
    for (int i = 0; i < n; i++) {
      float b = base == null ? 0f : read(base, type, i);
      float x = base == null ? (float) (rnd.nextDouble() - 0.5) * 0.1f : b + (float) ((rnd.nextDouble() + rnd.nextDouble() - 1) * 0.01);
      switch (type) {
        case F32 -> buf.putFloat(4 * i, x);
        case BF16 -> buf.putShort(2 * i, (short) (Float.floatToRawIntBits(x) >>> 16));
        case F16 -> buf.putShort(2 * i, (short) 0); // not used by default; keeps the harness simple
        case F64 -> buf.putDouble(8 * i, x);
      }
    }
  }

  private static float read(ByteBuffer buf, FloatType type, int i) {
    return switch (type) {
      case F32 -> buf.getFloat(4 * i);
      case BF16 -> Float.intBitsToFloat((buf.getShort(2 * i) & 0xFFFF) << 16);
      case F16 -> 0f;
      case F64 -> (float) buf.getDouble(8 * i);
    };
  }
}

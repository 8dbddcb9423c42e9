// EndToEndBench.java — files to files: MergeEngine merges a generated safetensors family (base + N fine-tunes)
// that is page-cached, into a temp directory on the same disk, fsync off. Kept apart from the kernel benchmarks.
package org.breadcrumbs4j.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.breadcrumbs4j.bench.support.Data;
import org.breadcrumbs4j.bench.support.Oracle;
import org.breadcrumbs4j.config.MergeConfig;
import org.breadcrumbs4j.config.MergeMethod;
import org.breadcrumbs4j.config.Scope;
import org.breadcrumbs4j.config.TensorParams;
import org.breadcrumbs4j.exec.MergeEngine;
import org.breadcrumbs4j.exec.MergeOptions;
import org.breadcrumbs4j.exec.MergeSummary;
import org.breadcrumbs4j.exec.Progress;
import org.breadcrumbs4j.io.Checkpoint;
import org.breadcrumbs4j.io.CheckpointWriter;
import org.breadcrumbs4j.kernel.FloatType;
import org.breadcrumbs4j.kernel.Kernels;
import org.breadcrumbs4j.kernel.MergeDesc;
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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bytes per op = elementsM x 2^20 x size(dtype) x (N + 2) (checked against MergeSummary's own count in setup).
 * The family is breadcrumbs (density 0.1, gamma 0.01, weight 1/N) over tensors of 4M elements ([4096, 1024]),
 * cached between forks and runs under $BC_BENCH_DATA (default java.io.tmpdir/breadcrumbs4j-bench); delete that
 * directory to regenerate. Inputs are read once before timing so the figure is the page-cached merge, not the disk.
 * Fork/warm-up: one op is a whole merge (0.5-10 s); one warm-up op lets C2 compile the engine's Java code.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g", "-XX:MaxDirectMemorySize=8g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 5, time = 1)
public class EndToEndBench {
  private static final int TENSOR = 1 << 22;
  private static final int COLS = 1024;

  @Param({"avx2"})
  public String backend;

  @Param({"F32", "BF16"})
  public FloatType dtype;

  /** Elements per model in units of 2^20; 64 makes the F32 family 2.4 GB (inputs) + 0.27 GB (output). */
  @Param({"64"})
  public int elementsM;

  @Param({"8"})
  public int models;

  @Param({"2"})
  public int threads;

  private Path family;
  private MergeConfig config;
  private Path outRoot;
  private Path out;
  private MergeOptions options;
  private int runs;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    String why = Kernels.unavailableReason(backend);
    if (why != null) {
      throw new IllegalStateException("backend " + backend + " unavailable here: " + why);
    }
    if (elementsM % 4 != 0) {
      throw new IllegalArgumentException("elementsM must be a multiple of 4 (tensors of 4M elements)");
    }
    String root = System.getenv("BC_BENCH_DATA");
    Path dataRoot = root != null && !root.isBlank() ? Path.of(root) : Path.of(System.getProperty("java.io.tmpdir"), "breadcrumbs4j-bench");
    family = dataRoot.resolve("family-" + dtype + "-" + elementsM + "M-" + models);
    if (!Files.exists(family.resolve("complete"))) {
      deleteTree(family);
      writeFamily(family, dtype, elementsM / 4, models);
      Files.writeString(family.resolve("complete"), "written by EndToEndBench\n");
    }
    config = MergeConfig.load(family.resolve("merge.yml"));
    warmPageCache(family);
    outRoot = Files.createTempDirectory(dataRoot, "out-");
    options = MergeOptions.defaults().withKernels(backend).withThreads(threads).withFsync(false);
    MergeSummary s = merge();
    long expect = (long) elementsM * (1 << 20) * dtype.size() * (models + 2);
    if (s.bytesRead() + s.bytesWritten() != expect) {
      throw new IllegalStateException("e2e: engine moved " + (s.bytesRead() + s.bytesWritten()) + " bytes, the report assumes " + expect);
    }
    check(out);
    cleanOutput();
  }

  @TearDown(Level.Invocation)
  public void cleanOutput() throws IOException {
    deleteTree(out);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    deleteTree(outRoot);
  }

  @Benchmark
  public MergeSummary merge() {
    out = outRoot.resolve("merged-" + runs++);
    return MergeEngine.run(config, out, options, Progress.NONE);
  }

  /** Self-check once: the first tensor of the merged checkpoint equals the oracle's evaluation of the input files. */
  private void check(Path merged) {
    String name = tensorName(0);
    int bytes = TENSOR * dtype.size();
    try (Checkpoint base = Checkpoint.open(family.resolve("base")); Checkpoint res = Checkpoint.open(merged)) {
      List<Checkpoint> fts = new ArrayList<>();
      ByteBuffer[] ftBufs = new ByteBuffer[models];
      try {
        for (int t = 0; t < models; t++) {
          Checkpoint c = Checkpoint.open(family.resolve("ft" + t));
          fts.add(c);
          ftBufs[t] = le(c.data(name).slice(0, bytes));
        }
        ByteBuffer b = le(base.data(name).slice(0, bytes));
        List<RankSpec> ranks = new ArrayList<>();
        MergeDesc desc = DescBuilder.desc(MergeMethod.BREADCRUMBS, params(models), name, Data.dtype(dtype), Data.dtype(dtype), ranks);
        double[] dens = new double[models];
        double[] gam = new double[models];
        Arrays.fill(dens, 0.1);
        Arrays.fill(gam, 0.01);
        ByteBuffer expected = Oracle.merge(desc, b, ftBufs, TENSOR, Oracle.bounds(dtype, b, ftBufs, TENSOR, dens, gam));
        Oracle.assertSame("end-to-end " + dtype + " tensor " + name, dtype, expected, le(res.data(name).slice(0, bytes)), TENSOR);
      } finally {
        fts.forEach(Checkpoint::close);
      }
    }
  }

  private static ByteBuffer le(ByteBuffer b) {
    return b.order(java.nio.ByteOrder.LITTLE_ENDIAN);
  }

  private static TensorParams params(int models) {
    double[] w = new double[models];
    double[] dens = new double[models];
    double[] gam = new double[models];
    double[] tall = new double[models];
    Scope[] sc = new Scope[models];
    Arrays.fill(w, 1.0 / models);
    Arrays.fill(dens, 0.1);
    Arrays.fill(gam, 0.01);
    Arrays.fill(tall, 0.4);
    Arrays.fill(sc, Scope.TENSOR);
    return new TensorParams(w, dens, gam, tall, sc, 1.0, false, true, 2, 0);
  }

  static String tensorName(int layer) {
    return "model.layers." + layer + ".mlp.up_proj.weight";
  }

  private static void writeFamily(Path dir, FloatType type, int layers, int models) throws IOException {
    Files.createDirectories(dir);
    List<CheckpointWriter.PlannedTensor> planned = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      planned.add(new CheckpointWriter.PlannedTensor(tensorName(l), Data.dtype(type), new long[] {TENSOR / COLS, COLS}));
    }
    List<CheckpointWriter> writers = new ArrayList<>();
    try {
      for (int m = 0; m <= models; m++) {
        writers.add(CheckpointWriter.create(dir.resolve(m == 0 ? "base" : "ft" + (m - 1)), planned, Map.of("format", "pt"),
            new CheckpointWriter.Options(Long.MAX_VALUE, false, false), List.of()));
      }
      for (int l = 0; l < layers; l++) {
        Data d = new Data(type, TENSOR, models, 1000 + l);
        writers.get(0).write(tensorName(l), 0, d.base.duplicate().clear());
        for (int t = 0; t < models; t++) {
          writers.get(t + 1).write(tensorName(l), 0, d.fts[t].duplicate().clear());
        }
      }
      for (CheckpointWriter w : writers) {
        w.commit();
      }
    } finally {
      for (CheckpointWriter w : writers) {
        w.close();
      }
    }
    StringBuilder yml = new StringBuilder("# generated by EndToEndBench\nmerge_method: breadcrumbs\nbase_model: base\nmodels:\n");
    for (int m = 0; m <= models; m++) {
      Path md = dir.resolve(m == 0 ? "base" : "ft" + (m - 1));
      Files.writeString(md.resolve("config.json"), "{\"model_type\": \"llama\", \"num_hidden_layers\": " + layers + "}\n");
      if (m > 0) {
        yml.append("  - model: ft").append(m - 1).append("\n    parameters:\n      weight: ").append(1.0 / models).append('\n');
      }
    }
    yml.append("parameters:\n  density: 0.1\n  gamma: 0.01\n");
    Files.writeString(dir.resolve("merge.yml"), yml);
  }

  /** Reads every file once so the timed merges find the inputs in the page cache. */
  private static void warmPageCache(Path dir) throws IOException {
    ByteBuffer buf = ByteBuffer.allocateDirect(8 << 20);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
          while (ch.read(buf.clear()) > 0) {
            // discard: the point is the page cache
          }
        }
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (p == null || !Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> {
        try {
          Files.delete(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}

// Merge.java — the public Java API: build a merge in code (same options and validation as the YAML),
// run it on model directories, or merge in-memory tensors held in direct buffers.
package org.breadcrumbs4j.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.breadcrumbs4j.config.MergeConfig;
import org.breadcrumbs4j.config.ParamResolver;
import org.breadcrumbs4j.config.TensorParams;
import org.breadcrumbs4j.exec.MergeEngine;
import org.breadcrumbs4j.exec.MergeOptions;
import org.breadcrumbs4j.exec.MergeSummary;
import org.breadcrumbs4j.exec.Progress;
import org.breadcrumbs4j.io.CheckpointWriter;
import org.breadcrumbs4j.io.DType;
import org.breadcrumbs4j.kernel.Kernels;
import org.breadcrumbs4j.kernel.MergeDesc;
import org.breadcrumbs4j.kernel.MergeKernels;
import org.breadcrumbs4j.method.MemoryTensorIO;
import org.breadcrumbs4j.method.RankSpec;
import org.breadcrumbs4j.method.TensorMerger;
import org.breadcrumbs4j.method.TensorTask;
import org.breadcrumbs4j.plan.DescBuilder;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A merge built in code. The builder produces the same document a mergekit YAML file holds and parses
 * it with the same validator, so every option, default and error message is shared with the CLI.
 *
 * <pre>{@code
 * MergeSummary s = Merge.method("breadcrumbs")
 *     .base(Path.of("models/base"))
 *     .model(Path.of("models/math"), Map.of("weight", 0.6))
 *     .model(Path.of("models/code"), Map.of("weight", 0.4))
 *     .parameter("density", 0.9).parameter("gamma", 0.01)
 *     .dtype("bfloat16")
 *     .threads(2)
 *     .run(Path.of("merged"));
 * }</pre>
 *
 * In memory (no files):
 * <pre>{@code
 * ByteBuffer out = Merge.method("ties").parameter("density", 0.5)
 *     .mergeTensors("layer.weight", new long[] {rows, cols}, DType.F32, base, List.of(ft0, ft1));
 * }</pre>
 */
public final class Merge {
  private final Map<String, Object> doc = new LinkedHashMap<>();
  private final List<Map<String, Object>> models = new ArrayList<>();
  private final Map<String, Object> globals = new LinkedHashMap<>();
  private MergeOptions options = MergeOptions.defaults();

  private Merge(String method) {
    doc.put("merge_method", method);
  }

  /** Starts a merge: breadcrumbs, breadcrumbs_ties, ties, task_arithmetic, dare_linear, dare_ties, linear, consensus_ta, consensus_ties. */
  public static Merge method(String mergeMethod) {
    return new Merge(mergeMethod);
  }

  public Merge base(Path baseModel) {
    doc.put("base_model", baseModel.toAbsolutePath().toString());
    return this;
  }

  public Merge model(Path model) {
    return model(model, Map.of());
  }

  /** A fine-tuned model with its own parameters (weight, density, gamma, tall_lambda, scope, ...). */
  public Merge model(Path model, Map<String, ?> parameters) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", model.toAbsolutePath().toString());
    if (!parameters.isEmpty()) {
      m.put("parameters", new LinkedHashMap<>(parameters));
    }
    models.add(m);
    return this;
  }

  /** A global parameter: a number, boolean, string, a list of numbers (gradient) or a list of {filter, value} maps. */
  public Merge parameter(String name, Object value) {
    globals.put(name, value);
    return this;
  }

  public Merge dtype(String dtype) {
    doc.put("dtype", dtype);
    return this;
  }

  public Merge outDtype(String dtype) {
    doc.put("out_dtype", dtype);
    return this;
  }

  public Merge tokenizerSource(Path source) {
    doc.put("tokenizer_source", source.toAbsolutePath().toString());
    return this;
  }

  /** Kernel backend: auto, avx2, scalar, java. */
  public Merge kernels(String backend) {
    options = options.withKernels(backend);
    return this;
  }

  public Merge threads(int threads) {
    options = options.withThreads(threads);
    return this;
  }

  /** Maximum output shard size, e.g. "5G" or "500M". */
  public Merge shardSize(String size) {
    options = options.withShardBytes(CheckpointWriter.parseSize(size));
    return this;
  }

  public Merge memoryBudget(long bytes) {
    options = options.withMemoryBudget(bytes);
    return this;
  }

  public Merge force(boolean force) {
    options = options.withForce(force);
    return this;
  }

  public Merge fsync(boolean fsync) {
    options = options.withFsync(fsync);
    return this;
  }

  public Merge report(Path json) {
    options = options.withReport(json);
    return this;
  }

  /** The config as mergekit YAML (what {@link #config()} validates). */
  public String yaml() {
    Map<String, Object> d = new LinkedHashMap<>(doc);
    if (!models.isEmpty()) {
      d.put("models", models);
    }
    if (!globals.isEmpty()) {
      d.put("parameters", globals);
    }
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(o).dump(d);
  }

  /** Validates and returns the configuration; throws ConfigException with the key path on any problem. */
  public MergeConfig config() {
    return MergeConfig.parse(yaml(), Path.of("").toAbsolutePath());
  }

  /** Merges the configured model directories into outDir (atomically). */
  public MergeSummary run(Path outDir) {
    MergeConfig c = config();
    c.checkModelDirectories();
    return MergeEngine.run(c, outDir, options, Progress.NONE);
  }

  /**
   * Merges one tensor held in memory. Models declared with {@link #model} supply per-model parameters in
   * order (their paths are not read); without any, every model uses the global parameters.
   *
   * @param name   tensor name (DARE's generator and parameter filters use it)
   * @param shape  tensor shape ({} for a scalar)
   * @param dtype  dtype of base and fine-tunes (F32, F16, BF16, F64)
   * @param base   base tensor (direct buffer; null only for linear)
   * @param fts    fine-tuned tensors, config order
   * @return a new direct buffer in the result dtype ({@code out_dtype}, else {@code dtype}, else the input dtype)
   */
  public ByteBuffer mergeTensors(String name, long[] shape, DType dtype, ByteBuffer base, List<ByteBuffer> fts) {
    if (dtype.floatType() == null) {
      throw new IllegalArgumentException("tensor " + name + ": dtype " + dtype + " is not a floating type");
    }
    Merge m = this;
    if (models.isEmpty()) {
      m = copy();
      for (int t = 0; t < fts.size(); t++) {
        m.model(Path.of("in-memory-model-" + t));
      }
    } else if (models.size() != fts.size()) {
      throw new IllegalArgumentException(models.size() + " models configured but " + fts.size() + " tensors given");
    }
    if (m.doc.containsKey("base_model") == false && base != null) {
      m = m == this ? copy() : m;
      m.doc.put("base_model", Path.of("in-memory-base").toAbsolutePath().toString());
    }
    MergeConfig c = m.config();
    TensorParams p = new ParamResolver(c, 1).resolve(name);
    DType out = c.resultDtype().map(DType::fromConfigName).orElse(dtype);
    List<RankSpec> ranks = new ArrayList<>();
    MergeDesc desc = DescBuilder.desc(c.method(), p, name, dtype, out, ranks);
    long n = 1;
    for (long s : shape) {
      n = Math.multiplyExact(n, s);
    }
    ByteBuffer result = ByteBuffer.allocateDirect(Math.toIntExact(n * out.size())).order(ByteOrder.LITTLE_ENDIAN);
    try (MergeKernels k = Kernels.open(options.kernels());
        TensorMerger merger = new TensorMerger(k, options.threads(), options.memoryBudget() / 2)) {
      merger.merge(new TensorTask(name, shape, desc, ranks, new MemoryTensorIO(dtype.floatType(),
          desc.combine() == org.breadcrumbs4j.kernel.Combine.LINEAR ? null : base, fts.toArray(new ByteBuffer[0]),
          out.floatType(), result)));
    }
    return result;
  }

  private Merge copy() {
    Merge m = new Merge((String) doc.get("merge_method"));
    m.doc.putAll(doc);
    m.models.addAll(models);
    m.globals.putAll(globals);
    m.options = options;
    return m;
  }
}

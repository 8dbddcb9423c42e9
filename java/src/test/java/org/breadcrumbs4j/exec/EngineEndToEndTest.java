// EngineEndToEndTest.java — files to files: generated families (several dtypes, sharded), every method, gradients,
// filters, per-model parameters and row scope, checked tensor by tensor against SpecOracle; determinism across
// threads and backends; failures leave no output.
package org.breadcrumbs4j.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.breadcrumbs4j.config.MergeConfig;
import org.breadcrumbs4j.config.ParamResolver;
import org.breadcrumbs4j.config.Scope;
import org.breadcrumbs4j.config.TensorParams;
import org.breadcrumbs4j.io.Checkpoint;
import org.breadcrumbs4j.io.DType;
import org.breadcrumbs4j.io.TensorInfo;
import org.breadcrumbs4j.kernel.Kernels;
import org.breadcrumbs4j.plan.PlanException;
import org.breadcrumbs4j.testing.SpecOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tolerance: none; outputs are compared byte for byte with SpecOracle's values in the output dtype. */
class EngineEndToEndTest {
  @TempDir
  static Path shared;

  private static Family bf16;
  private static Family f32;
  private static Family f16;

  private static synchronized Family family(DType dt) {
    if (bf16 == null) {
      bf16 = new Family(shared.resolve("bf16"), Family.standardTensors(DType.BF16), 4, 1, 400_000);
      f32 = new Family(shared.resolve("f32"), Family.standardTensors(DType.F32), 4, 2, 5_000_000_000L);
      f16 = new Family(shared.resolve("f16"), Family.standardTensors(DType.F16), 2, 3, 300_000);
    }
    return dt == DType.BF16 ? bf16 : dt == DType.F32 ? f32 : f16;
  }

  static String config(String method, Family f, String extraGlobals, String outDtype) {
    StringBuilder y = new StringBuilder("merge_method: " + method + "\nbase_model: " + f.dirs.get(0) + "\nmodels:\n");
    for (int m = 1; m < f.dirs.size(); m++) {
      y.append("  - model: ").append(f.dirs.get(m)).append('\n');
      y.append("    parameters:\n      weight: ").append(m == 2 ? "-0.5" : String.valueOf(0.3 + 0.1 * m)).append('\n');
      if (m == 1) {
        y.append("      density: [0.9, 0.4]\n");
      }
      if (m == 3) {
        y.append("      density:\n        - filter: embed\n          value: 0.2\n        - value: 0.6\n");
      }
    }
    // Globals: defaults below unless extraGlobals sets the same key (first line of its block).
    java.util.Map<String, String> g = new java.util.LinkedHashMap<>();
    g.put("density", "  density: 0.5\n");
    g.put("gamma", "  gamma: 0.02\n");
    g.put("lambda", "  lambda: 0.8\n");
    g.put("seed", "  seed: 77\n");
    for (String block : extraGlobals.split("(?m)^(?=  \\w)")) {
      if (!block.isBlank()) {
        g.put(block.trim().split(":")[0], block);
      }
    }
    y.append("parameters:\n");
    g.values().forEach(y::append);
    if (outDtype != null) {
      y.append("out_dtype: ").append(outDtype).append('\n');
    }
    return y.toString();
  }

  static Stream<Arguments> methods() {
    List<Arguments> a = new ArrayList<>();
    for (String m : List.of("task_arithmetic", "breadcrumbs", "breadcrumbs_ties", "ties", "dare_linear", "dare_ties",
        "linear", "consensus_ta", "consensus_ties")) {
      a.add(Arguments.of(m, DType.BF16, "", null));
    }
    a.add(Arguments.of("breadcrumbs", DType.F32, "  scope: row\n", "bfloat16"));
    a.add(Arguments.of("ties", DType.F32, "  normalize: false\n  k: 1\n", null));
    a.add(Arguments.of("consensus_ties", DType.F16, "  k: 1\n  tall_lambda: 0.7\n", "float32"));
    a.add(Arguments.of("dare_ties", DType.F16, "  rescale: false\n", null));
    a.add(Arguments.of("breadcrumbs_ties", DType.F32, "  gamma:\n    - filter: layers.2\n      value: 0.3\n", "float16"));
    return a.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @MethodSource("methods")
  void mergeMatchesOracle(String method, DType dt, String extra, String outDtype, @TempDir Path tmp) throws Exception {
    Family f = family(dt);
    Path cfgFile = tmp.resolve("merge.yml");
    Files.writeString(cfgFile, config(method, f, extra, outDtype));
    MergeConfig cfg = MergeConfig.load(cfgFile);
    Path out = tmp.resolve("out");
    MergeSummary s = MergeEngine.run(cfg, out, MergeOptions.defaults().withThreads(2).withFsync(false)
        .withShardBytes(700_000), Progress.NONE);
    assertEquals(f.tensors.size(), s.tensors().size());
    ParamResolver resolver = new ParamResolver(cfg, 4);
    try (Checkpoint c = Checkpoint.open(out)) {
      for (int i = 0; i < f.tensors.size(); i++) {
        Family.Spec spec = f.tensors.get(i);
        TensorInfo ti = c.tensor(spec.name()).orElseThrow();
        byte[] got = bytes(c.data(spec.name()).slice(0, (int) ti.byteSize()));
        if (spec.dtype().floatType() == null) {
          try (Checkpoint b = Checkpoint.open(f.dirs.get(0))) {
            assertArrayEquals(bytes(b.data(spec.name()).slice(0, (int) ti.byteSize())), got, spec.name());
          }
          continue;
        }
        DType od = outDtype == null ? dt : DType.fromConfigName(outDtype);
        assertEquals(od, ti.dtype(), spec.name());
        float[] expect = oracle(method, resolver.resolve(spec.name()), f, i);
        assertArrayEquals(bytes(SpecOracle.encode(od.floatType(), expect)), got, spec.name());
      }
      // torch_dtype follows the configured output dtype; without one the base's config.json is kept as is.
      assertEquals(outDtype == null ? "float32" : od(outDtype, dt).torchName(), new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(out.resolve("config.json").toFile()).get("torch_dtype").asText());
      assertTrue(Files.exists(out.resolve("tokenizer.json")));
    }
  }

  private static DType od(String outDtype, DType dt) {
    return outDtype == null ? dt : DType.fromConfigName(outDtype);
  }

  static float[] oracle(String method, TensorParams p, Family f, int i) {
    int n = f.dirs.size() - 1;
    SpecOracle.OracleParams op = SpecOracle.OracleParams.defaults(n);
    op.weight = p.weight();
    op.density = p.density();
    op.gamma = method.startsWith("breadcrumbs") ? p.gamma() : new double[n];
    op.tallLambda = p.tallLambda();
    for (int t = 0; t < n; t++) {
      op.scope[t] = p.scope()[t] == Scope.ROW ? "row" : "tensor";
    }
    op.lambda = p.lambda();
    op.normalize = p.normalize();
    op.rescale = p.rescale();
    op.k = p.k();
    op.seed = p.seed();
    List<float[]> fts = new ArrayList<>();
    for (int m = 1; m <= n; m++) {
      fts.add(f.values.get(m)[i]);
    }
    return SpecOracle.merge(method, op, f.tensors.get(i).name(), f.tensors.get(i).shape(),
        method.equals("linear") ? null : f.values.get(0)[i], fts);
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }

  @Test
  void outputIdenticalForAnyThreadCountAndBackend(@TempDir Path tmp) throws Exception {
    Family f = family(DType.BF16);
    Path cfgFile = tmp.resolve("merge.yml");
    Files.writeString(cfgFile, config("breadcrumbs_ties", f, "", null));
    MergeConfig cfg = MergeConfig.load(cfgFile);
    byte[] first = null;
    for (String backend : Kernels.available()) {
      for (int threads : new int[] {1, 2, 3}) {
        Path out = tmp.resolve(backend + threads);
        MergeEngine.run(cfg, out, MergeOptions.defaults().withKernels(backend).withThreads(threads).withFsync(false),
            Progress.NONE);
        byte[] all = Files.readAllBytes(out.resolve("model.safetensors"));
        if (first == null) {
          first = all;
        } else {
          assertArrayEquals(first, all, backend + " threads=" + threads);
        }
      }
    }
  }

  @Test
  void shapeMismatchIsReportedBeforeReadingAndLeavesNoOutput(@TempDir Path tmp) throws Exception {
    Family f = family(DType.F32);
    List<Family.Spec> odd = new ArrayList<>(Family.standardTensors(DType.F32));
    odd.set(1, new Family.Spec(odd.get(1).name(), DType.F32, new long[] {65, 33}));
    Family g = new Family(tmp.resolve("odd"), odd, 1, 9, Long.MAX_VALUE);
    String y = "merge_method: ties\nbase_model: " + f.dirs.get(0) + "\nmodels:\n  - model: " + f.dirs.get(1)
        + "\n  - model: " + g.dirs.get(1) + "\nparameters:\n  density: 0.5\n";
    Path cfgFile = tmp.resolve("m.yml");
    Files.writeString(cfgFile, y);
    Path out = tmp.resolve("out");
    PlanException e = assertThrows(PlanException.class,
        () -> MergeEngine.run(MergeConfig.load(cfgFile), out, MergeOptions.defaults(), Progress.NONE));
    assertTrue(e.getMessage().contains("model.layers.0.self_attn.q_proj.weight"), e.getMessage());
    assertTrue(e.getMessage().contains("[65, 33]") && e.getMessage().contains(g.dirs.get(1).toString()), e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void nanInAModelNamesModelTensorAndIndexAndLeavesNoOutput(@TempDir Path tmp) throws Exception {
    List<Family.Spec> ts = List.of(new Family.Spec("a.weight", DType.F32, new long[] {10}),
        new Family.Spec("b.weight", DType.F32, new long[] {400_000}));
    Family f = new Family(tmp.resolve("fam"), ts, 2, 4, Long.MAX_VALUE);
    // Plant a NaN at flat index 123456 of b.weight in ft1: locate it through the reader.
    long offset;
    Path file;
    try (Checkpoint c = Checkpoint.open(f.dirs.get(2))) {
      TensorInfo ti = c.tensor("b.weight").orElseThrow();
      offset = ti.dataStart() + 4L * 123_456;
      file = ti.file();
    }
    try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(0, Float.NaN), offset);
    }
    byte[] before = Files.readAllBytes(file);
    Path cfgFile = tmp.resolve("m.yml");
    Files.writeString(cfgFile, "merge_method: breadcrumbs\nbase_model: " + f.dirs.get(0) + "\nmodels:\n  - model: "
        + f.dirs.get(1) + "\n  - model: " + f.dirs.get(2) + "\nparameters:\n  density: 0.5\n  gamma: 0.01\n");
    Path out = tmp.resolve("out");
    MergeException e = assertThrows(MergeException.class,
        () -> MergeEngine.run(MergeConfig.load(cfgFile), out, MergeOptions.defaults(), Progress.NONE));
    assertTrue(e.getMessage().contains("b.weight") && e.getMessage().contains(f.dirs.get(2).toString())
        && e.getMessage().contains("123456"), e.getMessage());
    assertFalse(Files.exists(out));
    try (var s = Files.list(tmp)) {
      assertEquals(List.of("fam", "m.yml"), s.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertArrayEquals(before, Files.readAllBytes(file), "inputs are never touched");
  }

  @Test
  void outputMayNotBeAnInputAndExistingOutputNeedsForce(@TempDir Path tmp) throws Exception {
    Family f = family(DType.F16);
    Path cfgFile = tmp.resolve("m.yml");
    Files.writeString(cfgFile, config("task_arithmetic", f, "", null));
    MergeConfig cfg = MergeConfig.load(cfgFile);
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> MergeEngine.run(cfg, f.dirs.get(1), MergeOptions.defaults().withForce(true), Progress.NONE));
    assertTrue(e.getMessage().contains(f.dirs.get(1).getFileName().toString()), e.getMessage());
    Path out = tmp.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("keep.txt"), "x");
    RuntimeException e2 = assertThrows(RuntimeException.class,
        () -> MergeEngine.run(cfg, out, MergeOptions.defaults(), Progress.NONE));
    assertTrue(e2.getMessage().contains("--force"), e2.getMessage());
    assertTrue(Files.exists(out.resolve("keep.txt")));
    MergeEngine.run(cfg, out, MergeOptions.defaults().withForce(true).withFsync(false), Progress.NONE);
    assertFalse(Files.exists(out.resolve("keep.txt")));
    assertTrue(Files.exists(out.resolve("model.safetensors")) || Files.exists(out.resolve("model.safetensors.index.json")));
  }

  @Test
  void mixedScopeWithinATensorIsAPlanError(@TempDir Path tmp) throws Exception {
    Family f = family(DType.F16);
    Path cfgFile = tmp.resolve("m.yml");
    Files.writeString(cfgFile, "merge_method: ties\nbase_model: " + f.dirs.get(0) + "\nmodels:\n  - model: " + f.dirs.get(1)
        + "\n    parameters: {scope: row}\n  - model: " + f.dirs.get(2) + "\nparameters:\n  density: 0.5\n");
    PlanException e = assertThrows(PlanException.class,
        () -> MergeEngine.run(MergeConfig.load(cfgFile), tmp.resolve("out"), MergeOptions.defaults(), Progress.NONE));
    assertTrue(e.getMessage().contains("model.embed_tokens.weight") && e.getMessage().contains("scope"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("out")));
  }
}

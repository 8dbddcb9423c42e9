// MergeApiTest.java — the public Java API: the Javadoc examples run, the builder equals the YAML path, in-memory
// tensors equal the oracle, and builder mistakes surface as the same ConfigException the YAML gets.
package org.breadcrumbs4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.breadcrumbs4j.cli.Main;
import org.breadcrumbs4j.config.ConfigException;
import org.breadcrumbs4j.exec.MergeSummary;
import org.breadcrumbs4j.io.DType;
import org.breadcrumbs4j.kernel.FloatType;
import org.breadcrumbs4j.testing.KernelData;
import org.breadcrumbs4j.testing.SpecOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeApiTest {
  @Test
  void builderMatchesTheYamlMerge(@TempDir Path dir) throws Exception {
    Path cfg = ExampleFamily.write(dir.resolve("fam"), 2, 7);
    Path fam = cfg.getParent();
    // The Javadoc example, on the example family.
    MergeSummary s = Merge.method("breadcrumbs")
        .base(fam.resolve("base"))
        .model(fam.resolve("ft0"), Map.of("weight", 0.6))
        .model(fam.resolve("ft1"), Map.of("weight", 0.4))
        .parameter("density", 0.9).parameter("gamma", 0.01)
        .dtype("bfloat16")
        .threads(2)
        .fsync(false)
        .run(dir.resolve("api"));
    assertTrue(s.tensors().size() > 10);
    Path yml = dir.resolve("same.yml");
    Files.writeString(yml, "merge_method: breadcrumbs\nbase_model: fam/base\nmodels:\n"
        + "  - model: fam/ft0\n    parameters: {weight: 0.6}\n  - model: fam/ft1\n    parameters: {weight: 0.4}\n"
        + "parameters: {density: 0.9, gamma: 0.01}\ndtype: bfloat16\n");
    int code = Main.run(new String[] {"merge", yml.toString(), dir.resolve("cli").toString(), "--quiet", "--no-fsync"},
        new java.io.PrintWriter(System.out), new java.io.PrintWriter(System.err));
    assertTrue(code == 0);
    // Same tensors bit for bit (the header's provenance hash differs: it hashes the config text).
    try (var a = org.breadcrumbs4j.io.Checkpoint.open(dir.resolve("api"));
        var b = org.breadcrumbs4j.io.Checkpoint.open(dir.resolve("cli"))) {
      for (var t : a.tensors()) {
        assertArrayEquals(KernelData.bytes(b.data(t.name()).slice(0, (int) t.byteSize())),
            KernelData.bytes(a.data(t.name()).slice(0, (int) t.byteSize())), t.name());
      }
    }
  }

  @Test
  void inMemoryTensorsMatchTheOracle() {
    int rows = 300;
    int cols = 1001;
    KernelData.Inputs in = KernelData.inputs(KernelData.Dist.NORMAL, FloatType.F32, rows * cols, 2, 3);
    // The Javadoc example.
    ByteBuffer out = Merge.method("ties").parameter("density", 0.5)
        .mergeTensors("layer.weight", new long[] {rows, cols}, DType.F32, in.base(), List.of(in.ft()[0], in.ft()[1]));
    SpecOracle.OracleParams p = SpecOracle.OracleParams.defaults(2);
    p.density = new double[] {0.5, 0.5};
    float[] expect = SpecOracle.merge("ties", p, "layer.weight", new long[] {rows, cols}, in.baseF(), List.of(in.ftF()));
    assertArrayEquals(KernelData.bytes(SpecOracle.encode(FloatType.F32, expect)), KernelData.bytes(out));
  }

  @Test
  void builderMistakesAreConfigErrors() {
    ConfigException e = assertThrows(ConfigException.class, () -> Merge.method("ties").parameter("densty", 0.5)
        .mergeTensors("w", new long[] {4}, DType.F32, ByteBuffer.allocateDirect(16), List.of(ByteBuffer.allocateDirect(16))));
    assertTrue(e.getMessage().contains("densty"), e.getMessage());
    ConfigException m = assertThrows(ConfigException.class, () -> Merge.method("slerp").config());
    assertTrue(m.getMessage().contains("slerp"), m.getMessage());
  }
}

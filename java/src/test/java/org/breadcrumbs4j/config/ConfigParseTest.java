// ConfigParseTest.java — the happy paths of MergeConfig.load/parse: paths, base skipping, tokenizer,
// dtypes, provenance hash, and real-world mergekit configs parsing as they are.
package org.breadcrumbs4j.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParseTest {
  static final Path DIR = Path.of("/cfg/merges");

  @Test
  void relativePathsResolveAgainstTheConfigFolder(@TempDir Path tmp) throws Exception {
    Path sub = Files.createDirectories(tmp.resolve("configs"));
    Path file = sub.resolve("merge.yml");
    String yaml = """
        merge_method: task_arithmetic
        base_model: ../models/base
        models:
          - model: ./ft-a/
          - model: %s
          - model: ~/ft-c
        tokenizer_source: ft-a
        """.formatted(tmp.resolve("abs").toString());
    Files.writeString(file, yaml);
    MergeConfig c = MergeConfig.load(file);
    assertEquals(Optional.of(tmp.resolve("models/base").toAbsolutePath().normalize()), c.baseModel());
    assertEquals(sub.resolve("ft-a").toAbsolutePath().normalize(), c.models().get(0).path());
    assertEquals(tmp.resolve("abs").toAbsolutePath(), c.models().get(1).path());
    assertEquals(Path.of(System.getProperty("user.home"), "ft-c").toAbsolutePath().normalize(), c.models().get(2).path());
    assertEquals(Optional.of(sub.resolve("ft-a").toAbsolutePath().normalize()), c.tokenizerSource());
    assertEquals(file.toAbsolutePath().normalize(), c.configFile());
    assertEquals(yaml, c.sourceText());
  }

  @Test
  void checkModelDirectories(@TempDir Path tmp) throws Exception {
    Files.createDirectories(tmp.resolve("base"));
    Files.createDirectories(tmp.resolve("a"));
    MergeConfig ok = MergeConfig.parse("merge_method: ties\nbase_model: base\nmodels: [{model: a}]\n", tmp);
    ok.checkModelDirectories();
    MergeConfig missing = MergeConfig.parse("merge_method: ties\nbase_model: base\nmodels: [{model: a}, {model: org/b}]\n", tmp);
    ConfigException e = assertThrows(ConfigException.class, missing::checkModelDirectories);
    assertEquals("models[1].model: not a local directory: " + tmp.toAbsolutePath().normalize().resolve("org/b")
        + " (breadcrumbs4j reads local checkpoints only; download Hugging Face models first)", e.getMessage());
  }

  @Test
  void loadErrors(@TempDir Path tmp) throws Exception {
    Path bad = tmp.resolve("bad.yaml");
    Files.write(bad, new byte[] {'a', ':', ' ', (byte) 0xff, '\n'});
    assertEquals(bad + ": not valid UTF-8 text", assertThrows(ConfigException.class, () -> MergeConfig.load(bad)).getMessage());
    Path none = tmp.resolve("none.yaml");
    assertTrue(assertThrows(ConfigException.class, () -> MergeConfig.load(none)).getMessage()
        .startsWith(none + ": cannot read the config file"));
  }

  @Test
  void baseListedInModelsIsSkippedAndPositionsRenumbered() {
    MergeConfig c = MergeConfig.parse("""
        merge_method: dare_ties
        base_model: base
        models:
          - model: a
          - model: ./base/
            parameters: {weight: 0.3}
          - model: b
            parameters: {density: 0.5}
        """, DIR);
    assertEquals(2, c.models().size());
    ModelEntry b = c.models().get(1);
    assertEquals(DIR.resolve("b"), b.path());
    assertEquals(1, b.position());
    assertEquals(2, b.yamlIndex());
    assertEquals("models[2]", b.keyPath());
    assertArrayEquals(new double[] {1.0, 0.5}, new ParamResolver(c, 1).resolve("w").density());
  }

  @Test
  void linearKeepsAListedBase() {
    MergeConfig c = MergeConfig.parse("""
        merge_method: linear
        base_model: base
        models: [{model: base, parameters: {weight: 0.3}}, {model: a, parameters: {weight: 0.7}}]
        """, DIR);
    assertEquals(2, c.models().size());
    assertArrayEquals(new double[] {0.3, 0.7}, new ParamResolver(c, 1).resolve("w").weight());
  }

  @Test
  void dtypesAreCanonical() {
    String head = "merge_method: linear\nmodels: [{model: a}]\n";
    assertEquals(Optional.of("bfloat16"), MergeConfig.parse(head + "dtype: bf16\n", DIR).dtype());
    assertEquals(Optional.of("float16"), MergeConfig.parse(head + "dtype: half\n", DIR).dtype());
    assertEquals(Optional.of("float32"), MergeConfig.parse(head + "dtype: torch.float\n", DIR).dtype());
    assertEquals(Optional.of("float64"), MergeConfig.parse(head + "dtype: float64\n", DIR).dtype());
    MergeConfig both = MergeConfig.parse(head + "dtype: fp32\nout_dtype: fp16\n", DIR);
    assertEquals(Optional.of("float16"), both.resultDtype());
    assertEquals(Optional.of("float32"), MergeConfig.parse(head + "dtype: fp32\n", DIR).resultDtype());
    assertEquals(Optional.empty(), MergeConfig.parse(head, DIR).resultDtype());
  }

  @Test
  void tokenizerSourceBaseAndNameAccepted() {
    MergeConfig c = MergeConfig.parse("""
        name: my-merge
        merge_method: ties
        base_model: base
        tokenizer_source: base
        models: [{model: a}]
        """, DIR);
    assertEquals(Optional.empty(), c.tokenizerSource());
  }

  @Test
  void sha256OfSourceText() {
    String yaml = "merge_method: linear\nmodels: [{model: a}]\n";
    MergeConfig c = MergeConfig.parse(yaml, DIR);
    assertEquals(64, c.sha256().length());
    assertEquals(c.sha256(), MergeConfig.parse(yaml, DIR).sha256());
    assertTrue(!c.sha256().equals(MergeConfig.parse(yaml + "# comment\n", DIR).sha256()));
    assertEquals(DIR, c.configFile());
  }

  @Test
  void yamlAnchorsAndMergeKeysWork() {
    MergeConfig c = MergeConfig.parse("""
        merge_method: ties
        base_model: base
        models:
          - model: a
            parameters: &p {density: 0.5, weight: 0.5}
          - model: b
            parameters:
              <<: *p
              weight: 0.25
        """, DIR);
    assertArrayEquals(new double[] {0.5, 0.25}, new ParamResolver(c, 1).resolve("w").weight());
    assertArrayEquals(new double[] {0.5, 0.5}, new ParamResolver(c, 1).resolve("w").density());
  }

  // Real-world configs in the style of mergekit's README and model cards (Hugging Face ids are
  // taken as relative local paths; parsing does not touch the disk).
  @Test
  void mergekitTiesExample() {
    MergeConfig c = MergeConfig.parse("""
        models:
          - model: psmathur/orca_mini_v3_13b
            parameters:
              density: [1, 0.7, 0.1] # density gradient
              weight: 1.0
          - model: garage-bAInd/Platypus2-13B
            parameters:
              density: 0.5
              weight: [0, 0.3, 0.7, 1] # weight gradient
          - model: WizardLM/WizardMath-13B-V1.0
            parameters:
              density: 0.33
              weight:
                - filter: mlp
                  value: 0.5
                - value: 0
        merge_method: ties
        base_model: TheBloke/Llama-2-13B-fp16
        parameters:
          normalize: true
          int8_mask: true
        dtype: float16
        """, DIR);
    assertEquals(3, c.models().size());
    assertTrue(c.warnings().isEmpty());
    ParamResolver r = new ParamResolver(c, 40);
    TensorParams last = r.resolve("model.layers.39.mlp.down_proj.weight");
    assertArrayEquals(new double[] {0.1, 0.5, 0.33}, last.density());
    assertArrayEquals(new double[] {1.0, 1.0, 0.5}, last.weight());
    assertArrayEquals(new double[] {1.0, 0.0, 0.0}, r.resolve("model.layers.0.self_attn.o_proj.weight").weight());
    assertTrue(last.normalize());
  }

  @Test
  void mergekitDareTiesExample() {
    MergeConfig c = MergeConfig.parse("""
        models:
          - model: TheBloke/Llama-2-13B-fp16
            # no parameters necessary for base model
          - model: psmathur/orca_mini_v3_13b
            parameters:
              density: 0.5
              weight: 0.5
          - model: garage-bAInd/Platypus2-13B
            parameters:
              density: 0.5
              weight: 0.3
        merge_method: dare_ties
        base_model: TheBloke/Llama-2-13B-fp16
        parameters:
          int8_mask: true
        dtype: bfloat16
        """, DIR);
    assertEquals(List.of(DIR.resolve("psmathur/orca_mini_v3_13b"), DIR.resolve("garage-bAInd/Platypus2-13B")),
        c.models().stream().map(ModelEntry::path).toList());
    TensorParams p = new ParamResolver(c, 40).resolve("model.layers.3.mlp.up_proj.weight");
    assertArrayEquals(new double[] {0.5, 0.3}, p.weight());
    assertTrue(p.rescale());
    assertEquals(Optional.of("bfloat16"), c.dtype());
  }

  @Test
  void mergekitBreadcrumbsExample() {
    MergeConfig c = MergeConfig.parse("""
        models:
          - model: mistralai/Mistral-7B-v0.1
          - model: teknium/OpenHermes-2.5-Mistral-7B
            parameters:
              weight: 0.5
              density: 0.9
              gamma: 0.01
          - model: meta-math/MetaMath-Mistral-7B
            parameters:
              weight: 0.5
              density: 0.8
              gamma: 0.02
        merge_method: breadcrumbs_ties
        base_model: mistralai/Mistral-7B-v0.1
        parameters:
          normalize: true
        dtype: bfloat16
        tokenizer_source: base
        """, DIR);
    TensorParams p = new ParamResolver(c, 32).resolve("model.layers.10.self_attn.k_proj.weight");
    assertArrayEquals(new double[] {0.9, 0.8}, p.density());
    assertArrayEquals(new double[] {0.01, 0.02}, p.gamma());
    assertTrue(p.normalize());
  }

  @Test
  void mergekitTaskArithmeticExample() {
    MergeConfig c = MergeConfig.parse("""
        base_model: meta-llama/Llama-3.1-8B
        merge_method: task_arithmetic
        models:
          - model: meta-llama/Llama-3.1-8B-Instruct
            parameters:
              weight: [0.2, 0.8]
          - model: NousResearch/Hermes-3-Llama-3.1-8B
            parameters:
              weight: 0.4
        parameters:
          lambda: 0.9
          normalize: false
        out_dtype: bfloat16
        dtype: float32
        """, DIR);
    ParamResolver r = new ParamResolver(c, 32);
    assertEquals(0.9, r.resolve("model.norm.weight").lambda());
    assertArrayEquals(new double[] {0.8, 0.4}, r.resolve("model.layers.31.mlp.gate_proj.weight").weight());
    assertEquals(Optional.of("bfloat16"), c.resultDtype());
  }

  @Test
  void configFileIsRead(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("c.yaml");
    Files.write(f, "merge_method: linear\nmodels: [{model: é}]\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(tmp.toAbsolutePath().normalize().resolve("é"), MergeConfig.load(f).models().get(0).path());
  }
}

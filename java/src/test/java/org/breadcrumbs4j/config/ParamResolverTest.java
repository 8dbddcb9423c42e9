// ParamResolverTest.java — per-tensor resolution: layer index and count, depth t, gradients through
// a config, filter lists falling through model → global → default, global lambda as a filter list.
package org.breadcrumbs4j.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ParamResolverTest {
  static MergeConfig parse(String yaml) {
    return MergeConfig.parse(yaml, Path.of("/cfg"));
  }

  @Test
  void layerIndexIsFirstIntegerComponent() {
    assertEquals(OptionalInt.of(7), ParamResolver.layerIndex("model.layers.7.mlp.experts.3.w1.weight"));
    assertEquals(OptionalInt.of(0), ParamResolver.layerIndex("transformer.h.0.attn.c_attn.weight"));
    assertEquals(OptionalInt.of(12), ParamResolver.layerIndex("12.weight"));
    assertEquals(OptionalInt.of(5), ParamResolver.layerIndex("blocks.005.norm"));
    assertEquals(OptionalInt.empty(), ParamResolver.layerIndex("model.embed_tokens.weight"));
    assertEquals(OptionalInt.empty(), ParamResolver.layerIndex("model.layers.-1.x"));
    assertEquals(OptionalInt.empty(), ParamResolver.layerIndex("layer7.x"));
    assertEquals(OptionalInt.empty(), ParamResolver.layerIndex(""));
    assertEquals(OptionalInt.of(3), ParamResolver.layerIndex("a..99999999999.3"));
  }

  @Test
  void layerCountFromConfigOrNames() throws Exception {
    List<String> names = List.of("model.embed_tokens.weight", "model.layers.0.x", "model.layers.5.x", "lm_head.weight");
    assertEquals(6, ParamResolver.layerCount(OptionalInt.empty(), names));
    assertEquals(32, ParamResolver.layerCount(OptionalInt.of(32), names));
    assertEquals(1, ParamResolver.layerCount(OptionalInt.empty(), List.of("lm_head.weight")));
    ObjectMapper om = new ObjectMapper();
    assertEquals(24, ParamResolver.layerCountFromConfigJson(
        Optional.of(om.readTree("{\"num_hidden_layers\": 24, \"hidden_size\": 8}")), names));
    assertEquals(6, ParamResolver.layerCountFromConfigJson(Optional.of(om.readTree("{\"n_layer\": 24}")), names));
    assertEquals(6, ParamResolver.layerCountFromConfigJson(Optional.empty(), names));
    assertEquals("base config.json: num_hidden_layers must be a positive integer, got \"24\"",
        assertThrows(ConfigException.class, () -> ParamResolver.layerCountFromConfigJson(
            Optional.of(om.readTree("{\"num_hidden_layers\": \"24\"}")), names)).getMessage());
    assertEquals("base config.json: num_hidden_layers must be a positive integer, got 0",
        assertThrows(ConfigException.class, () -> ParamResolver.layerCount(OptionalInt.of(0), names)).getMessage());
  }

  @Test
  void depth() {
    MergeConfig c = parse("merge_method: linear\nmodels: [{model: a}]\n");
    ParamResolver r = new ParamResolver(c, 5);
    assertEquals(0.0, r.depth("model.layers.0.x"));
    assertEquals(0.5, r.depth("model.layers.2.x"));
    assertEquals(1.0, r.depth("model.layers.4.x"));
    assertEquals(1.0, r.depth("model.layers.9.x"), "past the last layer clamps");
    assertEquals(0.0, r.depth("lm_head.weight"));
    assertEquals(0.0, new ParamResolver(c, 1).depth("model.layers.0.x"));
  }

  @Test
  void gradientsThroughConfig() {
    MergeConfig c = parse("""
        merge_method: ties
        base_model: base
        models:
          - model: a
            parameters:
              density: [1, 0.7, 0.1]
              weight: [0.2]
          - model: b
            parameters:
              weight: [0, 0.5, 1, 0.5]
        """);
    ParamResolver r = new ParamResolver(c, 3);
    TensorParams l0 = r.resolve("model.layers.0.mlp.weight");
    TensorParams l1 = r.resolve("model.layers.1.mlp.weight");
    TensorParams l2 = r.resolve("model.layers.2.mlp.weight");
    assertArrayEquals(new double[] {1.0, 1.0}, l0.density());
    assertArrayEquals(new double[] {0.7, 1.0}, l1.density());
    assertArrayEquals(new double[] {0.1, 1.0}, l2.density());
    assertArrayEquals(new double[] {0.2, 0.0}, l0.weight());
    assertArrayEquals(new double[] {0.2, (1 - 0.5) * 0.5 + 0.5 * 1.0}, l1.weight());
    assertArrayEquals(new double[] {0.2, 0.5}, l2.weight());
    // No layer index: t = 0.
    assertArrayEquals(new double[] {1.0, 1.0}, r.resolve("model.embed_tokens.weight").density());
    // t = 0.25 through a 5-layer model (index 1 of 0..4): between the first two points.
    assertEquals((1 - 0.5) * 1 + 0.5 * 0.7, new ParamResolver(c, 5).resolve("model.layers.1.x").density()[0]);
  }

  @Test
  void filtersFallThroughModelThenGlobalThenDefault() {
    MergeConfig c = parse("""
        merge_method: breadcrumbs_ties
        base_model: base
        parameters:
          density:
            - filter: mlp
              value: 0.3
          gamma: 0.05
          scope:
            - filter: embed
              value: row
        models:
          - model: a
            parameters:
              density:
                - filter: self_attn
                  value: 0.9
                - filter: mlp
                  value: [0.2, 0.4]
              gamma:
                - filter: lm_head
                  value: 0.1
          - model: b
            parameters:
              density:
                - filter: self_attn
                  value: 0.8
                - value: 0.6
              scope: tensor
        """);
    ParamResolver r = new ParamResolver(c, 2);
    TensorParams attn = r.resolve("model.layers.0.self_attn.q_proj.weight");
    assertArrayEquals(new double[] {0.9, 0.8}, attn.density());
    assertArrayEquals(new double[] {0.05, 0.05}, attn.gamma());
    TensorParams mlp = r.resolve("model.layers.1.mlp.up_proj.weight");
    assertArrayEquals(new double[] {0.4, 0.6}, mlp.density(), "model gradient inside a filter; b's fallback");
    TensorParams norm = r.resolve("model.norm.weight");
    assertArrayEquals(new double[] {1.0, 0.6}, norm.density(), "a: no model match, no global match -> default");
    TensorParams head = r.resolve("lm_head.weight");
    assertArrayEquals(new double[] {0.1, 0.05}, head.gamma());
    TensorParams mlpGlobal = r.resolve("model.layers.0.mlp.down_proj.weight");
    assertEquals(0.2, mlpGlobal.density()[0]);
    TensorParams embed = r.resolve("model.embed_tokens.weight");
    assertArrayEquals(new Scope[] {Scope.ROW, Scope.TENSOR}, embed.scope());
    assertArrayEquals(new Scope[] {Scope.TENSOR, Scope.TENSOR}, head.scope());
  }

  @Test
  void modelFilterWithoutMatchFallsToGlobal() {
    MergeConfig c = parse("""
        merge_method: dare_linear
        base_model: base
        parameters: {weight: 0.25, density: 0.5}
        models:
          - model: a
            parameters:
              weight: [{filter: mlp, value: 2}]
        """);
    ParamResolver r = new ParamResolver(c, 1);
    assertEquals(2.0, r.resolve("x.mlp.y").weight()[0]);
    assertEquals(0.25, r.resolve("x.attn.y").weight()[0]);
    assertEquals(0.5, r.resolve("x.attn.y").density()[0]);
  }

  @Test
  void globalLambdaAsFilterListAndGradient() {
    MergeConfig c = parse("""
        merge_method: task_arithmetic
        base_model: base
        parameters:
          lambda:
            - filter: mlp
              value: [0.5, 1.5]
            - filter: "*"
              value: 0.75
          normalize: [{filter: attn, value: true}]
        models: [{model: a}, {model: b}]
        """);
    ParamResolver r = new ParamResolver(c, 3);
    assertEquals(0.5, r.resolve("model.layers.0.mlp.w").lambda());
    assertEquals(1.0, r.resolve("model.layers.1.mlp.w").lambda());
    assertEquals(1.5, r.resolve("model.layers.2.mlp.w").lambda());
    assertEquals(0.75, r.resolve("model.layers.2.attn.w").lambda());
    assertTrue(r.resolve("model.layers.2.attn.w").normalize());
    assertFalse(r.resolve("model.layers.2.mlp.w").normalize(), "no match -> method default");
  }

  @Test
  void globalsAndSeedBits() {
    MergeConfig c = parse("""
        merge_method: dare_ties
        base_model: base
        parameters: {seed: 18446744073709551615, rescale: no, k: 1, weight: 0.5}
        models: [{model: a, parameters: {weight: 2}}, {model: b}]
        """);
    TensorParams p = new ParamResolver(c, 1).resolve("w");
    assertEquals(-1L, p.seed(), "2^64 - 1 wraps to -1");
    assertFalse(p.rescale(), "YAML 1.1 'no' is false, as in PyYAML");
    assertArrayEquals(new double[] {2.0, 0.5}, p.weight());
    assertEquals(List.of("parameters.k: not used by merge_method dare_ties; ignored"), c.warnings());
    assertEquals(-42L, new ParamResolver(parse("""
        merge_method: dare_linear
        base_model: base
        parameters: {seed: -42}
        models: [{model: a}]
        """), 1).resolve("w").seed());
  }
}

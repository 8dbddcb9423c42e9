// MethodDefaultsTest.java — every merge method parses from minimal YAML and resolves to mergekit's
// defaults; the method → kernel Combine/Mask mapping is pinned.
package org.breadcrumbs4j.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.Set;
import org.breadcrumbs4j.kernel.Combine;
import org.breadcrumbs4j.kernel.Mask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MethodDefaultsTest {
  static final Path DIR = Path.of("/cfg");

  static MergeConfig minimal(MergeMethod m) {
    return MergeConfig.parse("""
        merge_method: %s
        base_model: base
        models:
          - model: a
          - model: b
        """.formatted(m.yamlName()), DIR);
  }

  @ParameterizedTest
  @EnumSource(MergeMethod.class)
  void everyMethodParsesWithDefaults(MergeMethod m) {
    MergeConfig c = minimal(m);
    assertEquals(m, c.method());
    assertEquals(2, c.models().size());
    assertTrue(c.warnings().isEmpty(), c.warnings().toString());
    TensorParams p = new ParamResolver(c, 1).resolve("model.layers.0.mlp.up_proj.weight");
    assertArrayEquals(new double[] {1, 1}, p.weight());
    assertArrayEquals(new double[] {1, 1}, p.density());
    double gamma = m.sparsify() == Sparsify.BREADCRUMBS ? 0.01 : 0.0;
    assertArrayEquals(new double[] {gamma, gamma}, p.gamma());
    assertArrayEquals(new double[] {0.4, 0.4}, p.tallLambda());
    assertArrayEquals(new Scope[] {Scope.TENSOR, Scope.TENSOR}, p.scope());
    assertEquals(1.0, p.lambda());
    boolean normalize = Set.of(MergeMethod.TIES, MergeMethod.CONSENSUS_TIES, MergeMethod.LINEAR).contains(m);
    assertEquals(normalize, p.normalize());
    assertEquals(normalize, m.defaultNormalize());
    assertTrue(p.rescale());
    assertEquals(2, p.k());
    assertEquals(0L, p.seed());
  }

  @Test
  void linearNeedsNoBase() {
    MergeConfig c = MergeConfig.parse("merge_method: linear\nmodels: [{model: a}, {model: b}]\n", DIR);
    assertTrue(c.baseModel().isEmpty());
    assertFalse(MergeMethod.LINEAR.needsBase());
  }

  @Test
  void kernelMapping() {
    assertEquals(Combine.SUM, MergeMethod.TASK_ARITHMETIC.combine());
    assertEquals(Combine.SUM, MergeMethod.BREADCRUMBS.combine());
    assertEquals(Combine.SUM, MergeMethod.DARE_LINEAR.combine());
    assertEquals(Combine.TIES, MergeMethod.TIES.combine());
    assertEquals(Combine.TIES, MergeMethod.BREADCRUMBS_TIES.combine());
    assertEquals(Combine.TIES, MergeMethod.DARE_TIES.combine());
    assertEquals(Combine.LINEAR, MergeMethod.LINEAR.combine());
    assertEquals(Combine.CONSENSUS_SUM, MergeMethod.CONSENSUS_TA.combine());
    assertEquals(Combine.CONSENSUS_TIES, MergeMethod.CONSENSUS_TIES.combine());
    assertEquals(Sparsify.NONE, MergeMethod.TASK_ARITHMETIC.sparsify());
    assertEquals(Sparsify.BREADCRUMBS, MergeMethod.BREADCRUMBS_TIES.sparsify());
    assertEquals(Sparsify.TOP_K, MergeMethod.TIES.sparsify());
    assertEquals(Sparsify.TOP_K, MergeMethod.CONSENSUS_TIES.sparsify());
    assertEquals(Sparsify.DARE, MergeMethod.DARE_LINEAR.sparsify());
    assertEquals(Sparsify.NONE, MergeMethod.CONSENSUS_TA.sparsify());
    assertEquals(Mask.RANK, Sparsify.BREADCRUMBS.mask());
    assertEquals(Mask.RANK, Sparsify.TOP_K.mask());
    assertEquals(Mask.DARE, Sparsify.DARE.mask());
    assertEquals(Mask.ALL, Sparsify.NONE.mask());
  }

  @Test
  void yamlNamesRoundTrip() {
    for (MergeMethod m : MergeMethod.values()) {
      assertEquals(m, MergeMethod.fromYaml(m.yamlName()));
    }
    assertEquals("breadcrumbs_ties", MergeMethod.BREADCRUMBS_TIES.yamlName());
  }

  @Test
  void inapplicableParameterWarnsAndResolvesToNeutralDefault() {
    MergeConfig c = MergeConfig.parse("""
        merge_method: ties
        base_model: base
        parameters: {gamma: 0.2, k: 3, epsilon: 0.1, int8_mask: true}
        models:
          - model: a
            parameters: {density: 0.5, tall_lambda: 1.0}
        """, DIR);
    assertEquals(java.util.List.of(
        "parameters.gamma: not used by merge_method ties; ignored",
        "parameters.k: not used by merge_method ties; ignored",
        "parameters.epsilon: reserved, has no effect",
        "models[0].parameters.tall_lambda: not used by merge_method ties; ignored"), c.warnings());
    TensorParams p = new ParamResolver(c, ParamResolver.layerCount(OptionalInt.empty(), Set.of())).resolve("x");
    assertArrayEquals(new double[] {0.0}, p.gamma());
    assertArrayEquals(new double[] {0.5}, p.density());
    assertArrayEquals(new double[] {0.4}, p.tallLambda());
    assertEquals(2, p.k());
  }

  @Test
  void entriesAfterAFallbackWarn() {
    MergeConfig c = MergeConfig.parse("""
        merge_method: linear
        models:
          - model: a
            parameters:
              weight: [{value: 1}, {filter: mlp, value: 2}, {filter: attn, value: 3}]
        """, DIR);
    assertEquals(java.util.List.of("models[0].parameters.weight[1]: never used; entry 0 has no filter and matches "
        + "every tensor (put the fallback last)"), c.warnings());
    assertEquals(1.0, new ParamResolver(c, 1).resolve("x.mlp.y").weight()[0]);
  }

  @Test
  void normalizeIsIgnoredByConsensusTa() {
    MergeConfig c = MergeConfig.parse("""
        merge_method: consensus_ta
        base_model: base
        parameters: {normalize: true, k: 5, tall_lambda: 0.6}
        models: [{model: a}, {model: b}]
        """, DIR);
    assertEquals(java.util.List.of("parameters.normalize: not used by merge_method consensus_ta; ignored",
        "parameters.k: 5 exceeds the number of merged models (2), so no element can reach it and every "
            + "tensor stays equal to the base"), c.warnings());
    TensorParams p = new ParamResolver(c, 1).resolve("x");
    assertFalse(p.normalize());
    assertEquals(5, p.k());
    assertArrayEquals(new double[] {0.6, 0.6}, p.tallLambda());
  }
}

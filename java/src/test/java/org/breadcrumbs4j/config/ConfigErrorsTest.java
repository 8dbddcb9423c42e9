// ConfigErrorsTest.java — every configuration error path, with the message it must show (key path
// first, then the problem), all raised by parse() before any weight could be read.
package org.breadcrumbs4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigErrorsTest {
  static final String HEAD = "merge_method: ties\nbase_model: base\n";
  static final String MODELS = "models:\n  - model: a\n  - model: b\n";

  static String error(String yaml) {
    return assertThrows(ConfigException.class, () -> MergeConfig.parse(yaml, Path.of("/cfg"))).getMessage();
  }

  static void assertError(String expected, String yaml) {
    assertEquals(expected, error(yaml));
  }

  @Test
  void unknownTopLevelKey() {
    assertError("dtpye: unknown key (did you mean 'dtype'?); known keys: merge_method, base_model, models, "
        + "parameters, dtype, out_dtype, tokenizer_source, name", HEAD + MODELS + "dtpye: bfloat16\n");
  }

  @Test
  void unknownParameter() {
    assertError("models[1].parameters.densty: unknown parameter (did you mean 'density'?); known parameters: "
        + "weight, density, gamma, epsilon, tall_lambda, scope, lambda, normalize, rescale, k, seed, int8_mask",
        HEAD + "models:\n  - model: a\n  - model: b\n    parameters: {densty: 0.5}\n");
    assertTrue(error(HEAD + MODELS + "parameters: {foo: 1}\n").startsWith("parameters.foo: unknown parameter; known"));
  }

  @Test
  void unknownKeyInModelEntry() {
    assertError("models[0].weight: unknown key; a model entry has 'model' and 'parameters'",
        HEAD + "models:\n  - model: a\n    weight: 0.5\n");
  }

  @Test
  void slicesAndModules() {
    assertError("slices: layer slices are not supported; list whole models under 'models'",
        HEAD + "slices:\n  - sources: [{model: a, layer_range: [0, 4]}]\n");
    assertError("modules: modules are not supported; list whole models under 'models'",
        HEAD + MODELS + "modules: {}\n");
  }

  @Test
  void tokenizerOptions() {
    assertError("tokenizer_source: 'union' is not supported (no vocabulary merging); use 'base' or a model path",
        HEAD + MODELS + "tokenizer_source: union\n");
    assertTrue(error(HEAD + MODELS + "tokenizer:\n  source: union\n").startsWith(
        "tokenizer: the 'tokenizer' block is not supported"));
    assertTrue(error(HEAD + MODELS + "chat_template: chatml\n").startsWith("chat_template: chat templates are not supported"));
    assertError("tokenizer_source: 'base' needs a base_model; give a model path instead",
        "merge_method: linear\n" + MODELS + "tokenizer_source: base\n");
    assertEquals("tokenizer_source: must be 'base' or a model path, got number 3",
        error(HEAD + MODELS + "tokenizer_source: 3\n"));
  }

  @Test
  void densityOutOfRange() {
    assertError("models[2].parameters.density: must be in (0, 1], got 1.5",
        HEAD + MODELS + "  - model: c\n    parameters: {density: 1.5}\n");
    assertError("parameters.density: must be in (0, 1], got 0", HEAD + MODELS + "parameters: {density: 0}\n");
    assertError("parameters.density[2]: must be in (0, 1], got -0.1",
        HEAD + MODELS + "parameters: {density: [1, 0.5, -0.1]}\n");
    assertError("parameters.density: must be a finite number, got NaN", HEAD + MODELS + "parameters: {density: .nan}\n");
    assertError("parameters.density: must not round to 0 in binary32, got 1.0E-50", HEAD + MODELS + "parameters: {density: 1.0e-50}\n");
  }

  @Test
  void gammaOutOfRange() {
    assertError("parameters.gamma: must be in [0, 1), got 1",
        "merge_method: breadcrumbs\nbase_model: base\n" + MODELS + "parameters: {gamma: 1}\n");
  }

  @Test
  void otherRanges() {
    assertError("parameters.k: must be an integer in [0, 2147483647], got -1", HEAD + MODELS + "parameters: {k: -1}\n");
    assertError("parameters.k: must be a non-negative integer, got number 2.0", HEAD + MODELS + "parameters: {k: 2.0}\n");
    assertError("parameters.tall_lambda: must be >= 0, got -0.5", HEAD + MODELS + "parameters: {tall_lambda: -0.5}\n");
    assertError("models[0].parameters.weight: must be within binary32 range (|x| <= 3.4028235E38), got 1.0E39",
        HEAD + "models:\n  - model: a\n    parameters: {weight: 1.0e+39}\n");
    assertError("parameters.lambda: must be a finite number, got Infinity", HEAD + MODELS + "parameters: {lambda: .inf}\n");
    assertError("parameters.seed: must be a 64-bit integer in [-2^63, 2^64), got 18446744073709551616",
        HEAD + MODELS + "parameters: {seed: 18446744073709551616}\n");
    assertError("parameters.normalize: must be a boolean (true or false), got number 1",
        HEAD + MODELS + "parameters: {normalize: 1}\n");
    assertError("parameters.weight: must be a number, got boolean true", HEAD + MODELS + "parameters: {weight: true}\n");
    assertError("parameters.weight: must be a number, got string '0.5'", HEAD + MODELS + "parameters: {weight: '0.5'}\n");
    assertError("models[0].parameters.scope: must be 'tensor' or 'row', got string 'layer'",
        HEAD + "models:\n  - model: a\n    parameters: {scope: layer}\n");
    assertError("parameters.normalize: must be a single value or a filter list; gradients apply to real-valued "
        + "parameters only", HEAD + MODELS + "parameters: {normalize: [true, false]}\n");
  }

  @Test
  void globalOnlyParameterPerModel() {
    assertError("models[0].parameters.lambda: 'lambda' is a global parameter; set it under the top-level "
        + "'parameters', not per model", HEAD + "models:\n  - model: a\n    parameters: {lambda: 0.5}\n");
    for (String p : new String[] {"normalize: true", "rescale: false", "k: 1", "seed: 3", "int8_mask: true"}) {
      String name = p.substring(0, p.indexOf(':'));
      assertTrue(error(HEAD + "models:\n  - model: a\n    parameters: {" + p + "}\n")
          .startsWith("models[0].parameters." + name + ": '" + name + "' is a global parameter"), p);
    }
  }

  @Test
  void missingBase() {
    assertError("base_model: required by merge_method ties (task vectors are differences to the base); only "
        + "linear works without one", "merge_method: ties\n" + MODELS);
  }

  @Test
  void modelsMissingOrEmpty() {
    assertError("models: at least one model is required", HEAD + "models: []\n");
    assertError("models: at least one model is required", HEAD);
    assertError("models: no model to merge: every entry is the base model",
        HEAD + "models:\n  - model: base\n  - model: ./base/\n");
    assertError("models: must be a list of '- model: path' entries, got a mapping", HEAD + "models: {model: a}\n");
    assertError("models[0]: must be a mapping like '- model: path', got string 'a'", HEAD + "models: [a]\n");
    assertError("models[0].model: required (the model's local directory)", HEAD + "models:\n  - parameters: {}\n");
    assertError("models[0].model: must be a local directory path (a string), got a mapping",
        HEAD + "models:\n  - model: {model: {path: x}}\n");
  }

  @Test
  void mergeMethodErrors() {
    assertError("merge_method: required", "base_model: base\n" + MODELS);
    assertError("merge_method: unknown merge method 'tie'; supported: task_arithmetic, breadcrumbs, "
        + "breadcrumbs_ties, ties, dare_linear, dare_ties, linear, consensus_ta, consensus_ties",
        "merge_method: tie\nbase_model: base\n" + MODELS);
    assertTrue(error("merge_method: slerp\nbase_model: base\n" + MODELS)
        .startsWith("merge_method: mergekit method 'slerp' is not implemented by breadcrumbs4j; supported: "));
  }

  @Test
  void badDtype() {
    assertError("dtype: unknown dtype 'int8'; use float32, float16, bfloat16 or float64 (or fp32, fp16, bf16, half, "
        + "float, double)", HEAD + MODELS + "dtype: int8\n");
    assertTrue(error(HEAD + MODELS + "out_dtype: BF16\n").startsWith("out_dtype: unknown dtype 'BF16' (names are lower case)"));
  }

  @Test
  void duplicateKey() {
    String msg = error(HEAD + MODELS + "dtype: float16\ndtype: bfloat16\n");
    assertTrue(msg.startsWith("YAML error at line 7, column 1: ") && msg.contains("found duplicate key dtype"), msg);
  }

  @Test
  void nonMappingRoot() {
    assertError("the config must be a mapping of keys (merge_method, models, ...), got a list", "- ties\n- linear\n");
    assertError("the config must be a mapping of keys (merge_method, models, ...), got string 'ties'", "ties\n");
    assertError("the config is empty; expected a mapping with merge_method and models", "# nothing\n");
  }

  @Test
  void syntaxErrorHasLineNumber() {
    String msg = error(HEAD + "models:\n  - model: a\n    parameters: {weight: [1, 2}\n");
    assertTrue(msg.startsWith("YAML error at line 5, column "), msg);
  }

  @Test
  void nonStringKey() {
    assertError("keys must be strings, got boolean true (YAML 1.1 reads yes/no/on/off as booleans; quote the key)",
        HEAD + MODELS + "on: 1\n");
  }

  @Test
  void aliasBombIsRejected() {
    StringBuilder sb = new StringBuilder("a: &a [x, x]\n");
    for (int i = 0; i < 60; i++) {
      sb.append("b").append(i).append(": &b").append(i).append(" [*a, *a]\n");
    }
    assertTrue(error(sb.toString()).startsWith("YAML: Number of aliases for non-scalar nodes exceeds"));
  }

  @Test
  void filterListShapes() {
    assertError("parameters.weight[0].fliter: unknown key in a filter entry; expected 'filter' and 'value'",
        HEAD + MODELS + "parameters:\n  weight:\n    - fliter: mlp\n      value: 1\n");
    assertError("parameters.weight[0]: filter entry without 'value'", HEAD + MODELS + "parameters:\n  weight:\n    - filter: mlp\n");
    assertError("parameters.weight[0].value: filter lists do not nest; give a value or a gradient",
        HEAD + MODELS + "parameters:\n  weight:\n    - filter: mlp\n      value: [{value: 1}]\n");
    assertError("parameters.weight[1]: must be a number, got a mapping",
        HEAD + MODELS + "parameters:\n  weight: [1, {value: 1}]\n");
    assertError("parameters.weight: got a mapping; filter entries go in a list ('- filter: ...' / '  value: ...')",
        HEAD + MODELS + "parameters:\n  weight: {filter: mlp, value: 1}\n");
    assertError("parameters.weight: empty list; give a value, a gradient [a, b, ...] or filter entries",
        HEAD + MODELS + "parameters: {weight: []}\n");
    assertError("parameters.density[0].value[1]: must be in (0, 1], got 2",
        HEAD + MODELS + "parameters:\n  density:\n    - filter: mlp\n      value: [0.5, 2]\n");
    assertError("parameters.weight[0].filter: must be a string (a substring of tensor names), got number 3",
        HEAD + MODELS + "parameters:\n  weight:\n    - filter: 3\n      value: 1\n");
  }

  @Test
  void perTensorRangeErrorNamesParamModelAndTensor() {
    // Each point is legal, but a gradient evaluated in code-built configs can still be checked per tensor.
    MergeConfig c = new MergeConfig(MergeMethod.TIES, java.util.Optional.of(Path.of("/b")),
        java.util.List.of(new ModelEntry(Path.of("/a"),
            java.util.Map.of("density", new ParamValue.Gradient(java.util.List.of(0.5, 0.0))), 0)),
        java.util.Map.of(), java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
        Path.of("/cfg"), "");
    ParamResolver r = new ParamResolver(c, 3);
    assertEquals(0.25, r.resolve("model.layers.1.x").density()[0]);
    ConfigException e = assertThrows(ConfigException.class, () -> r.resolve("model.layers.2.x"));
    assertEquals("models[0].parameters.density: must be in (0, 1], got 0 for tensor model.layers.2.x (layer depth t = 1.0)",
        e.getMessage());
  }

  @Test
  void codeBuiltConfigsGetNameChecks() {
    ConfigException e = assertThrows(ConfigException.class, () -> new MergeConfig(MergeMethod.TIES,
        java.util.Optional.of(Path.of("/b")),
        java.util.List.of(new ModelEntry(Path.of("/a"), java.util.Map.of("lambda", new ParamValue.Scalar(1)), 0)),
        java.util.Map.of(), java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
        Path.of("/cfg"), ""));
    assertEquals("models[0].parameters.lambda: 'lambda' is a global parameter, not per model", e.getMessage());
  }
}

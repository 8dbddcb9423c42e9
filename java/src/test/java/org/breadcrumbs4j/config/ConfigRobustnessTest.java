// ConfigRobustnessTest.java — seeded random mutations of valid configs: parsing and resolving must
// either succeed or fail with a ConfigException, never with a stray runtime exception.
package org.breadcrumbs4j.config;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConfigRobustnessTest {
  private static final String SEED_CONFIG = """
      merge_method: breadcrumbs_ties
      base_model: base
      parameters:
        lambda: [{filter: mlp, value: [0.5, 1.5]}, {value: 1}]
        normalize: true
        seed: 7
        k: 2
      models:
        - model: a
          parameters: {density: [1, 0.7, 0.1], gamma: 0.02, scope: row, weight: 0.5}
        - model: b
          parameters:
            weight: [{filter: attn, value: 0.3}, {value: [0, 1]}]
      dtype: bfloat16
      tokenizer_source: base
      """;

  /** Characters that change YAML structure or value types. */
  private static final String ALPHABET = " :-[]{},#&*!|>'\"%@`\n\t0123456789.eE+_~yesnoaxtiesrow";

  @Test
  void mutatedConfigsFailOnlyWithConfigException() {
    // Thousands of legal-but-odd mutants would each log their warnings; keep the build log readable.
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(MergeConfig.class.getName());
    java.util.logging.Level saved = log.getLevel();
    log.setLevel(java.util.logging.Level.SEVERE);
    try {
      mutate();
    } finally {
      log.setLevel(saved);
    }
  }

  private static void mutate() {
    Random rnd = new Random(20240607);
    List<String> tensors = List.of("model.layers.0.mlp.w", "model.layers.2.self_attn.q", "lm_head.weight", "x");
    for (int iter = 0; iter < 3000; iter++) {
      StringBuilder sb = new StringBuilder(SEED_CONFIG);
      int edits = 1 + rnd.nextInt(4);
      for (int e = 0; e < edits && sb.length() > 0; e++) {
        int pos = rnd.nextInt(sb.length());
        switch (rnd.nextInt(3)) {
          case 0 -> sb.deleteCharAt(pos);
          case 1 -> sb.insert(pos, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
          default -> sb.setCharAt(pos, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        }
      }
      String yaml = sb.toString();
      try {
        MergeConfig c = MergeConfig.parse(yaml, Path.of("/cfg"));
        ParamResolver r = new ParamResolver(c, 3);
        for (String t : tensors) {
          r.resolve(t);
        }
        c.warnings();
      } catch (ConfigException expected) {
        // fine: a clear configuration error
      } catch (RuntimeException | StackOverflowError e) {
        fail("iteration " + iter + " threw " + e + " for:\n" + yaml, e);
      }
    }
  }
}

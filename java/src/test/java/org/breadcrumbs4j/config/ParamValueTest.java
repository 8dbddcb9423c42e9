// ParamValueTest.java — gradient interpolation (mergekit's formula, bit for bit) and filter-list
// selection on ParamValue alone, without a config around it.
package org.breadcrumbs4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParamValueTest {
  @Test
  void gradientEndpointsAndMiddle() {
    ParamValue.Gradient g = new ParamValue.Gradient(List.of(1.0, 0.7, 0.1));
    assertEquals(1.0, g.at(0));
    assertEquals(0.7, g.at(0.5));
    assertEquals(0.1, g.at(1));
    // t = 0.25: x = 0.5 between 1.0 and 0.7, computed as (1 - f) * g0 + f * g1 in binary64.
    assertEquals((1 - 0.5) * 1.0 + 0.5 * 0.7, g.at(0.25));
    assertEquals(0.85, g.at(0.25), 1e-15);
  }

  @Test
  void gradientOfOnePointIsConstant() {
    ParamValue.Gradient g = new ParamValue.Gradient(List.of(0.3));
    assertEquals(0.3, g.at(0));
    assertEquals(0.3, g.at(0.5));
    assertEquals(0.3, g.at(1));
  }

  @Test
  void gradientMatchesPythonRounding() {
    // Python: t=1/3, g=[0.1, 0.2, 0.9]: scaled=0.6666666666666666, i0=0, f=0.6666666666666666,
    // (1-f)*0.1 + f*0.2 = 0.16666666666666669 (printed by CPython's repr).
    ParamValue.Gradient g = new ParamValue.Gradient(List.of(0.1, 0.2, 0.9));
    assertEquals(0.16666666666666669, g.at(1.0 / 3.0));
    // Clamped outside [0, 1].
    assertEquals(0.9, g.at(1.5));
    assertEquals(0.1, g.at(-1));
  }

  @Test
  void filterFirstMatchWinsAndFallbackMatchesEverything() {
    ParamValue.Filtered f = new ParamValue.Filtered(List.of(
        new ParamValue.Filtered.Entry(Optional.of("self_attn"), new ParamValue.Scalar(0.3)),
        new ParamValue.Filtered.Entry(Optional.of("attn"), new ParamValue.Scalar(0.4)),
        new ParamValue.Filtered.Entry(Optional.empty(), new ParamValue.Gradient(List.of(0.0, 1.0)))));
    assertEquals(0.3, f.evaluate("model.layers.0.self_attn.q_proj.weight", 0).getAsDouble());
    assertEquals(0.4, f.evaluate("transformer.h.0.attn.c_attn.weight", 0).getAsDouble());
    assertEquals(0.5, f.evaluate("model.layers.0.mlp.up_proj.weight", 0.5).getAsDouble());
  }

  @Test
  void filterWithoutMatchOrFallbackIsEmpty() {
    ParamValue.Filtered f = new ParamValue.Filtered(List.of(
        new ParamValue.Filtered.Entry(Optional.of("mlp"), new ParamValue.Scalar(0.3))));
    assertTrue(f.evaluate("model.embed_tokens.weight", 0).isEmpty());
    assertTrue(f.select("model.embed_tokens.weight").isEmpty());
  }

  @Test
  void typedLeaves() {
    assertEquals(1.0, new ParamValue.Flag(true).evaluate("x", 0).getAsDouble());
    assertEquals(-1.0, new ParamValue.Whole(-1).evaluate("x", 0).getAsDouble());
    assertEquals(1.0, new ParamValue.ScopeValue(Scope.ROW).evaluate("x", 0).getAsDouble());
  }
}

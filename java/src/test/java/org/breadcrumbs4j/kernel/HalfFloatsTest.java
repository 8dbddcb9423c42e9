// HalfFloatsTest.java — the pure-Java F16/BF16 conversions against SpecOracle's independent ones: every
// 16-bit pattern widened, and binary32 values (edges, ties, random bits) narrowed. Tolerance: none.
package org.breadcrumbs4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.breadcrumbs4j.testing.SpecOracle;
import org.junit.jupiter.api.Test;

class HalfFloatsTest {
  @Test
  void everyHalfPatternWidensExactly() {
    for (int h = 0; h < 65536; h++) {
      assertEquals(Float.floatToRawIntBits(SpecOracle.fromF16((short) h)),
          Float.floatToRawIntBits(HalfFloats.f16ToF32((short) h)), "F16 0x" + Integer.toHexString(h));
      assertEquals(Float.floatToRawIntBits(SpecOracle.fromBf16((short) h)),
          Float.floatToRawIntBits(HalfFloats.bf16ToF32((short) h)), "BF16 0x" + Integer.toHexString(h));
    }
  }

  @Test
  void narrowingMatchesTheOracle() {
    SplittableRandom rnd = new SplittableRandom(5);
    for (int i = 0; i < 2_000_000; i++) {
      int bits = switch (i % 4) {
        case 0 -> rnd.nextInt(); // anything, NaN payloads included
        case 1 -> (rnd.nextInt(0x48000000 - 0x33000000) + 0x33000000) | (rnd.nextBoolean() ? 0x80000000 : 0);
        case 2 -> (rnd.nextInt() & 0xFFFFE000) | 0x1000; // exact F16 ties
        default -> (rnd.nextInt() & 0xFFFF0000) | 0x8000; // exact BF16 ties
      };
      float f = Float.intBitsToFloat(bits);
      assertEquals(SpecOracle.toF16(f), HalfFloats.f32ToF16(f), "F16 of 0x" + Integer.toHexString(bits));
      assertEquals(SpecOracle.toBf16(f), HalfFloats.f32ToBf16(f), "BF16 of 0x" + Integer.toHexString(bits));
    }
  }

  @Test
  void roundTripIsIdentityForRepresentableValues() {
    for (int h = 0; h < 65536; h++) {
      float f = HalfFloats.f16ToF32((short) h);
      if (!Float.isNaN(f)) {
        assertEquals((short) h, HalfFloats.f32ToF16(f));
      }
      float b = HalfFloats.bf16ToF32((short) h);
      if (!Float.isNaN(b)) {
        assertEquals((short) h, HalfFloats.f32ToBf16(b));
      }
    }
  }
}

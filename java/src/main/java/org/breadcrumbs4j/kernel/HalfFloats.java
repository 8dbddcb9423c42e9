// HalfFloats.java — bit-exact binary16 / bfloat16 <-> binary32 conversions for the pure-Java backend
// (Java 17 has no Float.float16ToFloat); used by Codec when chunks are read and written.
package org.breadcrumbs4j.kernel;

/**
 * IEEE conversions, matching the scalar reference bit for bit. Narrowing is round-to-nearest-even;
 * NaN stays NaN and is made quiet with the payload's top bits kept (what F16C's vcvtps2ph and the
 * usual bfloat16 rounding do), so the AVX2 and scalar native paths and this one agree.
 */
final class HalfFloats {
  private HalfFloats() {}

  /** binary16 bits (low 16 bits of h) to binary32; exact. NaN: quiet bit set, payload kept. */
  static float f16ToF32(int h) {
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1F;
    int mant = h & 0x3FF;
    if (exp == 0) {
      // Subnormal or zero: mant * 2^-24 is exact in binary32.
      float v = mant * 0x1.0p-24f;
      return sign != 0 ? -v : v;
    }
    if (exp == 0x1F) {
      return Float.intBitsToFloat(mant == 0 ? sign | 0x7F800000 : sign | 0x7FC00000 | (mant << 13));
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** binary32 to binary16 bits, round-to-nearest-even; overflow goes to Inf. */
  static short f32ToF16(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int abs = bits & 0x7FFFFFFF;
    if (abs >= 0x7F800000) {
      return (short) (abs == 0x7F800000 ? sign | 0x7C00 : sign | 0x7E00 | ((abs >>> 13) & 0x3FF));
    }
    if (abs >= 0x477FF000) { // >= 65520: halfway above the largest finite half rounds to Inf (even)
      return (short) (sign | 0x7C00);
    }
    if (abs >= 0x38800000) { // normal half range: rebias the exponent, round 13 dropped bits to even
      int m = abs - 0x38000000;
      m += 0xFFF + ((m >>> 13) & 1);
      return (short) (sign | (m >>> 13));
    }
    // Subnormal half (or zero): scale to units of 2^-24 (exact) and round to an integer, ties to even;
    // 1024 is the smallest normal's encoding, so rounding up across the boundary needs no special case.
    double units = Float.intBitsToFloat(abs) * 0x1.0p24;
    return (short) (sign | (int) Math.rint(units));
  }

  /** bfloat16 bits to binary32: the top half of the binary32 pattern; exact. */
  static float bf16ToF32(int h) {
    return Float.intBitsToFloat((h & 0xFFFF) << 16);
  }

  /** binary32 to bfloat16 bits, round-to-nearest-even; NaN is made quiet. */
  static short f32ToBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if ((bits & 0x7FFFFFFF) > 0x7F800000) {
      return (short) ((bits >>> 16) | 0x40);
    }
    return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
  }
}

// Codec.java — element access for F32/F16/BF16/F64 little-endian buffers, written independently of the library
// so the benchmarks' result checks do not trust the code they measure (binary32 ↔ half/bfloat16, RNE).
package org.breadcrumbs4j.bench.support;

import java.nio.ByteBuffer;
import org.breadcrumbs4j.kernel.FloatType;

/**
 * Reads and writes one element as binary32, converting exactly as SPEC.md says (RNE on narrowing, NaN
 * stays NaN). Buffers must be ordered little-endian (callers set it).
 */
public final class Codec {
  private Codec() {}

  public static float get(FloatType t, ByteBuffer b, int i) {
    return switch (t) {
      case F32 -> b.getFloat(4 * i);
      case BF16 -> Float.intBitsToFloat((short16(b, i) & 0xFFFF) << 16);
      case F16 -> halfToFloat(short16(b, i));
      case F64 -> (float) b.getDouble(8 * i);
    };
  }

  public static void put(FloatType t, ByteBuffer b, int i, float v) {
    switch (t) {
      case F32 -> b.putFloat(4 * i, v);
      case BF16 -> putShort16(b, i, floatToBf16(v));
      case F16 -> putShort16(b, i, floatToHalf(v));
      case F64 -> b.putDouble(8 * i, v);
    }
  }

  private static short short16(ByteBuffer b, int i) {
    return b.getShort(2 * i);
  }

  private static void putShort16(ByteBuffer b, int i, short s) {
    b.putShort(2 * i, s);
  }

  public static short floatToBf16(float v) {
    int b = Float.floatToRawIntBits(v);
    if (Float.isNaN(v)) {
      return (short) ((b >>> 16) | 0x40); // keep it a NaN whatever mantissa bits truncation drops
    }
    return (short) ((b + 0x7FFF + ((b >>> 16) & 1)) >>> 16);
  }

  public static float halfToFloat(short s) {
    int h = s & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int e = (h >>> 10) & 0x1F;
    int m = h & 0x3FF;
    if (e == 0) {
      float v = m * 0x1p-24f; // exact: m < 2^10
      return sign != 0 ? -v : v;
    }
    if (e == 31) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (m << 13));
    }
    return Float.intBitsToFloat(sign | ((e - 15 + 127) << 23) | (m << 13));
  }

  public static short floatToHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int abs = bits & 0x7FFFFFFF;
    if (abs >= 0x7F800000) {
      return (short) (sign | 0x7C00 | (abs > 0x7F800000 ? 0x200 | ((abs >>> 13) & 0x3FF) : 0));
    }
    if (abs >= 0x477FF000) { // >= 65520 rounds to infinity (RNE)
      return (short) (sign | 0x7C00);
    }
    if (abs < 0x38800000) { // below 2^-14: a half subnormal (or zero); v * 2^24 is exact, rint is RNE
      int m = (int) Math.rint(Float.intBitsToFloat(abs) * 0x1p24f);
      return (short) (sign | m);
    }
    int h = ((((abs >>> 23) - 127 + 15)) << 10) | ((abs & 0x7FFFFF) >>> 13);
    int rem = abs & 0x1FFF;
    if (rem > 0x1000 || (rem == 0x1000 && (h & 1) != 0)) {
      h++; // a carry into the exponent is still correct
    }
    return (short) (sign | h);
  }
}

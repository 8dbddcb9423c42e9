// Codec.java — reads and writes blocks of chunk elements as binary32 for the pure-Java backend;
// every JavaKernels method goes through a Reader per input and a Writer for the output.
package org.breadcrumbs4j.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/** Little-endian element access at absolute indices (index 0 = the buffer's first byte). */
final class Codec {
  private Codec() {}

  /** The buffer as a little-endian view starting at its index 0, leaving the caller's buffer untouched. */
  static ByteBuffer littleEndian(ByteBuffer buf) {
    ByteBuffer dup = buf.duplicate();
    dup.clear();
    return dup.order(ByteOrder.LITTLE_ENDIAN);
  }

  static void checkCapacity(String what, ByteBuffer buf, FloatType type, long n) {
    if (buf == null) {
      throw new IllegalArgumentException(what + " buffer is null");
    }
    if ((long) buf.capacity() < n * type.size()) {
      throw new IllegalArgumentException(what + " buffer holds " + buf.capacity() + " bytes, "
          + n + " " + type + " elements need " + n * type.size());
    }
  }

  /** Decodes elements of one input into binary32. */
  static final class Reader {
    private final FloatType type;
    private final FloatBuffer f32;
    private final DoubleBuffer f64;
    private final ShortBuffer f16;
    private short[] shorts = new short[0];
    private double[] doubles = new double[0];

    Reader(FloatType type, ByteBuffer buf) {
      this.type = type;
      ByteBuffer le = littleEndian(buf);
      f32 = type == FloatType.F32 ? le.asFloatBuffer() : null;
      f64 = type == FloatType.F64 ? le.asDoubleBuffer() : null;
      f16 = type == FloatType.F16 || type == FloatType.BF16 ? le.asShortBuffer() : null;
    }

    /** dst[off + k] = f32(element start + k), k &lt; len. */
    void read(long start, float[] dst, int off, int len) {
      int s = Math.toIntExact(start);
      switch (type) {
        case F32 -> f32.get(s, dst, off, len);
        case F64 -> {
          if (doubles.length < len) {
            doubles = new double[len];
          }
          f64.get(s, doubles, 0, len);
          for (int k = 0; k < len; k++) {
            dst[off + k] = (float) doubles[k]; // Java's d2f is IEEE round-to-nearest-even
          }
        }
        case F16 -> {
          short[] sh = shortScratch(len);
          f16.get(s, sh, 0, len);
          for (int k = 0; k < len; k++) {
            dst[off + k] = HalfFloats.f16ToF32(sh[k]);
          }
        }
        case BF16 -> {
          short[] sh = shortScratch(len);
          f16.get(s, sh, 0, len);
          for (int k = 0; k < len; k++) {
            dst[off + k] = HalfFloats.bf16ToF32(sh[k]);
          }
        }
      }
    }

    /** One element. */
    float get(long index) {
      int i = Math.toIntExact(index);
      return switch (type) {
        case F32 -> f32.get(i);
        case F64 -> (float) f64.get(i);
        case F16 -> HalfFloats.f16ToF32(f16.get(i));
        case BF16 -> HalfFloats.bf16ToF32(f16.get(i));
      };
    }

    private short[] shortScratch(int len) {
      if (shorts.length < len) {
        shorts = new short[len];
      }
      return shorts;
    }
  }

  /** Encodes binary32 values into the output dtype (RNE narrowing, exact widening). */
  static final class Writer {
    private final FloatType type;
    private final FloatBuffer f32;
    private final DoubleBuffer f64;
    private final ShortBuffer f16;
    private short[] shorts = new short[0];
    private double[] doubles = new double[0];

    Writer(FloatType type, ByteBuffer buf) {
      this.type = type;
      if (buf.isReadOnly()) {
        throw new IllegalArgumentException("output buffer is read-only");
      }
      ByteBuffer le = littleEndian(buf);
      f32 = type == FloatType.F32 ? le.asFloatBuffer() : null;
      f64 = type == FloatType.F64 ? le.asDoubleBuffer() : null;
      f16 = type == FloatType.F16 || type == FloatType.BF16 ? le.asShortBuffer() : null;
    }

    /** element start + k = src[off + k], k &lt; len. */
    void write(long start, float[] src, int off, int len) {
      int s = Math.toIntExact(start);
      switch (type) {
        case F32 -> f32.put(s, src, off, len);
        case F64 -> {
          if (doubles.length < len) {
            doubles = new double[len];
          }
          for (int k = 0; k < len; k++) {
            doubles[k] = src[off + k];
          }
          f64.put(s, doubles, 0, len);
        }
        case F16, BF16 -> {
          if (shorts.length < len) {
            shorts = new short[len];
          }
          boolean half = type == FloatType.F16;
          for (int k = 0; k < len; k++) {
            shorts[k] = half ? HalfFloats.f32ToF16(src[off + k]) : HalfFloats.f32ToBf16(src[off + k]);
          }
          f16.put(s, shorts, 0, len);
        }
      }
    }

    void put(long index, float v) {
      int i = Math.toIntExact(index);
      switch (type) {
        case F32 -> f32.put(i, v);
        case F64 -> f64.put(i, v);
        case F16 -> f16.put(i, HalfFloats.f32ToF16(v));
        case BF16 -> f16.put(i, HalfFloats.f32ToBf16(v));
      }
    }
  }

  /** The ranking key: bits of |d| with the sign cleared, as an unsigned int. */
  static int key(float d) {
    return Float.floatToRawIntBits(d) & 0x7FFFFFFF;
  }

  static boolean nonFinite(float v) {
    return (Float.floatToRawIntBits(v) & 0x7F800000) == 0x7F800000;
  }
}

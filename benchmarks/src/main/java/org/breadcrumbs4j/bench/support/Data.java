// Data.java — deterministic synthetic task vectors (a base and N fine-tunes) in direct buffers, the same for
// every backend and run, generated in parallel from a counter-based hash so setup stays short.
package org.breadcrumbs4j.bench.support;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.stream.IntStream;
import org.breadcrumbs4j.io.DType;
import org.breadcrumbs4j.kernel.FloatType;

/**
 * base ~ U(-0.05, 0.05); ft_t = base + triangular(-0.01, 0.01), both rounded to the dtype (RNE). Every
 * 61st element of a fine-tune equals the base (d = 0) and BF16 rounding makes many |d| tie, so ranking
 * meets the ties real checkpoints have.
 */
public final class Data {
  public final FloatType type;
  public final int n;
  public final ByteBuffer base;
  public final ByteBuffer[] fts;

  public Data(FloatType type, int n, int models, long seed) {
    this.type = type;
    this.n = n;
    this.base = alloc(type, n);
    this.fts = new ByteBuffer[models];
    fill(base, type, n, i -> {
      long h = mix(seed ^ 0x5EED_0000_0000L, i);
      return (float) (((h >>> 40) * 0x1p-24 - 0.5) * 0.1);
    });
    for (int t = 0; t < models; t++) {
      fts[t] = alloc(type, n);
      long s = seed + 1000L * (t + 1);
      fill(fts[t], type, n, i -> {
        float b = Codec.get(type, base, i);
        if (i % 61 == 7) {
          return b;
        }
        long h = mix(s, i);
        double tri = (h >>> 40) * 0x1p-24 + ((h >>> 16) & 0xFFFFFF) * 0x1p-24 - 1.0;
        return b + (float) (tri * 0.01);
      });
    }
  }

  public static ByteBuffer alloc(FloatType type, long n) {
    return ByteBuffer.allocateDirect(Math.toIntExact(n * type.size())).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Bytes one merge moves: base + N fine-tunes read, output written (the suite's throughput convention). */
  public long mergeBytes() {
    return (long) n * type.size() * (fts.length + 2);
  }

  public static DType dtype(FloatType t) {
    return switch (t) {
      case F32 -> DType.F32;
      case F16 -> DType.F16;
      case BF16 -> DType.BF16;
      case F64 -> DType.F64;
    };
  }

  interface Gen {
    float at(int i);
  }

  private static void fill(ByteBuffer buf, FloatType type, int n, Gen g) {
    int block = 1 << 16;
    IntStream.range(0, (n + block - 1) / block).parallel().forEach(k -> {
      ByteBuffer b = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      for (int i = k * block, e = Math.min(n, i + block); i < e; i++) {
        Codec.put(type, b, i, g.at(i));
      }
    });
  }

  /** splitmix64 of (seed, index): independent values per element without sequential state. */
  static long mix(long seed, long i) {
    long z = seed * 0x9E3779B97F4A7C15L + i + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

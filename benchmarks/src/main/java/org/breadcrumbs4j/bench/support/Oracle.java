// Oracle.java — an independent plain-Java evaluation of SPEC.md (sum and TIES combine, magnitude ranking by
// exact O(n) radix selection) that every benchmark checks its output against once, outside the timing.
package org.breadcrumbs4j.bench.support;

import java.nio.ByteBuffer;
import org.breadcrumbs4j.kernel.Bound;
import org.breadcrumbs4j.kernel.Combine;
import org.breadcrumbs4j.kernel.FloatType;
import org.breadcrumbs4j.kernel.Mask;
import org.breadcrumbs4j.kernel.MergeDesc;
import org.breadcrumbs4j.kernel.ModelSpec;

/**
 * Reference results for the benchmarks' self-checks. Unlike the peer baseline it avoids sorting (two histogram
 * passes find the key at a rank), so checking a 16M-element merge costs seconds, not minutes.
 */
public final class Oracle {
  private Oracle() {}

  /** A rank boundary: elements with key &gt; key, or key == key and index &lt; cut, rank before it. */
  public record Boundary(long key, long cut) {
    static final Boundary NONE = new Boundary(Long.MAX_VALUE, 0);
    static final Boundary ALL = new Boundary(-1, 0);

    boolean before(int k, int i) {
      return k > key || (k == key && i < cut);
    }

    /** The kernel's form of this boundary (point mode). */
    public Bound bound() {
      if (this == NONE || key == Long.MAX_VALUE) {
        return Bound.NONE_BEFORE;
      }
      if (key < 0) {
        return Bound.ALL_BEFORE;
      }
      return Bound.exact((int) key, cut);
    }
  }

  /** Key of element i: the bits of |f32(ft) - f32(base)| (binary32 subtraction, sign cleared). */
  public static int key(FloatType t, ByteBuffer base, ByteBuffer ft, int i) {
    return Float.floatToRawIntBits(Codec.get(t, ft, i) - Codec.get(t, base, i)) & 0x7FFFFFFF;
  }

  public static int[] keys(FloatType t, ByteBuffer base, ByteBuffer ft, int n) {
    int[] k = new int[n];
    for (int i = 0; i < n; i++) {
      k[i] = key(t, base, ft, i);
    }
    return k;
  }

  /** SPEC's kept rank range [n_top, n_top + n_keep) for density and gamma (ties: gamma 0). */
  public static long[] keptRanks(double density, double gamma, long n) {
    if (density >= 1.0) {
      return new long[] {0, n};
    }
    long keep = (long) (density * (double) n);
    long top = (long) (gamma * (double) n);
    if (keep + top > n) {
      top = n - keep;
    }
    return new long[] {top, top + keep};
  }

  /** The boundary at rank r of the order (key descending, index ascending), by two histogram passes. */
  public static Boundary boundary(int[] keys, long r) {
    int n = keys.length;
    if (r <= 0) {
      return Boundary.NONE;
    }
    if (r >= n) {
      return Boundary.ALL;
    }
    int[] hi = new int[1 << 16];
    for (int k : keys) {
      hi[k >>> 15]++;
    }
    long above = 0;
    int b = 65535;
    for (; b > 0 && above + hi[b] <= r; b--) {
      above += hi[b];
    }
    int[] lo = new int[1 << 15];
    for (int k : keys) {
      if (k >>> 15 == b) {
        lo[k & 0x7FFF]++;
      }
    }
    int l = 32767;
    for (; l > 0 && above + lo[l] <= r; l--) {
      above += lo[l];
    }
    int key = (b << 15) | l;
    long need = r - above;
    long c = 0;
    for (int i = 0; i < n; i++) {
      if (keys[i] == key && c++ == need) {
        return new Boundary(key, i);
      }
    }
    throw new AssertionError("rank " + r + " not found");
  }

  /** Per model {lo, hi} boundaries of its kept ranks (null for models that are not ranked). */
  public static Boundary[][] bounds(FloatType t, ByteBuffer base, ByteBuffer[] fts, int n, double[] density, double[] gamma) {
    Boundary[][] out = new Boundary[fts.length][];
    for (int m = 0; m < fts.length; m++) {
      if (density == null || density[m] <= 0) {
        continue;
      }
      int[] k = keys(t, base, fts[m], n);
      long[] r = keptRanks(density[m], gamma[m], n);
      out[m] = new Boundary[] {boundary(k, r[0]), boundary(k, r[1])};
    }
    return out;
  }

  /**
   * out = base + lambda * combine(masked d_t) for SUM and TIES descs (models RANK with the given boundaries,
   * or ALL), written in desc.outType(). The whole buffer is one ranking unit starting at flat index 0.
   */
  public static ByteBuffer merge(MergeDesc desc, ByteBuffer base, ByteBuffer[] fts, int n, Boundary[][] bounds) {
    FloatType in = desc.inType();
    ByteBuffer out = Data.alloc(desc.outType(), n);
    int models = fts.length;
    float[] w = new float[models];
    for (int t = 0; t < models; t++) {
      ModelSpec m = desc.models().get(t);
      if (m.mask() == Mask.DARE || (m.mask() == Mask.RANK) != (bounds[t] != null)) {
        throw new IllegalArgumentException("oracle: model " + t + " mask " + m.mask() + " not covered");
      }
      w[t] = m.weight();
    }
    float[] v = new float[models];
    for (int i = 0; i < n; i++) {
      float b = Codec.get(in, base, i);
      for (int t = 0; t < models; t++) {
        float d = Codec.get(in, fts[t], i) - b;
        int k = Float.floatToRawIntBits(d) & 0x7FFFFFFF;
        boolean kept = bounds[t] == null || (!bounds[t][0].before(k, i) && bounds[t][1].before(k, i));
        v[t] = w[t] * (kept ? d : 0f);
      }
      float acc = 0f;
      if (desc.combine() == Combine.SUM) {
        for (int t = 0; t < models; t++) {
          acc = acc + v[t];
        }
        if (desc.normalize() && desc.weightSum() != 0f) {
          acc = acc / desc.weightSum();
        }
      } else if (desc.combine() == Combine.TIES) {
        float s = 0f;
        for (int t = 0; t < models; t++) {
          s = s + v[t];
        }
        boolean positive = s >= 0f;
        float dsum = 0f;
        for (int t = 0; t < models; t++) {
          if (v[t] != 0f && (v[t] > 0f) == positive) {
            acc = acc + v[t];
            dsum = dsum + w[t];
          }
        }
        if (desc.normalize() && dsum != 0f) {
          acc = acc / dsum;
        }
      } else {
        throw new IllegalArgumentException("oracle: combine " + desc.combine() + " not covered");
      }
      Codec.put(desc.outType(), out, i, b + desc.lambda() * acc);
    }
    return out;
  }

  /** Throws with the first differing element when the two outputs are not bit-identical. */
  public static void assertSame(String what, FloatType t, ByteBuffer expected, ByteBuffer actual, int n) {
    ByteBuffer e = expected.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).clear().limit(n * t.size());
    ByteBuffer a = actual.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).clear().limit(n * t.size());
    int at = e.mismatch(a);
    if (at >= 0) {
      int i = at / t.size();
      throw new IllegalStateException(what + ": result differs from the reference at element " + i + " (expected "
          + Codec.get(t, e, i) + ", got " + Codec.get(t, a, i) + ") — a benchmark that computes the wrong thing is a bug");
    }
  }
}

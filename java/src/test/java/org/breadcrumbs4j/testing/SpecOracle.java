// SpecOracle.java — a deliberately naive, independent implementation of SPEC.md at the merge-method level;
// the test oracle for every kernel backend (kernel tests) and later for the engine (end-to-end tests).
package org.breadcrumbs4j.testing;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.breadcrumbs4j.kernel.FloatType;

/**
 * Written from SPEC.md alone, sharing no code with the kernels: whole-unit full sorts for ranking,
 * its own splitmix64/fnv1a64, and float16/bfloat16 conversions done by exact scaling in double.
 * Slow by design; clarity over speed. Inputs and outputs are binary32 values (use {@link #decode} and
 * {@link #encode} for dtypes).
 */
public final class SpecOracle {
  private SpecOracle() {}

  /** Merge methods with their SPEC names. */
  public enum Method {
    TASK_ARITHMETIC, BREADCRUMBS, BREADCRUMBS_TIES, TIES, DARE_LINEAR, DARE_TIES, LINEAR, CONSENSUS_TA, CONSENSUS_TIES;

    public String specName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Method of(String name) {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    boolean ties() {
      return this == TIES || this == BREADCRUMBS_TIES || this == DARE_TIES || this == CONSENSUS_TIES;
    }

    boolean dare() {
      return this == DARE_LINEAR || this == DARE_TIES;
    }

    boolean ranks() {
      return this == BREADCRUMBS || this == BREADCRUMBS_TIES || this == TIES || this == CONSENSUS_TIES;
    }

    boolean defaultNormalize() {
      return this == TIES || this == CONSENSUS_TIES || this == LINEAR;
    }
  }

  /** Per-model and global parameters as configured (decimal values in binary64). */
  public static final class OracleParams {
    public double[] weight;
    public double[] density;
    public double[] gamma;
    public double[] tallLambda;
    /** "tensor" or "row" per model. */
    public String[] scope;
    public double lambda = 1.0;
    /** Null: the method's default. */
    public Boolean normalize;
    public boolean rescale = true;
    public int k = 2;
    public long seed;

    /** Defaults for n models: weight 1, density 1, gamma 0, tall_lambda 0.4, scope tensor. */
    public static OracleParams defaults(int n) {
      OracleParams p = new OracleParams();
      p.weight = filled(n, 1.0);
      p.density = filled(n, 1.0);
      p.gamma = filled(n, 0.0);
      p.tallLambda = filled(n, 0.4);
      p.scope = new String[n];
      Arrays.fill(p.scope, "tensor");
      return p;
    }

    private static double[] filled(int n, double v) {
      double[] a = new double[n];
      Arrays.fill(a, v);
      return a;
    }
  }

  public static float[] merge(String method, OracleParams p, String tensorName, long[] shape, float[] base,
      List<float[]> fts) {
    return merge(Method.of(method), p, tensorName, shape, base, fts);
  }

  /** The merged tensor as binary32 values (before conversion to the output dtype). */
  public static float[] merge(Method method, OracleParams p, String tensorName, long[] shape, float[] base,
      List<float[]> fts) {
    int n = base == null ? fts.get(0).length : base.length;
    int models = fts.size();
    boolean normalize = p.normalize != null ? p.normalize : method.defaultNormalize();
    float lambda = (float) p.lambda;
    float[] w = new float[models];
    float weightSum = 0f;
    for (int t = 0; t < models; t++) {
      w[t] = (float) p.weight[t];
      weightSum = weightSum + w[t];
    }
    float[] out = new float[n];
    if (method == Method.LINEAR) {
      for (int i = 0; i < n; i++) {
        float acc = 0f;
        for (int t = 0; t < models; t++) {
          acc = acc + w[t] * fts.get(t)[i];
        }
        out[i] = normalize && weightSum != 0f ? acc / weightSum : acc;
      }
      return out;
    }
    float[][] d = new float[models][n];
    float[][] md = new float[models][];
    for (int t = 0; t < models; t++) {
      for (int i = 0; i < n; i++) {
        d[t][i] = fts.get(t)[i] - base[i];
      }
      md[t] = sparsify(method, p, t, tensorName, shape, d[t]);
    }
    for (int i = 0; i < n; i++) {
      float acc;
      switch (method) {
        case TASK_ARITHMETIC, BREADCRUMBS, DARE_LINEAR -> {
          acc = 0f;
          for (int t = 0; t < models; t++) {
            acc = acc + (w[t] * md[t][i]);
          }
          if (normalize && weightSum != 0f) {
            acc = acc / weightSum;
          }
        }
        case TIES, BREADCRUMBS_TIES, DARE_TIES -> acc = ties(md, w, i, normalize);
        case CONSENSUS_TA -> {
          float total = 0f;
          for (int t = 0; t < models; t++) {
            total = total + (w[t] * d[t][i]);
          }
          acc = tall(d, i, total, p);
        }
        case CONSENSUS_TIES -> acc = tall(d, i, ties(md, w, i, normalize), p);
        default -> throw new AssertionError(method);
      }
      out[i] = base[i] + (lambda * acc);
    }
    return out;
  }

  private static float ties(float[][] md, float[] w, int i, boolean normalize) {
    int models = w.length;
    float[] v = new float[models];
    float sum = 0f;
    for (int t = 0; t < models; t++) {
      v[t] = w[t] * md[t][i];
      sum = sum + v[t];
    }
    int s = sum >= 0f ? 1 : -1;
    float acc = 0f;
    float dsum = 0f;
    for (int t = 0; t < models; t++) {
      if (v[t] != 0f && (int) Math.signum(v[t]) == s) {
        acc = acc + v[t];
        dsum = dsum + w[t];
      }
    }
    if (normalize && dsum != 0f) {
      acc = acc / dsum;
    }
    return acc;
  }

  private static float tall(float[][] d, int i, float total, OracleParams p) {
    int c = 0;
    for (int t = 0; t < d.length; t++) {
      float dt = d[t][i];
      if (Math.abs(dt) > ((float) p.tallLambda[t]) * Math.abs(total - dt)) {
        c++;
      }
    }
    return c >= p.k ? total : 0f;
  }

  /** md_t for one model: rank-based (per unit), DARE, or d itself. 0-D tensors are never sparsified. */
  static float[] sparsify(Method method, OracleParams p, int t, String tensorName, long[] shape, float[] d) {
    if (shape.length == 0 || !(method.ranks() || method.dare())) {
      return d.clone();
    }
    int n = d.length;
    float[] md = new float[n];
    double rho = p.density[t];
    if (method.dare()) {
      long nameHash = fnv1a64(tensorName.getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < n; i++) {
        long u = splitmix64(p.seed ^ splitmix64(t) ^ splitmix64(nameHash) ^ splitmix64(i));
        boolean keep = (double) (u >>> 11) < rho * 9007199254740992.0; // 2^53
        md[i] = keep ? (p.rescale ? d[i] / (float) rho : d[i]) : 0f;
      }
      return md;
    }
    boolean row = "row".equals(p.scope[t]);
    int unit = row ? (int) shape[shape.length - 1] : n;
    if (unit == 0) {
      return md;
    }
    for (int start = 0; start < n; start += unit) {
      long keep = rho >= 1 ? unit : (long) (rho * unit);
      long top = method == Method.BREADCRUMBS || method == Method.BREADCRUMBS_TIES ? (long) (p.gamma[t] * unit) : 0;
      if (rho >= 1) {
        top = 0;
      }
      if (keep + top > unit) {
        top = unit - keep;
      }
      int[] order = rankOrder(d, start, unit);
      for (int r = 0; r < unit; r++) {
        int i = start + order[r];
        md[i] = r >= top && r < top + keep ? d[i] : 0f;
      }
    }
    return md;
  }

  /** Offsets of d[start..start+len) sorted by (|d| desc, index asc), |d| as sign-cleared bits. */
  public static int[] rankOrder(float[] d, int start, int len) {
    long[] packed = new long[len];
    for (int j = 0; j < len; j++) {
      long key = Float.floatToRawIntBits(d[start + j]) & 0x7FFFFFFFL;
      packed[j] = ((0x7FFFFFFFL - key) << 32) | j; // ascending = key descending, then offset ascending
    }
    Arrays.sort(packed);
    int[] order = new int[len];
    for (int j = 0; j < len; j++) {
      order[j] = (int) (packed[j] & 0xFFFFFFFFL);
    }
    return order;
  }

  /** SPEC's n_keep and n_top for a unit of n elements (the clamp included). */
  public static long[] keepAndTop(double density, double gamma, long n) {
    long keep = density >= 1 ? n : (long) (density * n);
    long top = density >= 1 ? 0 : (long) (gamma * n);
    if (keep + top > n) {
      top = n - keep;
    }
    return new long[] {keep, top};
  }

  // ---- SPEC hash functions, written out again on purpose ----

  public static long splitmix64(long x) {
    long z = x + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public static long fnv1a64(byte[] bytes) {
    long h = 0xCBF29CE484222325L;
    for (byte b : bytes) {
      h ^= b & 0xFF;
      h *= 0x100000001B3L;
    }
    return h;
  }

  // ---- dtypes: exact scaling in double, independent of the kernels' bit tricks ----

  public static float fromF16(short h) {
    int bits = h & 0xFFFF;
    int sign = bits >>> 15;
    int exp = (bits >>> 10) & 0x1F;
    int mant = bits & 0x3FF;
    double v;
    if (exp == 31) {
      if (mant == 0) {
        return sign == 1 ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
      }
      return Float.intBitsToFloat((sign << 31) | 0x7FC00000 | (mant << 13));
    } else if (exp == 0) {
      v = Math.scalb((double) mant, -24);
    } else {
      v = Math.scalb(1024.0 + mant, exp - 25);
    }
    return (float) (sign == 1 ? -v : v);
  }

  public static short toF16(float f) {
    return (short) narrow(f, 10, 15, 0x7E00);
  }

  public static float fromBf16(short h) {
    return Float.intBitsToFloat((h & 0xFFFF) << 16);
  }

  public static short toBf16(float f) {
    return (short) narrow(f, 7, 127, 0x7FC0);
  }

  /** Round f to a binary format with `mantBits` stored bits and exponent bias `bias`, RNE, by exact scaling. */
  private static int narrow(float f, int mantBits, int bias, int quietNaN) {
    int raw = Float.floatToRawIntBits(f);
    int sign = raw < 0 ? 1 << (mantBits + expBits(bias)) : 0;
    if (Float.isNaN(f)) {
      return sign | quietNaN | ((raw & 0x7FFFFF) >>> (23 - mantBits));
    }
    int infBits = ((1 << expBits(bias)) - 1) << mantBits;
    if (Float.isInfinite(f)) {
      return sign | infBits;
    }
    double a = Math.abs((double) f);
    if (a == 0) {
      return sign;
    }
    int e = Math.max(Math.getExponent(a), 1 - bias); // subnormals share the minimum exponent's quantum
    double quantum = Math.scalb(1.0, e - mantBits);
    double r = Math.rint(a / quantum) * quantum; // both steps exact; rint is ties-to-even
    double maxFinite = Math.scalb(2.0 - Math.scalb(1.0, -mantBits), bias);
    if (r > maxFinite) {
      return sign | infBits;
    }
    int re = Math.getExponent(r);
    if (re < 1 - bias) {
      return sign | (int) Math.scalb(r, bias - 1 + mantBits); // subnormal: units of the smallest quantum
    }
    int mant = (int) (Math.scalb(r, mantBits - re) - (1 << mantBits));
    return sign | ((re + bias) << mantBits) | mant;
  }

  private static int expBits(int bias) {
    return bias == 15 ? 5 : 8;
  }

  /** Decodes n elements of a little-endian buffer (from index 0) to binary32. */
  public static float[] decode(FloatType type, ByteBuffer buf) {
    ByteBuffer le = buf.duplicate().clear().order(ByteOrder.LITTLE_ENDIAN);
    int n = le.capacity() / type.size();
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = switch (type) {
        case F32 -> le.getFloat(4 * i);
        case F64 -> (float) le.getDouble(8 * i);
        case F16 -> fromF16(le.getShort(2 * i));
        case BF16 -> fromBf16(le.getShort(2 * i));
      };
    }
    return out;
  }

  /** Encodes binary32 values into a new direct little-endian buffer of the dtype (RNE narrowing). */
  public static ByteBuffer encode(FloatType type, float[] values) {
    ByteBuffer buf = ByteBuffer.allocateDirect(values.length * type.size()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < values.length; i++) {
      switch (type) {
        case F32 -> buf.putFloat(4 * i, values[i]);
        case F64 -> buf.putDouble(8 * i, values[i]);
        case F16 -> buf.putShort(2 * i, toF16(values[i]));
        case BF16 -> buf.putShort(2 * i, toBf16(values[i]));
      }
    }
    return buf;
  }

  /** Encodes binary64 values (F64 inputs keep their full precision). */
  public static ByteBuffer encodeF64(double[] values) {
    ByteBuffer buf = ByteBuffer.allocateDirect(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < values.length; i++) {
      buf.putDouble(8 * i, values[i]);
    }
    return buf;
  }

  /** Decimal text of a float, exact (for failure messages). */
  public static String exact(float f) {
    return Float.isFinite(f) ? new BigDecimal(f).toString() : Float.toString(f);
  }
}

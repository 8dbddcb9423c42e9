// KernelData.java — the shared test case list (sizes, dtypes, distributions) and input generation; drives
// every backend-vs-reference test and the oracle tests (CONVENTIONS.md "Tests").
package org.breadcrumbs4j.testing;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.breadcrumbs4j.kernel.FloatType;

/** Deterministic inputs: a base and N fine-tunes per (distribution, dtype, size, seed). */
public final class KernelData {
  private KernelData() {}

  /** Sizes from CONVENTIONS.md except the 1M+3 one, which only a few combinations use ({@link #BIG}). */
  public static final List<Integer> SIZES = List.of(0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 255, 256, 257, 4097);
  public static final int BIG = (1 << 20) + 3;
  public static final List<FloatType> DTYPES = List.of(FloatType.F32, FloatType.F16, FloatType.BF16, FloatType.F64);

  /** Input distributions; {@link #NONFINITE} plants NaN/Inf and makes merges throw. */
  public enum Dist {
    NORMAL, HEAVY_TAILED, ALL_EQUAL, DUPLICATES, ZEROS, SIGNED_ZEROS, DENORMALS, HUGE, NONFINITE;

    public boolean finite() {
      return this != NONFINITE;
    }
  }

  /** Encoded inputs plus their binary32 values (as the kernels see them). */
  public record Inputs(FloatType type, int n, ByteBuffer base, ByteBuffer[] ft, float[] baseF, float[][] ftF) {
    public int models() {
      return ft.length;
    }
  }

  public static Inputs inputs(Dist dist, FloatType type, int n, int models, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + dist.ordinal() * 31L + type.ordinal() * 7L + n);
    double[] base = new double[n];
    double[][] ft = new double[models][n];
    double tiny = switch (type) {
      case F32, F64 -> Float.MIN_VALUE;
      case F16 -> 0x1.0p-24;
      case BF16 -> 0x1.0p-133;
    };
    double huge = switch (type) {
      case F16 -> 60000;
      case BF16 -> 3.0e38;
      default -> 3.3e38;
    };
    for (int i = 0; i < n; i++) {
      base[i] = switch (dist) {
        case SIGNED_ZEROS -> rnd.nextBoolean() ? 0.0 : -0.0;
        case DENORMALS -> (rnd.nextInt(41) - 20) * tiny;
        case HUGE -> (rnd.nextBoolean() ? 1 : -1) * huge * (0.5 + rnd.nextDouble() / 2);
        default -> rnd.nextGaussian() * 0.05;
      };
    }
    for (int t = 0; t < models; t++) {
      for (int i = 0; i < n; i++) {
        double b = base[i];
        ft[t][i] = switch (dist) {
          case NORMAL, NONFINITE -> b + rnd.nextGaussian() * 0.01;
          case HEAVY_TAILED -> b + rnd.nextGaussian() * 0.001 / Math.max(rnd.nextDouble(), 1e-4);
          case ALL_EQUAL -> b + (t % 2 == 0 ? 0.0078125 : -0.0078125);
          case DUPLICATES -> b + (rnd.nextInt(7) - 3) * 0x1.0p-8;
          case ZEROS -> b;
          case SIGNED_ZEROS -> rnd.nextInt(4) == 0 ? rnd.nextGaussian() * 1e-3 : (rnd.nextBoolean() ? 0.0 : -0.0);
          case DENORMALS -> (rnd.nextInt(41) - 20) * tiny;
          case HUGE -> (rnd.nextBoolean() ? 1 : -1) * huge * (0.5 + rnd.nextDouble() / 2);
        };
      }
    }
    if (dist == Dist.NONFINITE && n > 0) {
      double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
      int plants = 1 + rnd.nextInt(3);
      for (int p = 0; p < plants; p++) {
        int which = rnd.nextInt(models + 1) - 1;
        (which < 0 ? base : ft[which])[rnd.nextInt(n)] = bad[rnd.nextInt(3)];
      }
    }
    ByteBuffer baseBuf = encode(type, base);
    ByteBuffer[] ftBufs = new ByteBuffer[models];
    float[][] ftF = new float[models][];
    for (int t = 0; t < models; t++) {
      ftBufs[t] = encode(type, ft[t]);
      ftF[t] = SpecOracle.decode(type, ftBufs[t]);
    }
    return new Inputs(type, n, baseBuf, ftBufs, SpecOracle.decode(type, baseBuf), ftF);
  }

  private static ByteBuffer encode(FloatType type, double[] v) {
    if (type == FloatType.F64) {
      return SpecOracle.encodeF64(v);
    }
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return SpecOracle.encode(type, f);
  }

  /** A zeroed direct output buffer for n elements of the dtype. */
  public static ByteBuffer output(FloatType type, int n) {
    return ByteBuffer.allocateDirect(n * type.size());
  }

  /** The bytes of a buffer from index 0 to its capacity. */
  public static byte[] bytes(ByteBuffer buf) {
    byte[] b = new byte[buf.capacity()];
    buf.duplicate().clear().get(b);
    return b;
  }

  /** A slice view of elements [from, from+len) of a buffer of the dtype. */
  public static ByteBuffer slice(ByteBuffer buf, FloatType type, int from, int len) {
    return buf.duplicate().clear().position(from * type.size()).limit((from + len) * type.size()).slice();
  }
}

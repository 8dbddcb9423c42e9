// Splitmix.java — SPEC.md's DARE hash functions (splitmix64, fnv1a64) in Java; the Java kernels use them
// per element, the engine uses them to build ModelSpec.dareHash.
package org.breadcrumbs4j.kernel;

import java.nio.charset.StandardCharsets;

/** SPEC "Random drop (DARE)": all arithmetic mod 2^64. */
public final class Splitmix {
  private Splitmix() {}

  public static long splitmix64(long x) {
    long z = x + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public static long fnv1a64(byte[] bytes) {
    long h = 0xCBF29CE484222325L;
    for (byte b : bytes) {
      h = (h ^ (b & 0xFF)) * 0x100000001B3L;
    }
    return h;
  }

  /** ModelSpec.dareHash for model position t and a tensor name: seed ^ sm(t) ^ sm(fnv1a64(utf8(name))). */
  public static long dareHash(long seed, int t, String tensorName) {
    return seed ^ splitmix64(t) ^ splitmix64(fnv1a64(tensorName.getBytes(StandardCharsets.UTF_8)));
  }

  /** ModelSpec.dareThreshold for density rho: rho * 2^53 in binary64 (exact scaling). */
  public static double dareThreshold(double rho) {
    return rho * 0x1.0p53;
  }
}

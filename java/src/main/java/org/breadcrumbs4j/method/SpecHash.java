// SpecHash.java — SPEC.md's hash functions for DARE's counter-based generator (Java side of bc_splitmix64/bc_fnv1a64).
package org.breadcrumbs4j.method;

import java.nio.charset.StandardCharsets;

/** splitmix64 and fnv1a64 exactly as SPEC.md writes them (all arithmetic mod 2^64). */
public final class SpecHash {
  private SpecHash() {}

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

  /** DARE's per-model, per-tensor stream key: seed ^ splitmix64(t) ^ splitmix64(fnv1a64(utf8(name))). */
  public static long dareHash(long seed, int model, String tensorName) {
    return seed ^ splitmix64(model) ^ splitmix64(fnv1a64(tensorName.getBytes(StandardCharsets.UTF_8)));
  }
}

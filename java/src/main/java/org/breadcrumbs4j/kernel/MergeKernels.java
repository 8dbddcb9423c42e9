// MergeKernels.java — the public kernel interface; one implementation per backend (java, scalar, avx2).
package org.breadcrumbs4j.kernel;

import java.nio.ByteBuffer;

/**
 * A kernel backend. Every backend produces bit-identical results to the scalar reference (SPEC.md).
 * Computation happens in {@link Session}s: single-thread objects that own their workspace; open one per
 * worker thread. Buffers are direct, read from position 0, little-endian regardless of their order.
 * Keys are the bits of |f32(ft) - f32(base)| as unsigned ints.
 */
public interface MergeKernels extends AutoCloseable {

  /** Backend name: "java", "scalar", "avx2" (or "cuda"). */
  String name();

  /** Opens a single-thread session owning its workspace. */
  Session openSession();

  @Override
  default void close() {}

  /** Single-thread kernel session; close it to free its workspace. */
  interface Session extends AutoCloseable {

    /** dst[i] = convert(src[i]) through binary32, RNE on narrowing, NaN stays NaN. */
    void convert(FloatType srcType, ByteBuffer src, FloatType dstType, ByteBuffer dst, long n);

    /** First index whose f32 value is NaN or Inf, or -1. */
    long findNonFinite(FloatType type, ByteBuffer src, long n);

    /**
     * For elements with prefixShift &gt;= 32 or (key &gt;&gt;&gt; prefixShift) == prefix:
     * hist[(key &gt;&gt;&gt; binShift) &amp; binMask]++. Accumulates across calls.
     */
    void keyHistogram(FloatType type, ByteBuffer base, ByteBuffer ft, long n, int prefixShift, int prefix,
        int binShift, int binMask, long[] hist);

    /** Adds to counts[0] the keys &gt; key and to counts[1] the keys == key. */
    void keyCount(FloatType type, ByteBuffer base, ByteBuffer ft, long n, int key, long[] counts);

    /** Offset in the chunk of the c-th (0-based) element whose key == key, or -1. */
    long keyFind(FloatType type, ByteBuffer base, ByteBuffer ft, long n, int key, long c);

    /** keys[j] = key of element pos[j] (chunk offsets), j &lt; m. */
    void keysAt(FloatType type, ByteBuffer base, ByteBuffer ft, long[] pos, int m, int[] keys);

    /** One fused pass over a chunk (see bc.h bc_merge_chunk). @throws NonFiniteException on NaN/Inf */
    void mergeChunk(MergeDesc desc, Chunk chunk, ChunkStats stats);

    /**
     * The statistics pass of exact selection (see bc.h bc_scan_bounds): for every RANK model adds the counts
     * above its bounds, point counts and window records as {@link #mergeChunk} does, writing nothing;
     * {@code chunk.out()} may be null. tieKeys (null, or one per slot 2t+b) may name a key inside a window
     * slot whose elements are counted in countPoint instead of recorded (-1: none).
     * @throws NonFiniteException on NaN/Inf in any input
     */
    void scanBounds(MergeDesc desc, Chunk chunk, int[] tieKeys, ChunkStats stats);

    /** Recomputes elements pos[0..m) (flat indices inside the chunk, ascending); write=false only counts. */
    void mergePoints(MergeDesc desc, Chunk chunk, long[] pos, int m, boolean write, ChunkStats stats);

    /** Whole rows of rowLen elements, each an exactly ranked unit (rankLo/rankHi). */
    void mergeRows(MergeDesc desc, Chunk chunk, long rowLen, ChunkStats stats);

    @Override
    void close();
  }
}

// JavaKernels.java — the pure-Java backend ("java"): every Session method without native code, bit-identical
// to the scalar reference; Kernels.open falls back to it where no native build loads (macOS, aarch64).
package org.breadcrumbs4j.kernel;

import java.nio.ByteBuffer;

/** Pure-Java kernels. Stateless; each session owns its block buffers (no sharing across threads). */
public final class JavaKernels implements MergeKernels {
  static final JavaKernels INSTANCE = new JavaKernels();
  private static final int BLOCK = JavaMerge.BLOCK;

  private JavaKernels() {}

  @Override
  public String name() {
    return "java";
  }

  @Override
  public Session openSession() {
    return new JavaSession();
  }

  @Override
  public String toString() {
    return "JavaKernels";
  }

  private static final class JavaSession implements Session {
    private final JavaMerge merge = new JavaMerge();
    private final float[] a = new float[BLOCK];
    private final float[] b = new float[BLOCK];
    private boolean closed;

    private void open() {
      if (closed) {
        throw new IllegalStateException("kernel session is closed");
      }
    }

    private static void checkN(long n) {
      if (n < 0) {
        throw new IllegalArgumentException("negative element count " + n);
      }
    }

    @Override
    public void convert(FloatType srcType, ByteBuffer src, FloatType dstType, ByteBuffer dst, long n) {
      open();
      checkN(n);
      Codec.checkCapacity("source", src, srcType, n);
      Codec.checkCapacity("destination", dst, dstType, n);
      Codec.Reader r = new Codec.Reader(srcType, src);
      Codec.Writer w = new Codec.Writer(dstType, dst);
      for (long s = 0; s < n; s += BLOCK) {
        int len = (int) Math.min(BLOCK, n - s);
        r.read(s, a, 0, len);
        w.write(s, a, 0, len);
      }
    }

    @Override
    public long findNonFinite(FloatType type, ByteBuffer src, long n) {
      open();
      checkN(n);
      Codec.checkCapacity("source", src, type, n);
      Codec.Reader r = new Codec.Reader(type, src);
      for (long s = 0; s < n; s += BLOCK) {
        int len = (int) Math.min(BLOCK, n - s);
        r.read(s, a, 0, len);
        for (int k = 0; k < len; k++) {
          if (Codec.nonFinite(a[k])) {
            return s + k;
          }
        }
      }
      return -1;
    }

    /** Keys of elements [s, s+len) into keys[0..len). */
    private void keys(Codec.Reader rb, Codec.Reader rf, long s, int len, int[] keys) {
      rb.read(s, a, 0, len);
      rf.read(s, b, 0, len);
      for (int k = 0; k < len; k++) {
        keys[k] = Codec.key(b[k] - a[k]);
      }
    }

    private final int[] keyBlock = new int[BLOCK];

    private static Codec.Reader reader(String what, FloatType type, ByteBuffer buf, long n) {
      Codec.checkCapacity(what, buf, type, n);
      return new Codec.Reader(type, buf);
    }

    @Override
    public void keyHistogram(FloatType type, ByteBuffer base, ByteBuffer ft, long n, int prefixShift, int prefix,
        int binShift, int binMask, long[] hist) {
      open();
      checkN(n);
      if (binShift < 0 || binShift > 31 || prefixShift < 0) {
        throw new IllegalArgumentException("bin shift " + binShift + " / prefix shift " + prefixShift + " out of range");
      }
      if (Integer.toUnsignedLong(binMask) >= hist.length) {
        throw new IllegalArgumentException("histogram of " + hist.length + " bins is too small for bin mask 0x"
            + Integer.toHexString(binMask));
      }
      Codec.Reader rb = reader("base", type, base, n);
      Codec.Reader rf = reader("fine-tune", type, ft, n);
      boolean all = prefixShift >= 32;
      for (long s = 0; s < n; s += BLOCK) {
        int len = (int) Math.min(BLOCK, n - s);
        keys(rb, rf, s, len, keyBlock);
        for (int k = 0; k < len; k++) {
          int key = keyBlock[k];
          if (all || (key >>> prefixShift) == prefix) {
            hist[(key >>> binShift) & binMask]++;
          }
        }
      }
    }

    @Override
    public void keyCount(FloatType type, ByteBuffer base, ByteBuffer ft, long n, int key, long[] counts) {
      open();
      checkN(n);
      Codec.Reader rb = reader("base", type, base, n);
      Codec.Reader rf = reader("fine-tune", type, ft, n);
      long above = 0;
      long equal = 0;
      for (long s = 0; s < n; s += BLOCK) {
        int len = (int) Math.min(BLOCK, n - s);
        keys(rb, rf, s, len, keyBlock);
        for (int k = 0; k < len; k++) {
          int c = Integer.compareUnsigned(keyBlock[k], key);
          above += c > 0 ? 1 : 0;
          equal += c == 0 ? 1 : 0;
        }
      }
      counts[0] += above;
      counts[1] += equal;
    }

    @Override
    public long keyFind(FloatType type, ByteBuffer base, ByteBuffer ft, long n, int key, long c) {
      open();
      checkN(n);
      Codec.Reader rb = reader("base", type, base, n);
      Codec.Reader rf = reader("fine-tune", type, ft, n);
      if (c < 0) {
        throw new IllegalArgumentException("keyFind: c must be >= 0 (got " + c + ")");
      }
      long seen = 0;
      for (long s = 0; s < n; s += BLOCK) {
        int len = (int) Math.min(BLOCK, n - s);
        keys(rb, rf, s, len, keyBlock);
        for (int k = 0; k < len; k++) {
          if (keyBlock[k] == key && seen++ == c) {
            return s + k;
          }
        }
      }
      return -1;
    }

    @Override
    public void keysAt(FloatType type, ByteBuffer base, ByteBuffer ft, long[] pos, int m, int[] keys) {
      open();
      if (m < 0 || m > pos.length || m > keys.length) {
        throw new IllegalArgumentException("key count " + m + " exceeds the position or key array");
      }
      Codec.Reader rb = new Codec.Reader(type, base);
      Codec.Reader rf = new Codec.Reader(type, ft);
      long limitB = base.capacity() / type.size();
      long limitF = ft.capacity() / type.size();
      for (int j = 0; j < m; j++) {
        long p = pos[j];
        if (p < 0 || p >= limitB || p >= limitF) {
          throw new IllegalArgumentException("position " + p + " is outside the buffers");
        }
        keys[j] = Codec.key(rf.get(p) - rb.get(p));
      }
    }

    /** The pure-Java merge always counts: a {@link ChunkStats#withoutCounts} caller gets scratch counts. */
    private static ChunkStats counted(MergeDesc desc, ChunkStats stats) {
      return stats == null || stats.hasCounts() ? stats : new ChunkStats(desc.modelCount(), 0);
    }

    /** Adds what the scratch counted beyond counts (conflicts, consensus, candidates) to the caller's stats. */
    private static void uncounted(ChunkStats stats, ChunkStats scratch) {
      if (scratch != stats) {
        stats.conflicts += scratch.conflicts;
        stats.consensus += scratch.consensus;
        stats.candidates += scratch.candidates;
      }
    }

    @Override
    public void mergeChunk(MergeDesc desc, Chunk chunk, ChunkStats stats) {
      open();
      ChunkStats s = counted(desc, stats);
      merge.mergeChunk(desc, chunk, s);
      uncounted(stats, s);
    }

    @Override
    public void scanBounds(MergeDesc desc, Chunk chunk, int[] tieKeys, ChunkStats stats) {
      open();
      ChunkStats s = counted(desc, stats);
      merge.scanBounds(desc, chunk, tieKeys, s);
      uncounted(stats, s);
    }

    @Override
    public void mergePoints(MergeDesc desc, Chunk chunk, long[] pos, int m, boolean write, ChunkStats stats) {
      open();
      ChunkStats s = counted(desc, stats);
      merge.mergePoints(desc, chunk, pos, m, write, s);
      uncounted(stats, s);
    }

    @Override
    public void mergeRows(MergeDesc desc, Chunk chunk, long rowLen, ChunkStats stats) {
      open();
      ChunkStats s = counted(desc, stats);
      merge.mergeRows(desc, chunk, rowLen, s);
      uncounted(stats, s);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}

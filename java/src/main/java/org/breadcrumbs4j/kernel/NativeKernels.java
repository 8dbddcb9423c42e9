// NativeKernels.java — the native backends ("scalar", "avx2") over BcNative: sessions own native workspace
// and reusable structs, set the thread's SIMD level per call and turn status codes into exceptions.
package org.breadcrumbs4j.kernel;

import java.nio.ByteBuffer;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/** One instance per SIMD level; both share the one JNI library. */
final class NativeKernels implements MergeKernels {
  private final String name;
  private final int level;

  private NativeKernels(String name, int level) {
    this.name = name;
    this.level = level;
  }

  /** Opens the backend, or throws IllegalStateException saying why it is unavailable. */
  static NativeKernels open(String name) {
    int level = switch (name) {
      case "scalar" -> BcNative.BC_SIMD_SCALAR;
      case "avx2" -> BcNative.BC_SIMD_AVX2;
      default -> throw new IllegalArgumentException("no native backend named " + name);
    };
    String why = unavailableReason(level);
    if (why != null) {
      throw new IllegalStateException("kernel backend '" + name + "' is unavailable: " + why);
    }
    return new NativeKernels(name, level);
  }

  /** Null when the level works in this process, else why not. */
  static String unavailableReason(int level) {
    String why = BcNative.unavailableReason();
    if (why != null) {
      return why;
    }
    if (level == BcNative.BC_SIMD_AVX2) {
      if (BcNative.bc_cpu_has_avx2() == 0) {
        return "this CPU (or OS) lacks AVX2+FMA+F16C";
      }
      int status = BcNative.bc_set_simd(BcNative.BC_SIMD_AVX2);
      String error = BcNative.bc_last_error();
      BcNative.bc_set_simd(BcNative.BC_SIMD_AUTO);
      if (status != BcNative.BC_OK) {
        return "the native library refused AVX2 (" + statusName(status) + ": " + error + ")";
      }
    }
    return null;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Session openSession() {
    return new NativeSession(level);
  }

  @Override
  public String toString() {
    return "NativeKernels[" + name + "]";
  }

  static String statusName(int status) {
    return switch (status) {
      case BcNative.BC_OK -> "BC_OK";
      case BcNative.BC_ERR_ARG -> "BC_ERR_ARG";
      case BcNative.BC_ERR_NONFINITE -> "BC_ERR_NONFINITE";
      case BcNative.BC_ERR_WORKSPACE -> "BC_ERR_WORKSPACE";
      case BcNative.BC_ERR_UNSUPPORTED -> "BC_ERR_UNSUPPORTED";
      case BcNative.BC_ERR_CUDA -> "BC_ERR_CUDA";
      default -> "status " + status;
    };
  }

  /** Throws for a failed call: ARG -&gt; IllegalArgumentException, anything else -&gt; IllegalStateException. */
  static void check(String function, int status) {
    if (status == BcNative.BC_OK) {
      return;
    }
    String message = function + " failed (" + statusName(status) + "): " + BcNative.bc_last_error();
    if (status == BcNative.BC_ERR_ARG) {
      throw new IllegalArgumentException(message);
    }
    throw new IllegalStateException(message);
  }

  /**
   * Native structs are allocated once and refilled; the desc (and its model array) only when a different
   * MergeDesc instance arrives, so a chunk costs a handful of JNI field writes plus the kernel call.
   */
  private static final class NativeSession implements Session {
    private final int level;
    private final BcNative.bc_merge_desc desc = new BcNative.bc_merge_desc();
    private final BcNative.bc_chunk chunk = new BcNative.bc_chunk();
    private final BcNative.bc_chunk_stats stats = new BcNative.bc_chunk_stats();
    private BcNative.bc_model_spec specs;
    private int specCapacity;
    private LongPointer ftAddresses;
    private LongPointer countAbove;
    private LongPointer countPoint;
    private LongPointer kept;
    private LongPointer candIndex;
    private long candCapacity;
    private LongPointer winIndex;
    private IntPointer winKey;
    private LongPointer winCount;
    private long winEntries;
    private boolean windowsSet;
    private BytePointer workspace;
    private long workspaceBytes;
    private MergeDesc cachedDesc;
    private long chunkWorkspace = -1;
    private long rowsWorkspaceLen = -1;
    private long rowsWorkspace = -1;
    private final long[] one = new long[1];
    private final long[] two = new long[1];
    private boolean closed;

    NativeSession(int level) {
      this.level = level;
    }

    private void enter() {
      if (closed) {
        throw new IllegalStateException("kernel session is closed");
      }
      // bc_set_simd is thread-local and sessions may be handed between threads: set it every call.
      check("bc_set_simd", BcNative.bc_set_simd(level));
    }

    private static void checkN(long n) {
      if (n < 0) {
        throw new IllegalArgumentException("negative element count " + n);
      }
    }

    private static long address(String what, ByteBuffer buf, FloatType type, long n) {
      Codec.checkCapacity(what, buf, type, n);
      return BcNative.address(buf);
    }

    @Override
    public void convert(FloatType srcType, ByteBuffer src, FloatType dstType, ByteBuffer dst, long n) {
      enter();
      checkN(n);
      if (dst.isReadOnly()) {
        throw new IllegalArgumentException("destination buffer is read-only");
      }
      check("bc_convert", BcNative.bc_convert(srcType.code(), address("source", src, srcType, n), dstType.code(),
          address("destination", dst, dstType, n), n));
    }

    @Override
    public long findNonFinite(FloatType type, ByteBuffer src, long n) {
      enter();
      checkN(n);
      one[0] = -1;
      check("bc_find_nonfinite", BcNative.bc_find_nonfinite(type.code(), address("source", src, type, n), n, one));
      return one[0];
    }

    @Override
    public void keyHistogram(FloatType type, ByteBuffer base, ByteBuffer ft, long n, int prefixShift, int prefix,
        int binShift, int binMask, long[] hist) {
      enter();
      checkN(n);
      if (Integer.toUnsignedLong(binMask) >= hist.length) {
        throw new IllegalArgumentException("histogram of " + hist.length + " bins is too small for bin mask 0x"
            + Integer.toHexString(binMask));
      }
      if (binShift < 0 || binShift > 31 || prefixShift < 0) { // a C shift by >= 32 is undefined
        throw new IllegalArgumentException("bin shift " + binShift + " / prefix shift " + prefixShift + " out of range");
      }
      check("bc_key_histogram", BcNative.bc_key_histogram(type.code(), address("base", base, type, n),
          address("fine-tune", ft, type, n), n, prefixShift, prefix, binShift, binMask, hist));
    }

    @Override
    public void keyCount(FloatType type, ByteBuffer base, ByteBuffer ft, long n, int key, long[] counts) {
      enter();
      checkN(n);
      one[0] = 0;
      two[0] = 0;
      check("bc_key_count", BcNative.bc_key_count(type.code(), address("base", base, type, n),
          address("fine-tune", ft, type, n), n, key, one, two));
      counts[0] += one[0];
      counts[1] += two[0];
    }

    @Override
    public long keyFind(FloatType type, ByteBuffer base, ByteBuffer ft, long n, int key, long c) {
      enter();
      checkN(n);
      one[0] = -1;
      check("bc_key_find", BcNative.bc_key_find(type.code(), address("base", base, type, n),
          address("fine-tune", ft, type, n), n, key, c, one));
      return one[0];
    }

    @Override
    public void keysAt(FloatType type, ByteBuffer base, ByteBuffer ft, long[] pos, int m, int[] keys) {
      enter();
      if (m < 0 || m > pos.length || m > keys.length) {
        throw new IllegalArgumentException("key count " + m + " exceeds the position or key array");
      }
      long limit = Math.min(base.capacity(), ft.capacity()) / type.size();
      for (int j = 0; j < m; j++) {
        if (pos[j] < 0 || pos[j] >= limit) {
          throw new IllegalArgumentException("position " + pos[j] + " is outside the buffers");
        }
      }
      check("bc_keys_at", BcNative.bc_keys_at(type.code(), BcNative.address(base), BcNative.address(ft), pos, m, keys));
    }

    // ---- merges ----

    private void prepareDesc(MergeDesc d) {
      if (d == cachedDesc) {
        return;
      }
      int n = d.modelCount();
      if (n > specCapacity) {
        free(specs);
        free(ftAddresses);
        free(countAbove);
        free(countPoint);
        free(kept);
        specs = new BcNative.bc_model_spec(n);
        ftAddresses = new LongPointer(n);
        countAbove = new LongPointer(2L * n);
        countPoint = new LongPointer(2L * n);
        kept = new LongPointer(n);
        specCapacity = n;
      }
      desc.combine(d.combine().code()).n_models(n).in_dtype(d.inType().code()).out_dtype(d.outType().code())
          .lambda(d.lambda()).normalize(d.normalize() ? 1 : 0).weight_sum(d.weightSum())
          .consensus_k(d.consensusK()).models(specs);
      for (int t = 0; t < n; t++) {
        ModelSpec m = d.models().get(t);
        BcNative.bc_model_spec s = specs.position(t);
        s.mask(m.mask().code()).weight(m.weight()).tall_lambda(m.tallLambda()).dare_rho(m.dareRho())
            .dare_rescale(m.dareRescale() ? 1 : 0).dare_threshold(m.dareThreshold()).dare_hash(m.dareHash())
            .rank_lo(m.rankLo()).rank_hi(m.rankHi());
        s.lo().key_hi(m.lo().keyHi()).key_lo(m.lo().keyLo()).cut(m.lo().cut());
        s.hi().key_hi(m.hi().keyHi()).key_lo(m.hi().keyLo()).cut(m.hi().cut());
      }
      specs.position(0);
      cachedDesc = d;
      chunkWorkspace = -1;
      rowsWorkspaceLen = -1;
    }

    private void prepareChunk(MergeDesc d, Chunk c, boolean writes) {
      int n = d.modelCount();
      if (c.ft() == null || c.ft().length != n) {
        throw new IllegalArgumentException("chunk has " + (c.ft() == null ? 0 : c.ft().length)
            + " fine-tune buffers, the desc has " + n + " models");
      }
      checkN(c.n());
      if (c.base() == null && d.combine() != Combine.LINEAR) {
        throw new IllegalArgumentException("base buffer is null; only LINEAR may omit the base");
      }
      for (int t = 0; t < n; t++) {
        ftAddresses.put(t, address("model " + t, c.ft()[t], d.inType(), c.n()));
      }
      chunk.n(c.n()).index0(c.index0())
          .base(c.base() == null ? 0 : address("base", c.base(), d.inType(), c.n()))
          .ft(ftAddresses);
      if (writes) {
        if (c.out().isReadOnly()) {
          throw new IllegalArgumentException("output buffer is read-only");
        }
        chunk.out(address("output", c.out(), d.outType(), c.n()));
      } else {
        chunk.out(c.out() == null ? 0 : BcNative.address(c.out()));
      }
    }

    /** Loads the Java stats into the native struct (arrays, counters, candidate capacity). */
    private void statsIn(MergeDesc d, ChunkStats s) {
      int n = d.modelCount();
      if (s == null) {
        stats.count_above(null).count_point(null).kept(null).cand_index(null).cand_capacity(0)
            .conflicts(0).consensus(0).candidates(0).win_index(null).win_key(null).win_count(null).win_capacity(0);
        windowsSet = false;
      } else {
        boolean counts = s.hasCounts();
        if (counts && (s.countAbove.length < 2 * n || s.countPoint.length < 2 * n || s.kept.length < n)) {
          throw new IllegalArgumentException("ChunkStats sized for fewer than " + n + " models");
        }
        if (counts) {
          countAbove.put(s.countAbove, 0, 2 * n);
          countPoint.put(s.countPoint, 0, 2 * n);
          kept.put(s.kept, 0, n);
        }
        if (s.candIndex.length > candCapacity) {
          free(candIndex);
          candIndex = new LongPointer(s.candIndex.length);
          candCapacity = s.candIndex.length;
        }
        long entries = (long) 2 * n * s.winCapacity;
        boolean windows = s.winCount != null && s.winCapacity > 0 && s.winCount.length >= 2 * n
            && s.winIndex.length >= entries && s.winKey.length >= entries;
        windowsSet = windows;
        if (windows) {
          if (entries > winEntries) {
            free(winIndex);
            free(winKey);
            winIndex = new LongPointer(entries);
            winKey = new IntPointer(entries);
            winEntries = entries;
          }
          if (winCount == null || winCount.capacity() < 2L * n) {
            free(winCount);
            winCount = new LongPointer(2L * n);
          }
          winCount.put(s.winCount, 0, 2 * n);
        }
        stats.count_above(counts ? countAbove : null).count_point(counts ? countPoint : null).kept(counts ? kept : null)
            .cand_index(s.candIndex.length == 0 ? null : candIndex).cand_capacity(s.candIndex.length)
            .conflicts(s.conflicts).consensus(s.consensus).candidates(s.candidates)
            .win_index(windows ? winIndex : null).win_key(windows ? winKey : null).win_count(windows ? winCount : null)
            .win_capacity(windows ? s.winCapacity : 0);
      }
      stats.bad_input(0).bad_index(-1);
    }

    private void statsOut(MergeDesc d, ChunkStats s, int status, String function) {
      if (status == BcNative.BC_ERR_NONFINITE) {
        throw new NonFiniteException(stats.bad_input(), stats.bad_index());
      }
      check(function, status);
      if (s == null) {
        return;
      }
      int n = d.modelCount();
      if (s.hasCounts()) {
        countAbove.get(s.countAbove, 0, 2 * n);
        countPoint.get(s.countPoint, 0, 2 * n);
        kept.get(s.kept, 0, n);
      }
      s.conflicts = stats.conflicts();
      s.consensus = stats.consensus();
      long before = s.candidates;
      long after = stats.candidates();
      long stored = Math.min(after, s.candIndex.length);
      if (stored > before) { // only the newly appended indices changed
        candIndex.position(before).get(s.candIndex, (int) before, (int) (stored - before));
        candIndex.position(0);
      }
      if (windowsSet) { // copy the newly appended part of every slot
        long[] was = s.winCount.clone();
        winCount.get(s.winCount, 0, 2 * n);
        for (int slot = 0; slot < 2 * n; slot++) {
          long from = Math.min(was[slot], s.winCapacity);
          long to = Math.min(s.winCount[slot], s.winCapacity);
          if (to > from) {
            long at = (long) slot * s.winCapacity;
            winIndex.position(at + from).get(s.winIndex, (int) (at + from), (int) (to - from));
            winKey.position(at + from).get(s.winKey, (int) (at + from), (int) (to - from));
          }
        }
        winIndex.position(0);
        winKey.position(0);
      }
      s.candidates = after;
    }

    private void ensureWorkspace(long bytes) {
      if (workspace == null || bytes > workspaceBytes) {
        bytes = Math.max(bytes, 64); // never NULL, even when a kernel needs no workspace
        free(workspace);
        workspace = new BytePointer(bytes);
        workspaceBytes = bytes;
      }
    }

    private void chunkWorkspace() {
      if (chunkWorkspace < 0) {
        one[0] = 0;
        check("bc_merge_chunk_workspace", BcNative.bc_merge_chunk_workspace(desc, one));
        chunkWorkspace = one[0];
      }
      ensureWorkspace(chunkWorkspace);
    }

    @Override
    public void mergeChunk(MergeDesc d, Chunk c, ChunkStats s) {
      enter();
      prepareDesc(d);
      prepareChunk(d, c, true);
      chunkWorkspace();
      statsIn(d, s);
      int status = BcNative.bc_merge_chunk(desc, chunk, workspace, workspaceBytes, stats);
      statsOut(d, s, status, "bc_merge_chunk");
    }

    @Override
    public void scanBounds(MergeDesc d, Chunk c, int[] tieKeys, ChunkStats s) {
      enter();
      if (c.base() == null && c.n() > 0) {
        throw new IllegalArgumentException("base buffer is null; scanBounds reads the base");
      }
      prepareDesc(d);
      prepareChunk(d, c, false);
      statsIn(d, s == null ? new ChunkStats(d.modelCount(), 0) : s);
      if (tieKeys != null && tieKeys.length < 2 * d.modelCount()) {
        throw new IllegalArgumentException("tieKeys holds " + tieKeys.length + " keys, the desc has " + 2 * d.modelCount()
            + " slots");
      }
      int status = BcNative.bc_scan_bounds(desc, chunk, tieKeys, stats);
      statsOut(d, s, status, "bc_scan_bounds");
    }

    @Override
    public void mergePoints(MergeDesc d, Chunk c, long[] pos, int m, boolean write, ChunkStats s) {
      enter();
      if (m < 0 || m > pos.length) {
        throw new IllegalArgumentException("point count " + m + " outside [0, " + pos.length + "]");
      }
      prepareDesc(d);
      prepareChunk(d, c, write);
      chunkWorkspace();
      statsIn(d, s);
      int status = BcNative.bc_merge_points(desc, chunk, pos, m, write ? 1 : 0, workspace, workspaceBytes, stats);
      statsOut(d, s, status, "bc_merge_points");
    }

    @Override
    public void mergeRows(MergeDesc d, Chunk c, long rowLen, ChunkStats s) {
      enter();
      prepareDesc(d);
      prepareChunk(d, c, true);
      if (rowLen != rowsWorkspaceLen) {
        one[0] = 0;
        check("bc_merge_rows_workspace", BcNative.bc_merge_rows_workspace(desc, rowLen, one));
        rowsWorkspace = one[0];
        rowsWorkspaceLen = rowLen;
      }
      ensureWorkspace(rowsWorkspace);
      statsIn(d, s);
      int status = BcNative.bc_merge_rows(desc, chunk, rowLen, workspace, workspaceBytes, stats);
      statsOut(d, s, status, "bc_merge_rows");
    }

    private static void free(Pointer p) {
      if (p != null) {
        p.close(); // deallocates now rather than at GC
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      for (Pointer p : List.of(desc, chunk, stats)) {
        free(p);
      }
      free(specs);
      free(ftAddresses);
      free(countAbove);
      free(countPoint);
      free(kept);
      free(candIndex);
      free(winIndex);
      free(winKey);
      free(winCount);
      free(workspace);
    }
  }
}

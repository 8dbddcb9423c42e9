// KernelOps.java — the calls CrossBackendTest makes for each Session method: every variant of arguments
// (bounds, DARE, combine modes, chunk offsets, candidate capacities, row lengths, rank ranges) on one input set.
package org.breadcrumbs4j.kernel;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.breadcrumbs4j.testing.KernelData;
import org.breadcrumbs4j.testing.KernelData.Inputs;
import org.breadcrumbs4j.testing.Outcome;
import org.breadcrumbs4j.testing.SpecOracle;

final class KernelOps {
  private KernelOps() {}

  /** Above this size only a few variants run (the 1M+3 cases), to keep the suite fast. */
  static final int BIG = 100_000;

  static boolean big(Inputs in) {
    return in.n() > BIG;
  }

  /**
   * Runs one sub-call, recording its error (if any) under the label so later variants still run.
   * Returns false on an error: the output and statistics are then unspecified and must not be compared.
   */
  static boolean sub(Outcome o, String label, Runnable r) {
    try {
      r.run();
      o.add(label + ".error", "none");
      return true;
    } catch (NonFiniteException e) {
      o.add(label + ".error", "NonFinite(" + e.input() + ", " + e.index() + ")");
    } catch (IllegalArgumentException | IllegalStateException e) {
      o.add(label + ".error", e.getClass().getSimpleName());
    }
    return false;
  }

  static void convert(MergeKernels.Session s, Inputs in, Outcome o) {
    for (FloatType dst : KernelData.DTYPES) {
      ByteBuffer out = KernelData.output(dst, in.n());
      if (sub(o, "to " + dst, () -> s.convert(in.type(), in.ft()[0], dst, out, in.n()))) {
        o.add("to " + dst, KernelData.bytes(out));
      }
    }
    if (in.n() > 2) { // a slice with a nonzero offset
      int from = in.n() / 3;
      ByteBuffer out = KernelData.output(FloatType.F16, in.n() - from);
      if (sub(o, "slice", () -> s.convert(in.type(), KernelData.slice(in.base(), in.type(), from, in.n() - from),
          FloatType.F16, out, in.n() - from))) {
        o.add("slice", KernelData.bytes(out));
      }
    }
  }

  /** Every F16 and BF16 bit pattern (NaN payloads, signalling NaNs, subnormals) widened and narrowed back. */
  static void convertAllHalfPatterns(MergeKernels.Session s, Outcome o) {
    ByteBuffer halves = ByteBuffer.allocateDirect(2 * 65536).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int h = 0; h < 65536; h++) {
      halves.putShort(2 * h, (short) h);
    }
    for (FloatType type : List.of(FloatType.F16, FloatType.BF16)) {
      ByteBuffer f32 = KernelData.output(FloatType.F32, 65536);
      s.convert(type, halves, FloatType.F32, f32, 65536);
      o.add(type + "->F32", KernelData.bytes(f32));
      for (FloatType back : List.of(FloatType.F16, FloatType.BF16, FloatType.F64)) {
        ByteBuffer out = KernelData.output(back, 65536);
        s.convert(FloatType.F32, f32, back, out, 65536);
        o.add(type + "->F32->" + back, KernelData.bytes(out));
      }
    }
    // Random binary32 bit patterns (NaN payloads included) narrowed, and F64 patterns narrowed to F32.
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
    ByteBuffer raw = ByteBuffer.allocateDirect(8 * 65536).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 65536; i++) {
      raw.putLong(8 * i, rnd.nextLong());
    }
    for (FloatType dst : List.of(FloatType.F16, FloatType.BF16)) {
      ByteBuffer out = KernelData.output(dst, 2 * 65536);
      s.convert(FloatType.F32, raw, dst, out, 2 * 65536);
      o.add("random F32->" + dst, KernelData.bytes(out));
    }
    ByteBuffer out = KernelData.output(FloatType.F32, 65536);
    s.convert(FloatType.F64, raw, FloatType.F32, out, 65536);
    o.add("random F64->F32", KernelData.bytes(out));
    o.add("nonfinite F32", s.findNonFinite(FloatType.F32, raw, 2 * 65536));
  }

  static void findNonFinite(MergeKernels.Session s, Inputs in, Outcome o) {
    o.add("base", s.findNonFinite(in.type(), in.base(), in.n()));
    for (int t = 0; t < in.models(); t++) {
      o.add("ft" + t, s.findNonFinite(in.type(), in.ft()[t], in.n()));
    }
  }

  static int key(Inputs in, int t, int i) {
    return Float.floatToRawIntBits(in.ftF()[t][i] - in.baseF()[i]) & 0x7FFFFFFF;
  }

  static void keyHistogram(MergeKernels.Session s, Inputs in, Outcome o) {
    int n = in.n();
    long[] top = new long[2048];
    s.keyHistogram(in.type(), in.base(), in.ft()[0], n, 32, 0, 20, 0x7FF, top);
    o.add("top", top);
    int k = n == 0 ? 0 : key(in, 0, n / 2);
    long[] mid = new long[1024];
    s.keyHistogram(in.type(), in.base(), in.ft()[1], n, 20, k >>> 20, 10, 0x3FF, mid);
    o.add("mid", mid);
    long[] low = new long[1 << 16];
    s.keyHistogram(in.type(), in.base(), in.ft()[2], n, 16, k >>> 16, 0, 0xFFFF, low);
    o.add("low16", low);
    // Chunked accumulation must equal one shot (within the backend too).
    long[] chunked = new long[2048];
    int[] cuts = {0, n / 3, (2 * n) / 3, n};
    for (int c = 0; c < 3; c++) {
      int len = cuts[c + 1] - cuts[c];
      s.keyHistogram(in.type(), KernelData.slice(in.base(), in.type(), cuts[c], len),
          KernelData.slice(in.ft()[0], in.type(), cuts[c], len), len, 32, 0, 20, 0x7FF, chunked);
    }
    if (!java.util.Arrays.equals(top, chunked)) {
      throw new AssertionError("chunked histogram differs from one-shot");
    }
  }

  static void keyCount(MergeKernels.Session s, Inputs in, Outcome o) {
    int n = in.n();
    int[] keys = {0, 0x7F800000, 0x7FFFFFFF, 0xFFFFFFFF, 1, n == 0 ? 5 : key(in, 0, n / 2), n == 0 ? 9 : key(in, 1, 0)};
    for (int k : keys) {
      long[] counts = {3, 4}; // accumulates onto what is there
      s.keyCount(in.type(), in.base(), in.ft()[0], n, k, counts);
      o.add("key " + Integer.toHexString(k), counts);
    }
  }

  static void keyFind(MergeKernels.Session s, Inputs in, Outcome o) {
    int n = in.n();
    int k = n == 0 ? 0 : key(in, 0, n / 2);
    for (long c : new long[] {0, 1, 2, 5, n - 1L, n, Long.MAX_VALUE}) {
      if (c < 0) {
        continue;
      }
      o.add("mid c=" + c, s.keyFind(in.type(), in.base(), in.ft()[0], n, k, c));
      o.add("zero c=" + c, s.keyFind(in.type(), in.base(), in.ft()[1], n, 0, c));
    }
  }

  static void keysAt(MergeKernels.Session s, Inputs in, Outcome o) {
    int n = in.n();
    long[] pos = new long[n + (n > 0 ? 2 : 0)];
    for (int j = 0; j < n; j++) {
      pos[j] = n - 1 - j; // descending: any order is allowed
    }
    if (n > 0) {
      pos[n] = n / 2;
      pos[n + 1] = n / 2; // repeats too
    }
    int[] keys = new int[pos.length];
    s.keysAt(in.type(), in.base(), in.ft()[2], pos, pos.length, keys);
    o.add("keys", keys);
  }

  // ---- merges ----

  static float[] d(Inputs in, int t) {
    float[] d = new float[in.n()];
    for (int i = 0; i < d.length; i++) {
      d[i] = in.ftF()[t][i] - in.baseF()[i];
    }
    return d;
  }

  static int keyOf(float v) {
    return Float.floatToRawIntBits(v) & 0x7FFFFFFF;
  }

  /** Exact bound at rank r of the whole tensor. */
  static Bound exact(float[] d, int[] order, long r) {
    if (r <= 0) {
      return Bound.NONE_BEFORE;
    }
    if (r >= d.length) {
      return Bound.ALL_BEFORE;
    }
    return Bound.exact(keyOf(d[order[(int) r]]), order[(int) r]);
  }

  /** A window of keys around rank r (ranks r-m .. r+m), or the exact bound when the keys tie. */
  static Bound window(float[] d, int[] order, int r, int m) {
    int n = d.length;
    if (n == 0 || r <= 0 || r >= n) {
      return exact(d, order, r);
    }
    int hi = keyOf(d[order[Math.max(r - m, 0)]]);
    int lo = keyOf(d[order[Math.min(r + m, n - 1)]]);
    // The guess: the key at rank r + m/3, deliberately off the boundary so provisional fates are tested.
    int guess = keyOf(d[order[Math.min(r + m / 3, n - 1)]]);
    return Integer.compareUnsigned(lo, hi) < 0 ? Bound.window(hi, lo, guess) : exact(d, order, r);
  }

  static boolean defaultNormalize(Combine c) {
    return c == Combine.TIES || c == Combine.CONSENSUS_TIES || c == Combine.LINEAR;
  }

  static ModelSpec dare(float w, float tall, double rho, boolean rescale, long hash) {
    return new ModelSpec(Mask.DARE, w, tall, (float) rho, rescale, rho * 0x1.0p53, hash, Bound.NONE_BEFORE,
        Bound.ALL_BEFORE, 0, Long.MAX_VALUE);
  }

  static ModelSpec rank(float w, float tall, Bound lo, Bound hi, long rankLo, long rankHi) {
    return new ModelSpec(Mask.RANK, w, tall, 1f, false, 0, 0, lo, hi, rankLo, rankHi);
  }

  static MergeDesc desc(Combine c, FloatType in, FloatType out, boolean normalize, int k, List<ModelSpec> specs) {
    float ws = 0f;
    for (ModelSpec m : specs) {
      ws += m.weight();
    }
    return new MergeDesc(c, in, out, 0.9f, normalize, ws, k, specs);
  }

  /** Named desc variants for the chunk kernels: exact bounds + DARE + ALL; windows; sentinels + DARE. */
  static List<Object[]> chunkDescs(Inputs in) {
    int n = in.n();
    float[] d0 = d(in, 0);
    float[] d1 = d(in, 1);
    float[] d2 = d(in, 2);
    int[] o0 = SpecOracle.rankOrder(d0, 0, n);
    int[] o1 = SpecOracle.rankOrder(d1, 0, n);
    int[] o2 = SpecOracle.rankOrder(d2, 0, n);
    List<Object[]> list = new ArrayList<>();
    for (Combine c : big(in) ? List.of(Combine.SUM, Combine.TIES) : List.of(Combine.values())) {
      list.add(new Object[] {"exact+dare+all " + c, desc(c, in.type(), in.type(), defaultNormalize(c), 2, List.of(
          rank(1.0f, 0.4f, exact(d0, o0, n / 10), exact(d0, o0, n / 2), 0, 0),
          dare(-0.5f, 0.3f, 0.6, true, 0x1234_5678_9ABCL),
          ModelSpec.all(0.75f, 0.5f)))});
      list.add(new Object[] {"windows " + c, desc(c, in.type(), FloatType.F16, !defaultNormalize(c), 2, List.of(
          rank(0.8f, 0.4f, window(d0, o0, n / 10, 3), window(d0, o0, n / 2, 5), 0, 0),
          rank(-0.6f, 0.5f, Bound.NONE_BEFORE, window(d1, o1, n / 3, 2), 0, 0),
          rank(1.3f, 0.3f, exact(d2, o2, 1), Bound.ALL_BEFORE, 0, 0)))});
      list.add(new Object[] {"sentinels+dare " + c, desc(c, in.type(), FloatType.BF16, defaultNormalize(c), 1, List.of(
          dare(0.5f, 0.4f, 0.3, false, -1L),
          dare(0.5f, 0.4f, 0.99, true, 42L),
          rank(0.5f, 0.4f, Bound.ALL_BEFORE, Bound.ALL_BEFORE, 0, 0)))});
    }
    return list;
  }

  static Chunk chunk(Inputs in, MergeDesc desc, int from, ByteBuffer out) {
    int len = in.n() - from;
    ByteBuffer[] fts = new ByteBuffer[in.models()];
    for (int t = 0; t < fts.length; t++) {
      fts[t] = KernelData.slice(in.ft()[t], in.type(), from, len);
    }
    return new Chunk(len, from, KernelData.slice(in.base(), in.type(), from, len), fts, out);
  }

  static void mergeChunk(MergeKernels.Session s, Inputs in, Outcome o) {
    for (Object[] v : chunkDescs(in)) {
      String name = (String) v[0];
      MergeDesc desc = (MergeDesc) v[1];
      for (int from : big(in) ? new int[] {in.n() / 3} : new int[] {0, in.n() / 3}) {
        for (int capacity : new int[] {2, in.n()}) {
          ByteBuffer out = KernelData.output(desc.outType(), in.n() - from);
          ChunkStats st = new ChunkStats(in.models(), capacity, capacity); // window recording overflows at 2
          st.conflicts = 1; // kernels add to what is there
          if (sub(o, name + " from " + from, () -> s.mergeChunk(desc, chunk(in, desc, from, out), st))) {
            o.add(name + " from " + from + " out", KernelData.bytes(out)).stats(name, st);
          }
        }
      }
    }
    // Without kept / bound counts (how a merge with exact bounds runs): the same output and counters.
    for (Object[] v : chunkDescs(in)) {
      MergeDesc desc = (MergeDesc) v[1];
      ByteBuffer out = KernelData.output(desc.outType(), in.n());
      ChunkStats st = ChunkStats.withoutCounts(in.models());
      if (sub(o, v[0] + " without counts", () -> s.mergeChunk(desc, chunk(in, desc, 0, out), st))) {
        o.add(v[0] + " without counts out", KernelData.bytes(out)).stats(v[0] + " without counts", st);
      }
    }
    // LINEAR without a base.
    MergeDesc lin = desc(Combine.LINEAR, in.type(), in.type(), true, 2,
        List.of(ModelSpec.all(0.25f, 0.4f), ModelSpec.all(0.5f, 0.4f), ModelSpec.all(0.25f, 0.4f)));
    ByteBuffer out = KernelData.output(in.type(), in.n());
    ChunkStats st = new ChunkStats(in.models(), 0);
    if (sub(o, "linear no base", () -> s.mergeChunk(lin, new Chunk(in.n(), 0, null, in.ft(), out), st))) {
      o.add("linear out", KernelData.bytes(out)).stats("linear", st);
    }
  }

  /** Tie keys per slot: the key of an element (often inside a window), a window's ends, or none (-1). */
  static int[] tieKeys(Inputs in, MergeDesc desc) {
    int[] ties = new int[2 * in.models()];
    for (int slot = 0; slot < ties.length; slot++) {
      Bound b = slot % 2 == 0 ? desc.models().get(slot / 2).lo() : desc.models().get(slot / 2).hi();
      int i = in.n() == 0 ? 0 : (slot * 7919) % in.n();
      ties[slot] = switch (slot % 4) {
        case 0 -> in.n() == 0 ? -1 : Codec.key(in.ftF()[slot / 2][i] - in.baseF()[i]);
        case 1 -> b.keyLo();
        case 2 -> b.keyHi();
        default -> -1;
      };
    }
    return ties;
  }

  /** The statistics pass: counts and window records of every desc's bounds, from two offsets, two capacities. */
  static void scanBounds(MergeKernels.Session s, Inputs in, Outcome o) {
    for (Object[] v : chunkDescs(in)) {
      String name = (String) v[0];
      MergeDesc desc = (MergeDesc) v[1];
      for (int from : big(in) ? new int[] {in.n() / 3} : new int[] {0, in.n() / 3}) {
        for (int capacity : new int[] {2, in.n()}) {
          ChunkStats st = new ChunkStats(in.models(), 0, capacity); // window recording overflows at 2
          st.countAbove[0] = 3; // kernels add to what is there
          int[] ties = capacity == 2 ? null : tieKeys(in, desc);
          if (sub(o, name + " scan from " + from, () -> s.scanBounds(desc, chunk(in, desc, from, null), ties, st))) {
            o.stats(name + " scan " + from + "/" + capacity, st);
          }
        }
      }
    }
  }

  static void mergePoints(MergeKernels.Session s, Inputs in, Outcome o) {
    int n = in.n();
    List<Long> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (i % 3 == 0 || i % 7 == 1) {
        list.add((long) i);
        if (i == n / 2) {
          list.add((long) i); // equal neighbours are allowed
        }
      }
    }
    long[] pos = list.stream().mapToLong(Long::longValue).toArray();
    for (Object[] v : chunkDescs(in)) {
      String name = (String) v[0];
      MergeDesc desc = (MergeDesc) v[1];
      ByteBuffer out = KernelData.output(desc.outType(), n);
      ChunkStats st = new ChunkStats(in.models(), 4);
      if (sub(o, name + " write", () -> s.mergePoints(desc, chunk(in, desc, 0, out), pos, pos.length, true, st))) {
        o.add(name + " write out", KernelData.bytes(out)).stats(name + " write", st);
      }
      ChunkStats st2 = new ChunkStats(in.models(), n);
      if (sub(o, name + " count", () -> s.mergePoints(desc, chunk(in, desc, 0, null), pos, pos.length, false, st2))) {
        o.stats(name + " count", st2);
      }
      // Offset chunk: the points are flat indices inside [from, n).
      int from = n / 3;
      long[] tail = list.stream().mapToLong(Long::longValue).filter(p -> p >= from).toArray();
      ByteBuffer out3 = KernelData.output(desc.outType(), n - from);
      ChunkStats st3 = new ChunkStats(in.models(), n);
      if (sub(o, name + " tail", () -> s.mergePoints(desc, chunk(in, desc, from, out3), tail, tail.length, true,
          st3))) {
        o.add(name + " tail out", KernelData.bytes(out3)).stats(name + " tail", st3);
      }
    }
  }

  static void mergeRows(MergeKernels.Session s, Inputs in, Outcome o) {
    int n = in.n();
    List<Integer> rowLens = new ArrayList<>(big(in) ? List.of() : List.of(1));
    for (int r = 2; r < n && !big(in); r++) {
      if (n % r == 0) {
        rowLens.add(r);
        break;
      }
    }
    if (n > 1) {
      rowLens.add(n);
    }
    for (int rowLen : rowLens) {
      for (Combine c : big(in) ? List.of(Combine.TIES) : List.of(Combine.values())) {
        List<MergeDesc> descs = List.of(
            desc(c, in.type(), in.type(), defaultNormalize(c), 2, List.of(
                rank(1.0f, 0.4f, null, null, rowLen / 4, (3L * rowLen) / 4),
                rank(-0.5f, 0.3f, null, null, 0, rowLen),
                rank(0.75f, 0.5f, null, null, -5, rowLen + 5L))),
            desc(c, in.type(), FloatType.BF16, !defaultNormalize(c), 1, List.of(
                rank(0.5f, 0.4f, null, null, 0, 0),
                dare(0.5f, 0.4f, 0.5, true, 7L),
                rank(1.5f, 0.4f, null, null, 1, Math.max(1, rowLen - 1)))),
            desc(c, in.type(), FloatType.F16, defaultNormalize(c), 3, List.of(
                rank(1.0f, 0.4f, null, null, rowLen, rowLen),
                ModelSpec.all(1.0f, 0.4f),
                rank(1.0f, 0.2f, null, null, rowLen / 2, rowLen))));
        for (int v = 0; v < descs.size(); v++) {
          MergeDesc desc = fixBounds(descs.get(v));
          String name = "rowLen " + rowLen + " " + c + " #" + v;
          for (int from : rowLen < n ? new int[] {0, rowLen} : new int[] {0}) {
            ByteBuffer out = KernelData.output(desc.outType(), n - from);
            ChunkStats st = new ChunkStats(in.models(), 0);
            if (sub(o, name + " from " + from, () -> s.mergeRows(desc, chunk(in, desc, from, out), rowLen, st))) {
              o.add(name + " from " + from + " out", KernelData.bytes(out)).stats(name, st);
            }
          }
        }
      }
    }
  }

  /** Rows descs ignore bounds; fill the nulls with sentinels so the records stay valid. */
  private static MergeDesc fixBounds(MergeDesc d) {
    List<ModelSpec> specs = new ArrayList<>();
    for (ModelSpec m : d.models()) {
      specs.add(m.lo() == null ? m.withBounds(Bound.NONE_BEFORE, Bound.ALL_BEFORE) : m);
    }
    return d.withModels(specs);
  }
}

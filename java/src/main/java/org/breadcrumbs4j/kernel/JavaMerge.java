// JavaMerge.java — the fused merge kernels of the pure-Java backend (chunk, points, rows), bit-identical
// to the scalar reference; JavaKernels' sessions delegate here, one instance per session.
package org.breadcrumbs4j.kernel;


/**
 * Works on blocks of {@link #BLOCK} elements decoded to binary32 for every input, so the per-element
 * loops touch only float arrays. Arithmetic is Java float (IEEE binary32, round-to-nearest-even, no
 * FMA: Java never contracts), written in exactly the order SPEC.md gives.
 */
final class JavaMerge {
  static final int BLOCK = 1024;

  // ---- per-desc state, rebuilt when a different MergeDesc instance arrives ----
  private MergeDesc desc;
  private int models;
  private Combine combine;
  private float lambda;
  private float weightSum;
  private boolean normalize;
  private int consensusK;
  private int[] mask;
  private float[] weight;
  private float[] tall;
  private float[] rho;
  private boolean[] rescale;
  private double[] threshold;
  private long[] hash;
  // bounds, keys with the sign bit flipped so signed compares order them as unsigned
  private int[] loHi;
  private int[] loLo;
  private long[] loCut;
  private int[] hiHi;
  private int[] hiLo;
  private long[] hiCut;

  // ---- blocks ----
  private final float[] base = new float[BLOCK];
  private final long[] flat = new long[BLOCK];
  private final float[] out = new float[BLOCK];
  private float[][] ft = new float[0][];
  private float[][] md = new float[0][];
  private float[][] d = new float[0][];
  private final float[] acc = new float[BLOCK];
  private final float[] sum = new float[BLOCK];
  private final float[] dsum = new float[BLOCK];
  private final int[] count = new int[BLOCK];
  private final boolean[] cand = new boolean[BLOCK];
  private final int[] conflict = new int[BLOCK];
  private final long[] flatHash = new long[BLOCK];
  private boolean flatHashed;

  // ---- rows ----
  private final RankSelect select = new RankSelect();
  private int[] rowKeys = new int[0];
  private float[] rowBase = new float[0];
  private float[] rowFt = new float[0];

  private void prepare(MergeDesc newDesc) {
    if (newDesc == desc) {
      return;
    }
    int n = newDesc.modelCount();
    models = n;
    combine = newDesc.combine();
    lambda = newDesc.lambda();
    weightSum = newDesc.weightSum();
    normalize = newDesc.normalize();
    consensusK = newDesc.consensusK();
    mask = new int[n];
    weight = new float[n];
    tall = new float[n];
    rho = new float[n];
    rescale = new boolean[n];
    threshold = new double[n];
    hash = new long[n];
    loHi = new int[n];
    loLo = new int[n];
    loCut = new long[n];
    hiHi = new int[n];
    hiLo = new int[n];
    hiCut = new long[n];
    for (int t = 0; t < n; t++) {
      ModelSpec m = newDesc.models().get(t);
      mask[t] = m.mask().code();
      weight[t] = m.weight();
      tall[t] = m.tallLambda();
      rho[t] = m.dareRho();
      rescale[t] = m.dareRescale();
      threshold[t] = m.dareThreshold();
      hash[t] = m.dareHash();
      setBounds(t, m.lo(), m.hi());
    }
    if (ft.length < n) {
      ft = new float[n][BLOCK];
      md = new float[n][BLOCK];
      d = new float[n][BLOCK];
    }
    desc = newDesc;
  }

  private void setBounds(int t, Bound lo, Bound hi) {
    loHi[t] = lo.keyHi() ^ Integer.MIN_VALUE;
    loLo[t] = lo.keyLo() ^ Integer.MIN_VALUE;
    loCut[t] = lo.cut();
    hiHi[t] = hi.keyHi() ^ Integer.MIN_VALUE;
    hiLo[t] = hi.keyLo() ^ Integer.MIN_VALUE;
    hiCut[t] = hi.cut();
  }

  private Codec.Reader[] readers(MergeDesc desc, Chunk chunk) {
    if (chunk.ft() == null || chunk.ft().length != models) {
      throw new IllegalArgumentException("chunk has " + (chunk.ft() == null ? 0 : chunk.ft().length)
          + " fine-tune buffers, the desc has " + models + " models");
    }
    if (chunk.n() < 0) {
      throw new IllegalArgumentException("negative chunk size " + chunk.n());
    }
    if (chunk.index0() < 0) {
      throw new IllegalArgumentException("negative chunk index0 " + chunk.index0());
    }
    Codec.Reader[] r = new Codec.Reader[models + 1];
    // LINEAR reads no base at all (not even the non-finite check): its output is sum w_t * ft_t.
    if (chunk.base() != null && desc.combine() != Combine.LINEAR) {
      Codec.checkCapacity("base", chunk.base(), desc.inType(), chunk.n());
      r[models] = new Codec.Reader(desc.inType(), chunk.base());
    } else if (desc.combine() != Combine.LINEAR) {
      throw new IllegalArgumentException("base buffer is null; only LINEAR may omit the base");
    }
    for (int t = 0; t < models; t++) {
      Codec.checkCapacity("model " + t, chunk.ft()[t], desc.inType(), chunk.n());
      r[t] = new Codec.Reader(desc.inType(), chunk.ft()[t]);
    }
    return r;
  }

  private static Codec.Writer writer(MergeDesc desc, Chunk chunk) {
    Codec.checkCapacity("output", chunk.out(), desc.outType(), chunk.n());
    return new Codec.Writer(desc.outType(), chunk.out());
  }

  private ChunkStats stats(ChunkStats stats) {
    if (stats == null) {
      return new ChunkStats(models, 0);
    }
    if (stats.countAbove.length < 2 * models || stats.countPoint.length < 2 * models || stats.kept.length < models) {
      throw new IllegalArgumentException("ChunkStats sized for fewer than " + models + " models");
    }
    return stats;
  }

  void mergeChunk(MergeDesc desc, Chunk chunk, ChunkStats stats) {
    prepare(desc);
    if (chunk.n() == 0) { // as bc_merge_chunk: an empty chunk needs no buffers
      return;
    }
    Codec.Reader[] r = readers(desc, chunk);
    Codec.Writer w = writer(desc, chunk);
    ChunkStats s = stats(stats);
    boolean hasBase = r[models] != null;
    blocks(r, chunk, hasBase, (start, len) -> {
      recording = true; // bc_merge_chunk records windows; bc_merge_points does not
      compute(len, hasBase, s, true);
      w.write(start, out, 0, len);
    });
  }

  private interface BlockBody {
    void run(long start, int len);
  }

  /** Reads the chunk block by block (flat indices set, inputs checked for non-finite values) and runs body on each. */
  private void blocks(Codec.Reader[] r, Chunk chunk, boolean hasBase, BlockBody body) {
    long n = chunk.n();
    for (long start = 0; start < n; start += BLOCK) {
      int len = (int) Math.min(BLOCK, n - start);
      readBlock(r, start, len);
      for (int k = 0; k < len; k++) {
        flat[k] = chunk.index0() + start + k;
      }
      checkFinite(len, hasBase);
      body.run(start, len);
    }
  }

  /** bc_scan_bounds: the rank-bound counts and window records of every RANK model, without merging. */
  void scanBounds(MergeDesc desc, Chunk chunk, int[] tieKeys, ChunkStats stats) {
    prepare(desc);
    if (tieKeys != null && tieKeys.length < 2 * models) {
      throw new IllegalArgumentException("tieKeys holds " + tieKeys.length + " keys, the desc has " + 2 * models + " slots");
    }
    if (chunk.n() == 0) {
      return;
    }
    if (chunk.base() == null) {
      throw new IllegalArgumentException("base buffer is null; scanBounds reads the base");
    }
    Codec.Reader[] r = readers(desc, chunk);
    if (r[models] == null) { // LINEAR merges skip the base; the scan never does
      Codec.checkCapacity("base", chunk.base(), desc.inType(), chunk.n());
      r[models] = new Codec.Reader(desc.inType(), chunk.base());
    }
    ChunkStats s = stats(stats);
    blocks(r, chunk, true, (start, len) -> {
      for (int t = 0; t < models; t++) {
        if (mask[t] == Mask.RANK.code()) {
          scanModel(t, len, tieKeys == null ? -1 : tieKeys[2 * t], tieKeys == null ? -1 : tieKeys[2 * t + 1], s);
        }
      }
    });
  }

  /**
   * Counts above / at the bounds of model t and records its window elements, except a window's tie key (tl,
   * th), which is counted like a point's key (flipped keys: signed order = unsigned order).
   */
  private void scanModel(int t, int len, int tl, int th, ChunkStats s) {
    final float[] f = ft[t];
    final int lh = loHi[t];
    final int ll = loLo[t];
    final int hh = hiHi[t];
    final int hl = hiLo[t];
    final boolean loPoint = ll == lh;
    final boolean hiPoint = hl == hh;
    final boolean record = s.winCount != null;
    final boolean loWindow = record & ll < lh;
    final boolean hiWindow = record & hl < hh;
    // A tie key counts only inside its window (and only keys < 2^31 exist); otherwise it names nothing.
    final int tlf = tl ^ Integer.MIN_VALUE;
    final int thf = th ^ Integer.MIN_VALUE;
    final boolean loTie = ll < lh & tlf >= ll & tlf <= lh & tl >= 0;
    final boolean hiTie = hl < hh & thf >= hl & thf <= hh & th >= 0;
    long aboveLo = 0;
    long aboveHi = 0;
    long pointLo = 0;
    long pointHi = 0;
    for (int k = 0; k < len; k++) {
      final int key = Codec.key(f[k] - base[k]);
      final int kf = key ^ Integer.MIN_VALUE;
      aboveLo += kf > lh ? 1 : 0;
      aboveHi += kf > hh ? 1 : 0;
      final boolean loTied = loTie & kf == tlf;
      final boolean hiTied = hiTie & kf == thf;
      pointLo += (loPoint & kf == lh) | loTied ? 1 : 0;
      pointHi += (hiPoint & kf == hh) | hiTied ? 1 : 0;
      if (loWindow & kf >= ll & kf <= lh & !loTied) {
        recordWindow(s, 2 * t, flat[k], key);
      }
      if (hiWindow & kf >= hl & kf <= hh & !hiTied) {
        recordWindow(s, 2 * t + 1, flat[k], key);
      }
    }
    s.countAbove[2 * t] += aboveLo;
    s.countAbove[2 * t + 1] += aboveHi;
    s.countPoint[2 * t] += pointLo;
    s.countPoint[2 * t + 1] += pointHi;
  }

  void mergePoints(MergeDesc desc, Chunk chunk, long[] pos, int m, boolean write, ChunkStats stats) {
    prepare(desc);
    Codec.Reader[] r = readers(desc, chunk);
    Codec.Writer w = write ? writer(desc, chunk) : null;
    ChunkStats s = stats(stats);
    boolean hasBase = r[models] != null;
    if (m < 0 || m > pos.length) {
      throw new IllegalArgumentException("point count " + m + " outside [0, " + pos.length + "]");
    }
    long prev = Long.MIN_VALUE;
    for (int j0 = 0; j0 < m; j0 += BLOCK) {
      int len = Math.min(BLOCK, m - j0);
      for (int k = 0; k < len; k++) {
        long g = pos[j0 + k];
        long off = g - chunk.index0();
        if (off < 0 || off >= chunk.n() || g < prev) {
          throw new IllegalArgumentException("point " + g + " is not ascending inside the chunk ["
              + chunk.index0() + ", " + (chunk.index0() + chunk.n()) + ")");
        }
        prev = g;
        flat[k] = g;
        if (hasBase) {
          base[k] = r[models].get(off);
        }
        for (int t = 0; t < models; t++) {
          ft[t][k] = r[t].get(off);
        }
      }
      checkFinite(len, hasBase);
      recording = false; // bc_merge_chunk records windows; bc_merge_points does not
      compute(len, hasBase, s, true);
      if (w != null) {
        for (int k = 0; k < len; k++) {
          w.put(flat[k] - chunk.index0(), out[k]);
        }
      }
    }
  }

  void mergeRows(MergeDesc desc, Chunk chunk, long rowLen, ChunkStats stats) {
    prepare(desc);
    try {
      rows(desc, chunk, rowLen, stats);
    } finally {
      this.desc = null; // the bound arrays now hold a row's bounds, not the desc's: rebuild next time
    }
  }

  private void rows(MergeDesc desc, Chunk chunk, long rowLen, ChunkStats stats) {
    Codec.Reader[] r = readers(desc, chunk);
    Codec.Writer w = writer(desc, chunk);
    ChunkStats s = stats(stats);
    boolean hasBase = r[models] != null;
    long n = chunk.n();
    if (n == 0) {
      return;
    }
    if (rowLen <= 0 || n % rowLen != 0 || rowLen > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("chunk of " + n + " elements is not whole rows of " + rowLen);
    }
    if (chunk.index0() % rowLen != 0) {
      throw new IllegalArgumentException("chunk index0 " + chunk.index0() + " is not a row start (row length "
          + rowLen + ")");
    }
    int len = (int) rowLen;
    boolean ranked = false;
    for (int t = 0; t < models && combine != Combine.LINEAR; t++) {
      ranked |= mask[t] == Mask.RANK.code();
    }
    if (ranked) {
      if (!hasBase) {
        throw new IllegalArgumentException("ranking needs the base");
      }
      growRows(len);
    }
    for (long row = 0; row < n; row += len) {
      long g0 = chunk.index0() + row;
      if (ranked) {
        rankRow(desc, r, row, g0, len);
      }
      for (long start = row; start < row + len; start += BLOCK) {
        int bl = (int) Math.min(BLOCK, row + len - start);
        readBlock(r, start, bl);
        for (int k = 0; k < bl; k++) {
          flat[k] = chunk.index0() + start + k;
        }
        checkFinite(bl, hasBase);
        recording = false;
        compute(bl, hasBase, s, false);
        w.write(start, out, 0, bl);
      }
    }
  }

  private void growRows(int len) {
    if (rowBase.length < len) {
      rowBase = new float[len];
      rowFt = new float[len];
    }
    if (rowKeys.length < len) {
      rowKeys = new int[len]; // one model at a time: its bounds are kept, its keys are not needed after
    }
  }

  /** Exact point bounds of every RANK model for one row: rank r sits at the selected element. */
  private void rankRow(MergeDesc desc, Codec.Reader[] r, long row, long g0, int len) {
    r[models].read(row, rowBase, 0, len);
    for (int t = 0; t < models; t++) {
      if (mask[t] != Mask.RANK.code()) {
        continue;
      }
      r[t].read(row, rowFt, 0, len);
      int[] keys = rowKeys;
      for (int k = 0; k < len; k++) {
        keys[k] = Codec.key(rowFt[k] - rowBase[k]);
      }
      ModelSpec m = desc.models().get(t);
      setBounds(t, rowBound(keys, len, m.rankLo(), g0), rowBound(keys, len, m.rankHi(), g0));
    }
  }

  private Bound rowBound(int[] keys, int len, long rank, long g0) {
    if (rank <= 0) {
      return Bound.NONE_BEFORE;
    }
    if (rank >= len) {
      return Bound.ALL_BEFORE;
    }
    int at = select.select(keys, len, rank);
    return Bound.exact(keys[at], g0 + at);
  }

  private void readBlock(Codec.Reader[] r, long start, int len) {
    if (r[models] != null) {
      r[models].read(start, base, 0, len);
    }
    for (int t = 0; t < models; t++) {
      r[t].read(start, ft[t], 0, len);
    }
  }

  /** Throws for the smallest flat index holding NaN/Inf, the base before the models at equal index. */
  private void checkFinite(int len, boolean hasBase) {
    // Fast path: one sweep per array; the ordered search runs only when something is bad.
    boolean bad = hasBase && anyNonFinite(base, len);
    for (int t = 0; t < models && !bad; t++) {
      bad = anyNonFinite(ft[t], len);
    }
    if (!bad) {
      return;
    }
    for (int k = 0; k < len; k++) {
      if (hasBase && Codec.nonFinite(base[k])) {
        throw new NonFiniteException(-1, flat[k]);
      }
      for (int t = 0; t < models; t++) {
        if (Codec.nonFinite(ft[t][k])) {
          throw new NonFiniteException(t, flat[k]);
        }
      }
    }
  }

  private static boolean anyNonFinite(float[] a, int len) {
    for (int k = 0; k < len; k++) {
      if (Codec.nonFinite(a[k])) {
        return true;
      }
    }
    return false;
  }

  /**
   * out[k] for k &lt; len from base/ft/flat; adds statistics (bound counts only when countBounds).
   * Model-major: one simple loop per model and step over the block, which C2 can unroll and vectorise;
   * each element still sees exactly SPEC's operations in SPEC's order.
   */
  private void compute(int len, boolean hasBase, ChunkStats s, boolean countBounds) {
    final int n = models;
    if (combine == Combine.LINEAR) { // no base, no masks: every model is used whole
      java.util.Arrays.fill(acc, 0, len, 0f);
      for (int t = 0; t < n; t++) {
        final float w = weight[t];
        final float[] f = ft[t];
        for (int k = 0; k < len; k++) {
          acc[k] = acc[k] + w * f[k];
        }
        s.kept[t] += len;
      }
      if (normalize && weightSum != 0f) {
        for (int k = 0; k < len; k++) {
          acc[k] = acc[k] / weightSum;
        }
      }
      System.arraycopy(acc, 0, out, 0, len);
      return;
    }
    java.util.Arrays.fill(cand, 0, len, false);
    flatHashed = false;
    for (int t = 0; t < n; t++) {
      final float[] f = ft[t];
      final float[] dt = d[t];
      for (int k = 0; k < len; k++) {
        dt[k] = f[k] - base[k];
      }
      switch (mask[t]) {
        case 0 -> { // ALL
          System.arraycopy(dt, 0, md[t], 0, len);
          s.kept[t] += len;
        }
        case 1 -> rankMask(t, len, s, countBounds);
        default -> dareMask(t, len, s);
      }
    }
    for (int k = 0; k < len; k++) {
      if (cand[k]) {
        if (s.candidates < s.candIndex.length) {
          s.candIndex[(int) s.candidates] = flat[k];
        }
        s.candidates++;
      }
    }
    switch (combine) {
      case SUM -> {
        java.util.Arrays.fill(acc, 0, len, 0f);
        for (int t = 0; t < n; t++) {
          final float w = weight[t];
          final float[] m = md[t];
          for (int k = 0; k < len; k++) {
            acc[k] = acc[k] + w * m[k];
          }
        }
        if (normalize && weightSum != 0f) {
          for (int k = 0; k < len; k++) {
            acc[k] = acc[k] / weightSum;
          }
        }
      }
      case TIES -> ties(len, s);
      case CONSENSUS_SUM -> {
        java.util.Arrays.fill(acc, 0, len, 0f);
        for (int t = 0; t < n; t++) {
          final float w = weight[t];
          final float[] dt = d[t];
          for (int k = 0; k < len; k++) {
            acc[k] = acc[k] + w * dt[k];
          }
        }
        consensus(len, s);
      }
      default -> { // CONSENSUS_TIES
        ties(len, s);
        consensus(len, s);
      }
    }
    final float l = lambda;
    for (int k = 0; k < len; k++) {
      out[k] = base[k] + l * acc[k];
    }
  }

  private boolean recording;

  private static void recordWindow(ChunkStats s, int slot, long idx, int key) {
    long c = s.winCount[slot]++;
    if (c < s.winCapacity) {
      int at = slot * s.winCapacity + (int) c;
      s.winIndex[at] = idx;
      s.winKey[at] = key;
    }
  }

  /** RANK: bound counts, undecided -&gt; candidate (with the window's provisional guess), keep = !before(lo) &amp;&amp; before(hi). */
  private void rankMask(int t, int len, ChunkStats s, boolean countBounds) {
    final float[] dt = d[t];
    final float[] m = md[t];
    final int lh = loHi[t];
    final int ll = loLo[t];
    final int hh = hiHi[t];
    final int hl = hiLo[t];
    final long lc = loCut[t];
    final long hc = hiCut[t];
    final boolean loPoint = ll == lh;
    final boolean hiPoint = hl == hh;
    final boolean loWindow = ll < lh; // flipped keys: signed order is unsigned order
    final boolean hiWindow = hl < hh;
    // A window's cut holds its guess key: undecided elements are provisionally before iff key > guess.
    final int lg = (int) lc ^ Integer.MIN_VALUE;
    final int hg = (int) hc ^ Integer.MIN_VALUE;
    final boolean record = recording && s.winCount != null;
    long aboveLo = 0;
    long aboveHi = 0;
    long pointLo = 0;
    long pointHi = 0;
    long kept = 0;
    // Non-short-circuit & and | and int masks keep this loop free of data-dependent branches.
    for (int k = 0; k < len; k++) {
      final float v = dt[k];
      final int kf = Codec.key(v) ^ Integer.MIN_VALUE;
      final boolean loAbove = kf > lh;
      final boolean loEq = loPoint & kf == lh;
      final boolean hiAbove = kf > hh;
      final boolean hiEq = hiPoint & kf == hh;
      aboveLo += loAbove ? 1 : 0;
      aboveHi += hiAbove ? 1 : 0;
      pointLo += loEq ? 1 : 0;
      pointHi += hiEq ? 1 : 0;
      final boolean undecided = (loWindow & kf >= ll & kf <= lh) | (hiWindow & kf >= hl & kf <= hh);
      final long g = flat[k];
      final boolean beforeLo = loWindow ? kf > lg : loAbove | (loEq & g < lc);
      final boolean beforeHi = hiWindow ? kf > hg : hiAbove | (hiEq & g < hc);
      final boolean keep = !beforeLo & beforeHi;
      cand[k] |= undecided;
      if (undecided & record) { // window recording (mergeChunk only), in index order
        if (loWindow & kf >= ll & kf <= lh) {
          recordWindow(s, 2 * t, g, Codec.key(v));
        }
        if (hiWindow & kf >= hl & kf <= hh) {
          recordWindow(s, 2 * t + 1, g, Codec.key(v));
        }
      }
      m[k] = Float.intBitsToFloat(Float.floatToRawIntBits(v) & (keep ? -1 : 0)); // dropped: +0
      kept += keep ? 1 : 0;
    }
    if (countBounds) {
      s.countAbove[2 * t] += aboveLo;
      s.countAbove[2 * t + 1] += aboveHi;
      s.countPoint[2 * t] += pointLo;
      s.countPoint[2 * t + 1] += pointHi;
    }
    s.kept[t] += kept;
  }

  /** DARE: SPEC's counter-based draw per flat index; survivors d / rho when rescaling. */
  private void dareMask(int t, int len, ChunkStats s) {
    final float[] dt = d[t];
    final float[] m = md[t];
    final long h = hash[t];
    final double thr = threshold[t];
    final boolean rs = rescale[t];
    final float r = rho[t];
    if (!flatHashed) { // splitmix64(i) is the same for every DARE model: once per block
      for (int k = 0; k < len; k++) {
        flatHash[k] = Splitmix.splitmix64(flat[k]);
      }
      flatHashed = true;
    }
    long kept = 0;
    for (int k = 0; k < len; k++) {
      final long u = Splitmix.splitmix64(h ^ flatHash[k]);
      if ((double) (u >>> 11) < thr) {
        m[k] = rs ? dt[k] / r : dt[k];
        kept++;
      } else {
        m[k] = 0f;
      }
    }
    s.kept[t] += kept;
  }

  /** TIES on md into acc: weighted sign election (NaN sum elects minus), disjoint sum, optional / D. */
  private void ties(int len, ChunkStats s) {
    final int n = models;
    java.util.Arrays.fill(sum, 0, len, 0f);
    for (int t = 0; t < n; t++) {
      final float w = weight[t];
      final float[] m = md[t];
      for (int k = 0; k < len; k++) {
        sum[k] = sum[k] + w * m[k];
      }
    }
    java.util.Arrays.fill(acc, 0, len, 0f);
    java.util.Arrays.fill(dsum, 0, len, 0f);
    java.util.Arrays.fill(conflict, 0, len, 0);
    for (int t = 0; t < n; t++) {
      final float w = weight[t];
      final float[] m = md[t];
      for (int k = 0; k < len; k++) {
        final float v = w * m[k]; // the same product as in the election: same rounding
        // v with its sign flipped when minus is elected: > 0 agrees, < 0 conflicts, NaN neither. The
        // selects go through int masks because C2 compiles float selects to branches on x86, and the
        // masks make these signs unpredictable.
        final int flip = sum[k] >= 0f ? 0 : 0x80000000;
        final float signed = Float.intBitsToFloat(Float.floatToRawIntBits(v) ^ flip);
        final int agree = signed > 0f ? -1 : 0;
        final int a = Float.floatToRawIntBits(acc[k] + v);
        final int ds = Float.floatToRawIntBits(dsum[k] + w);
        acc[k] = Float.intBitsToFloat((a & agree) | (Float.floatToRawIntBits(acc[k]) & ~agree));
        dsum[k] = Float.intBitsToFloat((ds & agree) | (Float.floatToRawIntBits(dsum[k]) & ~agree));
        conflict[k] |= signed < 0f ? 1 : 0;
      }
    }
    long conflicts = 0;
    for (int k = 0; k < len; k++) {
      conflicts += conflict[k];
    }
    s.conflicts += conflicts;
    if (normalize) {
      for (int k = 0; k < len; k++) {
        final int divide = dsum[k] != 0f ? -1 : 0;
        final int q = Float.floatToRawIntBits(acc[k] / dsum[k]);
        acc[k] = Float.intBitsToFloat((q & divide) | (Float.floatToRawIntBits(acc[k]) & ~divide));
      }
    }
  }

  /** TALL masks against the unsparsified d: strict |d_t| &gt; tall_t * |T - d_t|; acc = count &gt;= k ? T : +0. */
  private void consensus(int len, ChunkStats s) {
    java.util.Arrays.fill(count, 0, len, 0);
    for (int t = 0; t < models; t++) {
      final float tl = tall[t];
      final float[] dt = d[t];
      for (int k = 0; k < len; k++) {
        count[k] += abs(dt[k]) > tl * abs(acc[k] - dt[k]) ? 1 : 0;
      }
    }
    long agreed = 0;
    for (int k = 0; k < len; k++) {
      if (count[k] >= consensusK) {
        agreed++;
      } else {
        acc[k] = 0f;
      }
    }
    s.consensus += agreed;
  }

  private static float abs(float x) {
    return Float.intBitsToFloat(Float.floatToRawIntBits(x) & 0x7FFFFFFF);
  }
}

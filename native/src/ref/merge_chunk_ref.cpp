// merge_chunk_ref.cpp — bc_merge_chunk at the scalar level: SPEC's per-element rules (merge_points_ref.cpp)
// reordered into cache blocks (base once per block, one pass per model into block accumulators, then
// finalise), the same schedule as the AVX2 kernel, with baseline flags. Every per-element operation and its
// order are unchanged, so the result is bit-identical; the tests check it against the per-element form.
#include <cmath>

#include "cpu/chunk_kernel.h"
#include "cpu/kernels.h"
#include "ref/scalar.h"

namespace bc {
namespace {

constexpr int kB = int(kBlock);

// c ? a : b on the bits: the choices below depend on the data, and compilers turn ?: into branches that
// mispredict half the time.
inline float sel(bool c, float a, float b) {
  const uint32_t m = 0u - uint32_t(c);
  return bits_f32((f32_bits(a) & m) | (f32_bits(b) & ~m));
}

// One bc_bound as int32 compares for a block: keys are < 2^31, so each unsigned test of bc.h becomes a
// signed one against a clamped constant, and "flat index < cut" a compare of the block offset. Equal to
// scalar.h's before()/undecided() for every bound (the tests hold both forms against each other).
struct BoundS {
  int32_t gt;     // key > gt  <=> key > key_hi (counted)
  int32_t bgt;    // before iff key > bgt (or the point rule): key_hi, or a window's guess
  int32_t eq;     // point bound: key == eq; -1 (never) otherwise
  int32_t cut;    // point bound: key == key_hi is before iff block offset < cut
  int32_t lo_m1;  // window: undecided iff key > lo_m1 && !(key > gt); INT32_MAX disables
  BoundS(const bc_bound& b, int64_t block_index0) {
    const bool window = b.key_lo < b.key_hi;
    gt = int32_t(b.key_hi > 0x7FFFFFFFu ? 0x7FFFFFFFu : b.key_hi);
    const uint32_t guess = uint32_t(b.cut);
    bgt = window ? int32_t(guess > 0x7FFFFFFFu ? 0x7FFFFFFFu : guess) : gt;
    eq = b.key_lo == b.key_hi ? int32_t(b.key_hi) : -1;
    // The cut matters only where key == key_hi can hold (a point with key_hi < 2^31): 0 elsewhere, so that
    // "key > bgt - (offset < cut)" is the point rule too.
    const bool eq_possible = b.key_lo == b.key_hi && b.key_hi <= 0x7FFFFFFFu;
    cut = !eq_possible || b.cut <= block_index0 ? 0 : b.cut - block_index0 > kB ? kB : int32_t(b.cut - block_index0);
    lo_m1 = (window && b.key_lo <= 0x7FFFFFFFu) ? int32_t(b.key_lo) - 1 : 0x7FFFFFFF;
  }
};

template <int DT>
struct Kernel {
  const bc_merge_desc& ds;
  const bc_chunk& ch;
  bc_chunk_stats& stats;
  ChunkScratch s;
  int64_t conflicts = 0, consensus = 0;

  // One model over the block; returns true if some input was non-finite (or d overflowed: locate decides).
  // COUNT: the caller wants kept / bound counts (a merge with known exact bounds often does not).
  // CUT (lean path): some point bound's index cut falls inside this block (cut_inside); without it, "offset < cut"
  // is the same for the whole block and folds into the thresholds.
  template <int MASK, int COMB, bool WIN, bool COUNT = true, bool CUT = true>
  bool model_pass(int t, int64_t off, int nb) {
    const bc_model_spec& m = ds.models[t];
    const void* ft = ch.ft[t];
    prefetch_next_block(ft, off, dtype_size(DT));
    const float w = m.weight, rho = m.dare_rho;
    const bool rescale = m.dare_rescale != 0;
    const BoundS lo(m.lo, ch.index0 + off), hi(m.hi, ch.index0 + off);
    const int32_t lo_t = lo.bgt - int32_t(lo.cut > 0), hi_t = hi.bgt - int32_t(hi.cut > 0);
    float* __restrict dsave = s.d + size_t(t) * kB;
    uint32_t bad = 0;  // some |x| bits >= 0x7F800000: NaN/Inf
    int32_t kept = 0, alo = 0, ahi = 0, plo = 0, phi = 0;  // a block has at most kB elements
    // Distinct scratch arrays: __restrict lets the compiler vectorise without runtime overlap checks.
    float* __restrict a0 = s.a[0];
    float* __restrict a1 = s.a[1];
    float* __restrict a2 = s.a[2];
    float* __restrict a3 = s.a[3];
    float* __restrict a4 = s.a[4];
    const float* __restrict bb = s.base;
    int32_t* __restrict cand = s.cand;
    const uint64_t* __restrict hh = s.h;
    // No two of these arrays overlap (workspace blocks, caller buffers): ivdep spares runtime overlap checks.
#pragma GCC ivdep
    for (int i = 0; i < nb; i++) {
      const float f = load_t<DT>(ft, off + i);
      if constexpr (COMB == BC_COMBINE_LINEAR) {
        const uint32_t kf = key_of(f);
        bad |= uint32_t(kf >= 0x7F800000u);
        a0[i] = a0[i] + (w * f);
        continue;
      } else {
        const float d = f - bb[i];
        const int32_t k = int32_t(key_of(d));
        bad |= uint32_t(k >= 0x7F800000);  // NaN/Inf input -> NaN/Inf d (an overflow only raises a false alarm)
        bool keep = true;
        if constexpr (MASK == BC_MASK_RANK && !COUNT && !WIN) {
          // before(b) <=> k > gt - (i < cut): a point bound's key_hi counts as before below its cut.
          if constexpr (CUT) keep = !(k > lo.bgt - int32_t(i < lo.cut)) & (k > hi.bgt - int32_t(i < hi.cut));
          else keep = !(k > lo_t) & (k > hi_t);
        } else if constexpr (MASK == BC_MASK_RANK) {
          const bool gl = k > lo.gt, el = k == lo.eq, gh = k > hi.gt, eh = k == hi.eq;
          alo += gl;
          ahi += gh;
          plo += el;
          phi += eh;
          keep = (!((k > lo.bgt) | (el & (i < lo.cut)))) & ((k > hi.bgt) | (eh & (i < hi.cut)));
          if constexpr (WIN) {  // undecided keys keep the provisional fate; listed as candidates and per window
            const bool ul = (k > lo.lo_m1) & !gl, uh = (k > hi.lo_m1) & !gh;
            cand[i] |= ul | uh;
            if (ul) record_window(stats, 2 * t, ch.index0 + off + i, uint32_t(k));
            if (uh) record_window(stats, 2 * t + 1, ch.index0 + off + i, uint32_t(k));
          }
        } else if constexpr (MASK == BC_MASK_DARE) {
          keep = double(splitmix64(m.dare_hash ^ hh[i]) >> 11) < m.dare_threshold;
        }
        if constexpr (COUNT) kept += keep;
        float md = d;
        if constexpr (MASK == BC_MASK_DARE) md = sel(rescale, d / rho, d);  // select, not branch: vectorises
        md = sel(keep, md, 0.0f);
        if constexpr (COMB == BC_COMBINE_SUM) {
          a0[i] = a0[i] + (w * md);
        } else if constexpr (COMB == BC_COMBINE_CONSENSUS_SUM) {
          a0[i] = a0[i] + (w * d);
          dsave[i] = d;
        } else {
          // "if (v > 0) a1 = a1 + v": both sums are computed and one is kept, which is the same value and
          // lets the data-dependent choice compile to a select instead of a mispredicted branch.
          const float v = w * md;
          const bool p = pos(v), q = neg(v);
          a0[i] = a0[i] + v;
          const float ap = a1[i] + v, an = a2[i] + v;
          a1[i] = sel(p, ap, a1[i]);
          a2[i] = sel(q, an, a2[i]);
          // Weight sums are kept even without normalize: a branch here would stop the loop vectorising.
          const float dp = a3[i] + w, dn = a4[i] + w;
          a3[i] = sel(p, dp, a3[i]);
          a4[i] = sel(q, dn, a4[i]);
          if constexpr (COMB == BC_COMBINE_CONSENSUS_TIES) dsave[i] = d;
        }
      }
    }
    if (!COUNT) return bad != 0;
    if (stats.kept) stats.kept[t] += (COMB == BC_COMBINE_LINEAR || MASK == BC_MASK_ALL) ? nb : kept;
    if (MASK == BC_MASK_RANK && stats.count_above) {
      stats.count_above[2 * t] += alo;
      stats.count_above[2 * t + 1] += ahi;
    }
    if (MASK == BC_MASK_RANK && stats.count_point) {
      stats.count_point[2 * t] += plo;
      stats.count_point[2 * t + 1] += phi;
    }
    return bad != 0;
  }

  // The TIES acc of element i: elected sum, optionally / D. The opposite-sign sum is nonzero exactly
  // when some v_t had the other sign (sums of one sign never cancel to 0).
  // conf is a local of the caller's loop (a member would be a memory reduction that blocks vectorising).
  float ties_acc(int i, int64_t& conf) const {
    const bool up = s.a[0][i] >= 0.0f;  // NaN S elects -1
    float acc = sel(up, s.a[1][i], s.a[2][i]);
    conf += (up & neg(s.a[2][i])) | (!up & pos(s.a[1][i]));
    // The quotient is computed either way and kept when normalizing and D != 0: no branch in the loop.
    const float dsum = sel(up, s.a[3][i], s.a[4][i]);
    return sel((ds.normalize != 0) & (dsum != 0.0f), acc / dsum, acc);
  }

  float consensus_acc(float total, int i) {
    int64_t c = 0;
    for (int t = 0; t < ds.n_models; t++) {
      const float d = s.d[size_t(t) * kB + i];
      c += std::fabs(d) > ds.models[t].tall_lambda * std::fabs(total - d);
    }
    if (c < ds.consensus_k) return 0.0f;
    consensus++;
    return total;
  }

  bool locate_bad(int64_t off, int nb, bool with_base) {
    for (int64_t i = off; i < off + nb; i++) {
      if (with_base && !is_finite(load_t<DT>(ch.base, i))) return report_nonfinite(&stats, -1, ch.index0 + i), true;
      for (int t = 0; t < ds.n_models; t++)
        if (!is_finite(load_t<DT>(ch.ft[t], i))) return report_nonfinite(&stats, t, ch.index0 + i), true;
    }
    return false;
  }

  template <int COMB, int OUT>
  bc_status run(bool any_dare, bool any_window) {
    const int nacc = (COMB == BC_COMBINE_TIES || COMB == BC_COMBINE_CONSENSUS_TIES) ? 5 : 1;
    const bool div_w = ds.normalize && ds.weight_sum != 0.0f;
    for (int64_t off = 0; off < ch.n; off += kB) {
      const int nb = ch.n - off < kB ? int(ch.n - off) : kB;
      bool bad = false;
      if constexpr (COMB != BC_COMBINE_LINEAR) {
        prefetch_next_block(ch.base, off, dtype_size(DT));
        for (int i = 0; i < nb; i++) {
          s.base[i] = load_t<DT>(ch.base, off + i);
          bad |= !is_finite(s.base[i]);
        }
      }
      for (int a = 0; a < nacc; a++)
        for (int i = 0; i < nb; i++) s.a[a][i] = 0.0f;
      if (any_window)
        for (int i = 0; i < nb; i++) s.cand[i] = 0;
      if (any_dare)
        for (int i = 0; i < nb; i++) s.h[i] = splitmix64(uint64_t(ch.index0 + off + i));
      for (int t = 0; t < ds.n_models; t++) bad |= run_model_pass<COMB>(*this, ds, stats, t, off, nb, ch.index0 + off);
      if (bad && locate_bad(off, nb, COMB != BC_COMBINE_LINEAR)) return BC_ERR_NONFINITE;
      int64_t conf = 0;
#pragma GCC ivdep
      for (int i = 0; i < nb; i++) {
        float acc;
        if constexpr (COMB == BC_COMBINE_SUM || COMB == BC_COMBINE_LINEAR) {
          acc = s.a[0][i];
          if (div_w) acc = acc / ds.weight_sum;
        } else if constexpr (COMB == BC_COMBINE_TIES) {
          acc = ties_acc(i, conf);
        } else if constexpr (COMB == BC_COMBINE_CONSENSUS_SUM) {
          acc = consensus_acc(s.a[0][i], i);
        } else {
          acc = consensus_acc(ties_acc(i, conf), i);
        }
        if constexpr (COMB != BC_COMBINE_LINEAR) acc = s.base[i] + (ds.lambda * acc);
        store_t<OUT>(ch.out, off + i, acc);
      }
      conflicts += conf;
      if (any_window) {
        if (stats.cand_index && stats.candidates < stats.cand_capacity) {
          for (int i = 0; i < nb; i++) {
            if (!s.cand[i]) continue;
            record_candidate(stats, ch.index0 + off + i);
          }
        } else {  // nothing to store: just count
          int64_t c = 0;
          for (int i = 0; i < nb; i++) c += s.cand[i] != 0;
          stats.candidates += c;
        }
      }
    }
    stats.conflicts += conflicts;
    stats.consensus += consensus;
    return BC_OK;
  }
};

template <int DT, int OUT>
bc_status merge_t(const bc_merge_desc* ds, const bc_chunk* ch, float* p, bc_chunk_stats* st) {
  Kernel<DT> k{*ds, *ch, *st, carve_chunk_workspace(p)};
  const ChunkModes modes(*ds);
  const bool any_dare = modes.any_dare, any_window = modes.any_window;
  switch (ds->combine) {
    case BC_COMBINE_SUM: return k.template run<BC_COMBINE_SUM, OUT>(any_dare, any_window);
    case BC_COMBINE_TIES: return k.template run<BC_COMBINE_TIES, OUT>(any_dare, any_window);
    case BC_COMBINE_CONSENSUS_SUM: return k.template run<BC_COMBINE_CONSENSUS_SUM, OUT>(any_dare, any_window);
    case BC_COMBINE_CONSENSUS_TIES: return k.template run<BC_COMBINE_CONSENSUS_TIES, OUT>(any_dare, any_window);
    default: return k.template run<BC_COMBINE_LINEAR, OUT>(any_dare, any_window);
  }
}

template <int DT>
bc_status merge_out(const bc_merge_desc* ds, const bc_chunk* ch, float* p, bc_chunk_stats* st) {
  switch (ds->out_dtype) {
    case BC_F32: return merge_t<DT, BC_F32>(ds, ch, p, st);
    case BC_F16: return merge_t<DT, BC_F16>(ds, ch, p, st);
    case BC_BF16: return merge_t<DT, BC_BF16>(ds, ch, p, st);
    default: return merge_t<DT, BC_F64>(ds, ch, p, st);
  }
}

}  // namespace

bc_status merge_chunk_ref(const bc_merge_desc* desc, const bc_chunk* chunk, void* ws, bc_chunk_stats* st) {
  float* p = static_cast<float*>(ws);
  switch (desc->in_dtype) {
    case BC_F32: return merge_out<BC_F32>(desc, chunk, p, st);
    case BC_F16: return merge_out<BC_F16>(desc, chunk, p, st);
    case BC_BF16: return merge_out<BC_BF16>(desc, chunk, p, st);
    default: return merge_out<BC_F64>(desc, chunk, p, st);
  }
}

}  // namespace bc

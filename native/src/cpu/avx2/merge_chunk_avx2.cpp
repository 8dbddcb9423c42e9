// merge_chunk_avx2.cpp — the hot path: bc_merge_chunk in AVX2, blocked so every input byte is read once.
// Per block of kBlock elements: base -> f32 once, then one pass per model (d, mask, combine into L1 block
// accumulators), then finalise and store. Bit-identical to merge_chunk_ref.cpp (no FMA, same op order).
#include "cpu/avx2/avx2_util.h"
#include "cpu/chunk_kernel.h"
#include "cpu/kernels.h"
#include "ref/scalar.h"

namespace bc {
namespace avx2 {
namespace {

constexpr int kB = int(kBlock);

struct Counters {  // per-call totals, added to the caller's stats once
  int64_t conflicts = 0, consensus = 0;
};

inline __m256 ld(const float* p, int j) { return _mm256_load_ps(p + j); }
inline void st(float* p, int j, __m256 v) { _mm256_store_ps(p + j, v); }
// Sum over lanes of the 10-bit field at bit `shift` of packed lane counters.
inline int64_t field_sum(__m256i c, int shift) {
  return hsum32(_mm256_and_si256(_mm256_srl_epi32(c, _mm_cvtsi32_si128(shift)), _mm256_set1_epi32(0x3FF)));
}
inline __m256i ldi(const int32_t* p, int j) { return _mm256_load_si256(reinterpret_cast<const __m256i*>(p + j)); }
inline void sti(int32_t* p, int j, __m256i v) { _mm256_store_si256(reinterpret_cast<__m256i*>(p + j), v); }

// One bc_bound prepared for 32-bit signed lane compares (keys are < 2^31). Inside a block, a point bound's
// "before" is key >= key_hi for offsets below the cut and key > key_hi from it on, so most vectors need
// one compare; count_point falls out as count(key >= key_hi) - count(key > key_hi).
struct BoundV {
  __m256i gt;     // key > gt  <=> key > key_hi
  __m256i ge;     // key > ge  <=> key >= key_hi (point bounds; = gt otherwise)
  __m256i cut;    // lanes at block offset < cut use ge
  int cut_s;      // the same as a scalar, 0..kB
  bool point;
  __m256i lo_m1;  // window: undecided iff key > lo_m1 && !(key > gt); lo_m1 = 2^31-1 disables it
  __m256i guess;  // window: provisionally before iff key > guess
  bool win;
  BoundV(const bc_bound& b, int64_t block_index0) {
    point = b.key_lo == b.key_hi;
    win = b.key_lo < b.key_hi;
    const uint32_t gs = uint32_t(b.cut);
    guess = _mm256_set1_epi32(int32_t(gs > 0x7FFFFFFFu ? 0x7FFFFFFFu : gs));
    const int32_t g = int32_t(b.key_hi > 0x7FFFFFFFu ? 0x7FFFFFFFu : b.key_hi);
    gt = _mm256_set1_epi32(g);
    ge = _mm256_set1_epi32(point && b.key_hi <= 0x7FFFFFFFu ? g - 1 : g);
    int64_t c = 0;  // careful with INT64_MAX: compare before subtracting
    if (point && !win && b.cut > block_index0) c = b.cut - block_index0 > kB ? kB : b.cut - block_index0;
    cut_s = int(c);
    cut = _mm256_set1_epi32(cut_s);
    const bool window = b.key_lo < b.key_hi && b.key_lo <= 0x7FFFFFFFu;
    lo_m1 = _mm256_set1_epi32(window ? int32_t(b.key_lo) - 1 : 0x7FFFFFFF);
  }
};

template <int DT>
struct Kernel {
  const bc_merge_desc& ds;
  const bc_chunk& ch;
  bc_chunk_stats& stats;
  ChunkScratch blk;
  Counters cnt;

  // Pass of model t over the block: d, mask + stats, combine into the block accumulators. Returns the lane
  // maximum of the non-finite witnesses (|d| bits, or |ft| bits for LINEAR): >= 0x7F800000 means "look".
  // WIN: some bound of the model is a window (candidates possible); point-only models skip that work.
  // COUNT: the caller wants kept / bound counts (a merge with known exact bounds often does not).
  // CUT (lean path): some point bound's index cut falls inside this block (cut_inside); without it, every
  // vector compares each bound once against a fixed threshold.
  template <int MASK, int COMB, bool WIN, bool COUNT = true, bool CUT = true>
  __m256i model_pass(int t, int64_t off, int nb) {
    const bc_model_spec& m = ds.models[t];
    const int64_t bidx = ch.index0 + off;
    const void* ft = ch.ft[t];
    const __m256 w = _mm256_set1_ps(m.weight);
    const __m256 rho = _mm256_set1_ps(m.dare_rho);
    const bool rescale = m.dare_rescale != 0, norm = ds.normalize != 0;
    const BoundV lo(m.lo, bidx), hi(m.hi, bidx);
    const __m256i lim = _mm256_set1_epi64x(int64_t(dare_limit(m.dare_threshold)));
    const __m256i hash = _mm256_set1_epi64x(int64_t(m.dare_hash));
    float* dsave = blk.d + size_t(t) * kB;
    __m256i bad = _mm256_setzero_si256();
    // Lane counters, packed three 10-bit fields to a lane (a block gives a lane at most kB/8 counts) so the
    // loop fits the 16 ymm registers: a spilled counter would chain every iteration through memory.
    // c_lo: key > lo.key_hi | key >= lo.key_hi << 10 | kept << 20;  c_hi: the same for hi (no kept).
    static_assert(kB / 8 < 1024, "packed lane counters need kBlock / 8 < 1024");
    __m256i c_lo = _mm256_setzero_si256(), c_hi = c_lo;
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);

    // The next block of this model is read N passes later: prefetching it now keeps every stream warm
    // across 4 KiB page boundaries, where the hardware prefetchers stop.
    const char* next = static_cast<const char*>(ft) + (off + kB) * kSize<DT>;
    // TAIL is a compile-time flag: full vectors skip every valid-lane mask.
    // Vector stores may alias anything, so members read in the loop would be reloaded after every store:
    // keep the block pointers in locals.
    float* const a0 = blk.a[0];
    float* const a1 = blk.a[1];
    float* const a2 = blk.a[2];
    float* const a3 = blk.a[3];
    float* const a4 = blk.a[4];
    const float* const bb = blk.base;
    int32_t* const cand = blk.cand;
    const uint64_t* const hh = blk.h;
    auto step = [&](int j, auto tail, __m256i valid) {
      constexpr bool TAIL = decltype(tail)::value;
      auto v_and = [&](__m256i x) { return TAIL ? _mm256_and_si256(x, valid) : x; };
      const __m256 f = TAIL ? load_part<DT>(ft, off + j, nb - j) : load8<DT>(ft, off + j);
      if constexpr (COMB == BC_COMBINE_LINEAR) {
        bad = _mm256_max_epu32(bad, key8(f));
        st(a0, j, _mm256_add_ps(ld(a0, j), _mm256_mul_ps(w, f)));
        return;
      } else {
        const __m256 d = _mm256_sub_ps(f, ld(bb, j));
        const __m256i k = key8(d);
        bad = _mm256_max_epu32(bad, k);  // a NaN/Inf input makes d NaN/Inf (overflow only raises a false alarm)
        __m256i keep = valid;
        if constexpr (MASK == BC_MASK_RANK) {
          auto eval = [&](const BoundV& b, __m256i& c, __m256i& gt) {
            if constexpr (!COUNT && !WIN) {  // one compare per vector: ge below the cut, gt from it on
              if constexpr (!CUT) return _mm256_cmpgt_epi32(k, b.cut_s > 0 ? b.ge : b.gt);
              if (j + 8 <= b.cut_s) return _mm256_cmpgt_epi32(k, b.ge);
              if (j >= b.cut_s) return _mm256_cmpgt_epi32(k, b.gt);
              const __m256i pos = _mm256_add_epi32(lane, _mm256_set1_epi32(j));
              return _mm256_blendv_epi8(_mm256_cmpgt_epi32(k, b.gt), _mm256_cmpgt_epi32(k, b.ge),
                                        _mm256_cmpgt_epi32(b.cut, pos));
            } else {
              gt = _mm256_cmpgt_epi32(k, b.gt);
              const __m256i ge = _mm256_cmpgt_epi32(k, b.ge);
              c = _mm256_sub_epi32(_mm256_sub_epi32(c, v_and(gt)), _mm256_slli_epi32(v_and(ge), 10));
              if (b.win) return _mm256_cmpgt_epi32(k, b.guess);  // window: provisional guess (per-model constant)
              if (j + 8 <= b.cut_s) return ge;  // these branches flip at most once per block: predictable
              if (j >= b.cut_s) return gt;
              const __m256i pos = _mm256_add_epi32(lane, _mm256_set1_epi32(j));
              return _mm256_blendv_epi8(gt, ge, _mm256_cmpgt_epi32(b.cut, pos));
            }
          };
          __m256i g_lo, g_hi;
          const __m256i b_lo = eval(lo, c_lo, g_lo);
          const __m256i b_hi = eval(hi, c_hi, g_hi);
          keep = _mm256_andnot_si256(b_lo, v_and(b_hi));
          if constexpr (WIN) {
            auto undecided = [&](const BoundV& b, __m256i gt) {
              return _mm256_andnot_si256(gt, _mm256_cmpgt_epi32(k, b.lo_m1));
            };
            const __m256i ul = v_and(undecided(lo, g_lo)), uh = v_and(undecided(hi, g_hi));
            sti(cand, j, _mm256_or_si256(ldi(cand, j), _mm256_or_si256(ul, uh)));  // keep stays provisional
            const unsigned ml = lanes(ul), mh = lanes(uh);
            if (ml | mh) {  // few lanes: windows are narrow
              alignas(32) uint32_t kk[8];
              _mm256_store_si256(reinterpret_cast<__m256i*>(kk), k);
              for (unsigned b = ml; b; b &= b - 1) record_window(stats, 2 * t, bidx + j + __builtin_ctz(b), kk[__builtin_ctz(b)]);
              for (unsigned b = mh; b; b &= b - 1) record_window(stats, 2 * t + 1, bidx + j + __builtin_ctz(b), kk[__builtin_ctz(b)]);
            }
          }
        } else if constexpr (MASK == BC_MASK_DARE) {
          const uint64_t* h = hh + j;
          auto draw = [&](const uint64_t* hp) {
            const __m256i u = splitmix64(_mm256_xor_si256(hash, _mm256_load_si256(reinterpret_cast<const __m256i*>(hp))));
            return _mm256_cmpgt_epi64(lim, _mm256_srli_epi64(u, 11));  // both < 2^63: signed compare is exact
          };
          keep = v_and(pack_mask64(draw(h), draw(h + 4)));
        }
        if constexpr (MASK != BC_MASK_ALL && COUNT) c_lo = _mm256_sub_epi32(c_lo, _mm256_slli_epi32(keep, 20));
        __m256 md = d;
        if constexpr (MASK == BC_MASK_DARE) {
          if (rescale) md = _mm256_div_ps(d, rho);
        }
        if constexpr (MASK != BC_MASK_ALL) md = _mm256_and_ps(md, _mm256_castsi256_ps(keep));  // dropped: +0
        if constexpr (COMB == BC_COMBINE_SUM) {
          st(a0, j, _mm256_add_ps(ld(a0, j), _mm256_mul_ps(w, md)));
        } else if constexpr (COMB == BC_COMBINE_CONSENSUS_SUM) {
          st(a0, j, _mm256_add_ps(ld(a0, j), _mm256_mul_ps(w, d)));
          st(dsave, j, d);
        } else {  // TIES and CONSENSUS_TIES: S, and per sign the elected sum and (normalize) weight sum
          const __m256 v = _mm256_mul_ps(w, md);
          const __m256 p = _mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_GT_OQ);
          const __m256 q = _mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_LT_OQ);
          st(a0, j, _mm256_add_ps(ld(a0, j), v));
          __m256 x = ld(a1, j);
          st(a1, j, _mm256_blendv_ps(x, _mm256_add_ps(x, v), p));
          x = ld(a2, j);
          st(a2, j, _mm256_blendv_ps(x, _mm256_add_ps(x, v), q));
          if (norm) {
            x = ld(a3, j);
            st(a3, j, _mm256_blendv_ps(x, _mm256_add_ps(x, w), p));
            x = ld(a4, j);
            st(a4, j, _mm256_blendv_ps(x, _mm256_add_ps(x, w), q));
          }
          if constexpr (COMB == BC_COMBINE_CONSENSUS_TIES) st(dsave, j, d);
        }
      }
    };

    for_each_vector<DT>(nb, next, step);

    if (!COUNT) return bad;
    if (COMB == BC_COMBINE_LINEAR || MASK == BC_MASK_ALL) {
      if (stats.kept) stats.kept[t] += nb;
    } else if (stats.kept) {
      stats.kept[t] += field_sum(c_lo, 20);
    }
    if (MASK == BC_MASK_RANK) {
      if (stats.count_above) {
        stats.count_above[2 * t] += field_sum(c_lo, 0);
        stats.count_above[2 * t + 1] += field_sum(c_hi, 0);
      }
      if (stats.count_point) {  // key == key_hi: (key >= key_hi) - (key > key_hi)
        if (lo.point) stats.count_point[2 * t] += field_sum(c_lo, 10) - field_sum(c_lo, 0);
        if (hi.point) stats.count_point[2 * t + 1] += field_sum(c_hi, 10) - field_sum(c_hi, 0);
      }
    }
    return bad;
  }

  // acc of the TIES combination for 8 lanes (elected sum, optionally / D), counting conflicts.
  __m256 ties_acc(int j, unsigned valid) {
    const __m256 up = _mm256_cmp_ps(ld(blk.a[0], j), _mm256_setzero_ps(), _CMP_GE_OQ);  // NaN S elects -1
    __m256 acc = _mm256_blendv_ps(ld(blk.a[2], j), ld(blk.a[1], j), up);
    // A sum of positive values stays > 0 and of negative values < 0, so the opposite sum says if any exists.
    const __m256 other = _mm256_blendv_ps(_mm256_cmp_ps(ld(blk.a[1], j), _mm256_setzero_ps(), _CMP_GT_OQ),
                                          _mm256_cmp_ps(ld(blk.a[2], j), _mm256_setzero_ps(), _CMP_LT_OQ), up);
    cnt.conflicts += popcount(lanes(other) & valid);
    if (ds.normalize) {
      const __m256 dsum = _mm256_blendv_ps(ld(blk.a[4], j), ld(blk.a[3], j), up);
      acc = _mm256_blendv_ps(acc, _mm256_div_ps(acc, dsum), _mm256_cmp_ps(dsum, _mm256_setzero_ps(), _CMP_NEQ_UQ));
    }
    return acc;
  }

  // TALL masks: keep T where at least k models have |d_t| > tall_t * |T - d_t|.
  __m256 consensus_acc(__m256 total, int j, unsigned valid) {
    const __m256 abs = _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF));
    __m256i c = _mm256_setzero_si256();
    for (int t = 0; t < ds.n_models; t++) {
      const __m256 d = ld(blk.d + size_t(t) * kB, j);
      const __m256 r = _mm256_mul_ps(_mm256_set1_ps(ds.models[t].tall_lambda), _mm256_and_ps(abs, _mm256_sub_ps(total, d)));
      c = _mm256_sub_epi32(c, _mm256_castps_si256(_mm256_cmp_ps(_mm256_and_ps(abs, d), r, _CMP_GT_OQ)));
    }
    int64_t k1 = int64_t(ds.consensus_k) - 1;  // c >= k <=> c > k - 1
    if (k1 < -1) k1 = -1;
    if (k1 > ds.n_models) k1 = ds.n_models;
    const __m256i keep = _mm256_cmpgt_epi32(c, _mm256_set1_epi32(int32_t(k1)));
    cnt.consensus += popcount(lanes(keep) & valid);
    return _mm256_and_ps(total, _mm256_castsi256_ps(keep));
  }

  template <int COMB, int OUT>
  void finalize(int64_t off, int nb) {
    const __m256 lambda = _mm256_set1_ps(ds.lambda), wsum = _mm256_set1_ps(ds.weight_sum);
    const bool div_w = ds.normalize && ds.weight_sum != 0.0f;
    for (int j = 0; j < nb; j += 8) {
      const int n8 = nb - j < 8 ? nb - j : 8;
      const unsigned valid = n8 == 8 ? 0xFFu : (1u << n8) - 1u;
      __m256 acc;
      if constexpr (COMB == BC_COMBINE_SUM || COMB == BC_COMBINE_LINEAR) {
        acc = ld(blk.a[0], j);
        if (div_w) acc = _mm256_div_ps(acc, wsum);
      } else if constexpr (COMB == BC_COMBINE_TIES) {
        acc = ties_acc(j, valid);
      } else if constexpr (COMB == BC_COMBINE_CONSENSUS_SUM) {
        acc = consensus_acc(ld(blk.a[0], j), j, valid);
      } else {
        acc = consensus_acc(ties_acc(j, valid), j, valid);
      }
      if constexpr (COMB != BC_COMBINE_LINEAR) acc = _mm256_add_ps(ld(blk.base, j), _mm256_mul_ps(lambda, acc));
      store_n<OUT>(ch.out, off + j, acc, n8);
    }
  }

  // Smallest bad index of the block, base first at equal index (the block holds the chunk's first one).
  // False when the alarm came from a d that overflowed finite inputs.
  bool locate_bad(int64_t off, int nb, bool with_base) {
    for (int64_t i = off; i < off + nb; i++) {
      if (with_base && !is_finite(load_f32(DT, ch.base, i))) return report_nonfinite(&stats, -1, ch.index0 + i), true;
      for (int t = 0; t < ds.n_models; t++)
        if (!is_finite(load_f32(DT, ch.ft[t], i))) return report_nonfinite(&stats, t, ch.index0 + i), true;
    }
    return false;
  }

  template <int COMB, int OUT>
  bc_status run(bool any_dare, bool any_window) {
    const int nacc = (COMB == BC_COMBINE_TIES || COMB == BC_COMBINE_CONSENSUS_TIES) ? 5 : 1;
    for (int64_t off = 0; off < ch.n; off += kB) {
      const int nb = ch.n - off < kB ? int(ch.n - off) : kB;
      const int nv = (nb + 7) & ~7;
      __m256i bad = _mm256_setzero_si256();
      if constexpr (COMB != BC_COMBINE_LINEAR) {
        const char* next = static_cast<const char*>(ch.base) + (off + kB) * kSize<DT>;
        for_each_vector<DT>(nb, next, [&](int j, auto tail, __m256i) {
          const __m256 b = load_n<DT>(ch.base, off + j, decltype(tail)::value ? nb - j : 8);  // tail zero-padded
          bad = _mm256_max_epu32(bad, key8(b));
          st(blk.base, j, b);
        });
      }
      for (int a = 0; a < nacc; a++)
        for (int j = 0; j < nv; j += 8) st(blk.a[a], j, _mm256_setzero_ps());
      for (int j = 0; j < nv && any_window; j += 8) sti(blk.cand, j, _mm256_setzero_si256());
      if (any_dare) {
        const __m256i step = _mm256_setr_epi64x(0, 1, 2, 3);
        for (int j = 0; j < nv; j += 4) {
          const __m256i idx = _mm256_add_epi64(_mm256_set1_epi64x(ch.index0 + off + j), step);
          _mm256_store_si256(reinterpret_cast<__m256i*>(blk.h + j), splitmix64(idx));
        }
      }
      for (int t = 0; t < ds.n_models; t++)
        bad = _mm256_max_epu32(bad, run_model_pass<COMB>(*this, ds, stats, t, off, nb, ch.index0 + off));
      if (lanes(_mm256_cmpgt_epi32(bad, _mm256_set1_epi32(0x7F7FFFFF))) && locate_bad(off, nb, COMB != BC_COMBINE_LINEAR))
        return BC_ERR_NONFINITE;
      finalize<COMB, OUT>(off, nb);
      if (any_window) {
        if (stats.cand_index && stats.candidates < stats.cand_capacity) {
          for (int j = 0; j < nb; j += 8) {
            unsigned m = lanes(ldi(blk.cand, j));
            for (; m; m &= m - 1) record_candidate(stats, ch.index0 + off + j + __builtin_ctz(m));
          }
        } else {  // nothing to store: count by popcount, not one call per candidate
          int64_t c = 0;
          for (int j = 0; j < nb; j += 8) c += popcount(lanes(ldi(blk.cand, j)));
          stats.candidates += c;
        }
      }
    }
    stats.conflicts += cnt.conflicts;
    stats.consensus += cnt.consensus;
    return BC_OK;
  }
};

template <int DT>
bc_status merge_dt(const bc_merge_desc* ds, const bc_chunk* ch, void* ws, bc_chunk_stats* st) {
  Kernel<DT> k{*ds, *ch, *st, carve_chunk_workspace(ws), {}};
  const ChunkModes modes(*ds);
  const bool any_dare = modes.any_dare, any_window = modes.any_window;
  bc_status r = BC_OK;
  with_dtype(ds->out_dtype, [&](auto o) {
    constexpr int OUT = decltype(o)::value;
    switch (ds->combine) {
      case BC_COMBINE_SUM: r = k.template run<BC_COMBINE_SUM, OUT>(any_dare, any_window); break;
      case BC_COMBINE_TIES: r = k.template run<BC_COMBINE_TIES, OUT>(any_dare, any_window); break;
      case BC_COMBINE_CONSENSUS_SUM: r = k.template run<BC_COMBINE_CONSENSUS_SUM, OUT>(any_dare, any_window); break;
      case BC_COMBINE_CONSENSUS_TIES: r = k.template run<BC_COMBINE_CONSENSUS_TIES, OUT>(any_dare, any_window); break;
      default: r = k.template run<BC_COMBINE_LINEAR, OUT>(any_dare, any_window); break;
    }
  });
  return r;
}

}  // namespace

bc_status merge_chunk(const bc_merge_desc* ds, const bc_chunk* ch, void* ws, bc_chunk_stats* st) {
  bc_status r = BC_OK;
  with_dtype(ds->in_dtype, [&](auto d) { r = merge_dt<decltype(d)::value>(ds, ch, ws, st); });
  return r;
}

}  // namespace avx2
}  // namespace bc

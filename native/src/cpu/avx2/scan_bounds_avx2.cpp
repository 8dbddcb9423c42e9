// scan_bounds_avx2.cpp — bc_scan_bounds in AVX2: per block, base -> f32 once, then one pass per ranked model
// that counts keys above / at each bound in lane counters and appends window elements by left-packing.
// Bit-identical statistics to scan_bounds_ref.cpp (integer counts and the same records in the same order).
#include "cpu/avx2/avx2_util.h"
#include "cpu/kernels.h"
#include "ref/scalar.h"

namespace bc {
namespace avx2 {
namespace {

constexpr int kB = int(kBlock);

// pack[m]: byte j = lane of the j-th set bit of m, so a permute moves the selected lanes to the front.
struct PackTable {
  uint64_t v[256];
  constexpr PackTable() : v() {
    for (int m = 0; m < 256; m++) {
      uint64_t x = 0;
      int j = 0;
      for (int l = 0; l < 8; l++)
        if (m & (1 << l)) x |= uint64_t(l) << (8 * j++);
      v[m] = x;
    }
  }
};
constexpr PackTable kPack;

// One bound as int32 lane compares (keys < 2^31), as scan_bounds_ref.cpp's Slot: eq holds a point's key or a
// window's tie key (-1: none).
struct SlotV {
  __m256i gt, eq, lo_m1;
  bool tied;
  SlotV(const bc_bound& b, uint32_t tie) {
    const bool win = b.key_lo < b.key_hi;
    tied = win && b.key_lo <= tie && tie <= b.key_hi && tie <= 0x7FFFFFFFu;
    gt = _mm256_set1_epi32(int32_t(b.key_hi > 0x7FFFFFFFu ? 0x7FFFFFFFu : b.key_hi));
    eq = _mm256_set1_epi32(b.key_lo == b.key_hi && b.key_hi <= 0x7FFFFFFFu ? int32_t(b.key_hi) : tied ? int32_t(tie) : -1);
    lo_m1 = _mm256_set1_epi32(win && b.key_lo <= 0x7FFFFFFFu ? int32_t(b.key_lo) - 1 : 0x7FFFFFFF);
  }
};

// One window slot's recording, in locals for the block (stores through the buffers cannot then force
// reloads of the stats fields). append() with room for 8 stores all 8 lanes packed and advances by
// popcount(sel): no branch on sel, and 0 appends nothing.
struct SlotRec {
  bc_chunk_stats& st;
  const int s;
  int64_t c;
  uint32_t* const key;
  int64_t* const idx;
  const int64_t cap;
  SlotRec(bc_chunk_stats& stats, int slot)
      : st(stats), s(slot), c(stats.win_count[slot]),
        key(stats.win_key ? stats.win_key + slot * stats.win_capacity : nullptr),
        idx(stats.win_index ? stats.win_index + slot * stats.win_capacity : nullptr), cap(stats.win_capacity) {}
  ~SlotRec() { st.win_count[s] = c; }
  void append(unsigned sel, __m256i k, int64_t idx0) {
    if (key && idx && c + 8 <= cap) {
      const __m256i perm = _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(&kPack.v[sel])));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(key + c), _mm256_permutevar8x32_epi32(k, perm));
      const __m256i i0 = _mm256_set1_epi64x(idx0);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(idx + c),
                          _mm256_add_epi64(i0, _mm256_cvtepi32_epi64(_mm256_castsi256_si128(perm))));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(idx + c + 4),
                          _mm256_add_epi64(i0, _mm256_cvtepi32_epi64(_mm256_extracti128_si256(perm, 1))));
      c += popcount(sel);
      return;
    }
    alignas(32) uint32_t kk[8];  // near capacity (or a NULL buffer): one element at a time, all counted
    _mm256_store_si256(reinterpret_cast<__m256i*>(kk), k);
    for (unsigned b = sel; b; b &= b - 1, c++) {
      if (c < cap) {
        if (key) key[c] = kk[__builtin_ctz(b)];
        if (idx) idx[c] = idx0 + __builtin_ctz(b);
      }
    }
  }
};

inline bool is_window(const bc_bound& b) { return b.key_lo < b.key_hi; }

template <int DT>
struct Scan {
  const bc_merge_desc& ds;
  const bc_chunk& ch;
  const uint32_t* ties;
  bc_chunk_stats& st;
  alignas(32) float base[kB];

  // Model t over the block. WL / WH: bound lo / hi is a window (its lanes are marked for recording) rather
  // than a point (its equal keys are counted); each kind does only its own work. TIE: a window's tie key is
  // counted like a point's and left unmarked. Returns the lane maximum of the keys (>= 0x7F800000 means a
  // NaN/Inf to look for).
  template <bool WL, bool WH, bool TIE>
  __m256i model(int t, int64_t off, int nb, const SlotV& lo, const SlotV& hi) {
    const void* ft = ch.ft[t];
    alignas(32) uint8_t marks[kB / 8 + 32];  // per vector: lanes inside either window
    const char* next = static_cast<const char*>(ft) + (off + kB) * kSize<DT>;
    __m256i bad = _mm256_setzero_si256();
    __m256i alo = bad, ahi = bad, plo = bad, phi = bad;  // lane counters: at most kB/8 each
    auto step = [&](int j, auto tail, __m256i valid) {
      constexpr bool TAIL = decltype(tail)::value;  // full vectors skip every valid-lane mask
      auto v = [&](__m256i x) { return TAIL ? _mm256_and_si256(x, valid) : x; };
      const __m256 f = TAIL ? load_part<DT>(ft, off + j, nb - j) : load8<DT>(ft, off + j);
      const __m256i k = key8(_mm256_sub_ps(f, _mm256_load_ps(base + j)));
      bad = _mm256_max_epu32(bad, k);  // padded lanes: 0 - 0
      const __m256i gl = v(_mm256_cmpgt_epi32(k, lo.gt)), gh = v(_mm256_cmpgt_epi32(k, hi.gt));
      alo = _mm256_sub_epi32(alo, gl);
      ahi = _mm256_sub_epi32(ahi, gh);
      __m256i el = _mm256_setzero_si256(), eh = el;
      if constexpr (!WL || TIE) plo = _mm256_sub_epi32(plo, v(el = _mm256_cmpeq_epi32(k, lo.eq)));
      if constexpr (!WH || TIE) phi = _mm256_sub_epi32(phi, v(eh = _mm256_cmpeq_epi32(k, hi.eq)));
      if constexpr (WL || WH) {  // window lanes are marked here and recorded after the loop, away from its branches
        __m256i in = _mm256_setzero_si256();
        if constexpr (WL) in = _mm256_andnot_si256(_mm256_or_si256(gl, el), _mm256_cmpgt_epi32(k, lo.lo_m1));
        if constexpr (WH) in = _mm256_or_si256(in, _mm256_andnot_si256(_mm256_or_si256(gh, eh), _mm256_cmpgt_epi32(k, hi.lo_m1)));
        marks[j / 8] = uint8_t(lanes(v(in)));
      }
    };
    for_each_vector<DT>(nb, next, step);  // prefetching the next block keeps every stream warm
    if constexpr (WL || WH) {
      if (st.win_count) collect<WL, WH, TIE>(t, off, nb, marks, lo, hi);
    }
    if (st.count_above) {
      st.count_above[2 * t] += hsum32(alo);
      st.count_above[2 * t + 1] += hsum32(ahi);
    }
    if (st.count_point) {
      st.count_point[2 * t] += hsum32(plo);
      st.count_point[2 * t + 1] += hsum32(phi);
    }
    return bad;
  }

  // Records the marked lanes of model t's block. Windows are narrow, so most marks are 0: 32 are tested at a
  // time, and only marked vectors recompute their keys (from L1) and append, branch-free, to their slots.
  template <bool WL, bool WH, bool TIE>
  void collect(int t, int64_t off, int nb, uint8_t* marks, const SlotV& lo, const SlotV& hi) {
    const int nv = (nb + 7) / 8;
    for (int e = nv; e < ((nv + 31) & ~31); e++) marks[e] = 0;
    const void* ft = ch.ft[t];
    SlotRec rl(st, 2 * t), rh(st, 2 * t + 1);
    for (int g = 0; g < nv; g += 32) {
      const __m256i m32 = _mm256_load_si256(reinterpret_cast<const __m256i*>(marks + g));
      for (unsigned nz = ~unsigned(_mm256_movemask_epi8(_mm256_cmpeq_epi8(m32, _mm256_setzero_si256()))); nz;
           nz &= nz - 1) {
        const int j = 8 * (g + __builtin_ctz(nz));
        const __m256 f = nb - j >= 8 ? load8<DT>(ft, off + j) : load_part<DT>(ft, off + j, nb - j);
        const __m256i k = key8(_mm256_sub_ps(f, _mm256_load_ps(base + j)));
        const unsigned sel = marks[j / 8];  // the valid lanes (a tail's padding is never marked)
        auto inside = [&](const SlotV& b) {  // in the window and not its tie key
          __m256i out = _mm256_cmpgt_epi32(k, b.gt);
          if constexpr (TIE) out = _mm256_or_si256(out, _mm256_cmpeq_epi32(k, b.eq));
          return sel & lanes(_mm256_andnot_si256(out, _mm256_cmpgt_epi32(k, b.lo_m1)));
        };
        if constexpr (WL) rl.append(inside(lo), k, ch.index0 + off + j);
        if constexpr (WH) rh.append(inside(hi), k, ch.index0 + off + j);
      }
    }
  }

  __m256i dispatch(int t, int64_t off, int nb, bool wl, bool wh, bool tie, const SlotV& lo, const SlotV& hi) {
    if (wl && wh) return tie ? model<true, true, true>(t, off, nb, lo, hi) : model<true, true, false>(t, off, nb, lo, hi);
    if (wl) return tie ? model<true, false, true>(t, off, nb, lo, hi) : model<true, false, false>(t, off, nb, lo, hi);
    if (wh) return tie ? model<false, true, true>(t, off, nb, lo, hi) : model<false, true, false>(t, off, nb, lo, hi);
    return model<false, false, false>(t, off, nb, lo, hi);
  }

  // Non-ranked models are only checked (the same error as bc_merge_chunk's).
  __m256i check(int t, int64_t off, int nb) {
    __m256i bad = _mm256_setzero_si256();
    for (int j = 0; j < nb; j += 8) bad = _mm256_max_epu32(bad, key8(load_n<DT>(ch.ft[t], off + j, nb - j)));
    return bad;
  }

  bc_status run() {
    for (int64_t off = 0; off < ch.n; off += kB) {
      const int nb = ch.n - off < kB ? int(ch.n - off) : kB;
      __m256i bad = _mm256_setzero_si256();
      const char* next = static_cast<const char*>(ch.base) + (off + kB) * kSize<DT>;
      for_each_vector<DT>(nb, next, [&](int j, auto tail, __m256i) {
        const __m256 b = load_n<DT>(ch.base, off + j, decltype(tail)::value ? nb - j : 8);  // tail zero-padded
        bad = _mm256_max_epu32(bad, key8(b));
        _mm256_store_ps(base + j, b);
      });
      for (int t = 0; t < ds.n_models; t++) {
        const bc_model_spec& m = ds.models[t];
        if (m.mask != BC_MASK_RANK) {
          bad = _mm256_max_epu32(bad, check(t, off, nb));
          continue;
        }
        const SlotV lo(m.lo, ties ? ties[2 * t] : 0xFFFFFFFFu), hi(m.hi, ties ? ties[2 * t + 1] : 0xFFFFFFFFu);
        bad = _mm256_max_epu32(bad, dispatch(t, off, nb, is_window(m.lo), is_window(m.hi), lo.tied || hi.tied, lo, hi));
      }
      if (lanes(_mm256_cmpgt_epi32(bad, _mm256_set1_epi32(0x7F7FFFFF)))) {
        for (int64_t i = off; i < off + nb; i++) {  // smallest bad index, base first, then model order
          if (!is_finite(load_f32(DT, ch.base, i))) return report_nonfinite(&st, -1, ch.index0 + i), BC_ERR_NONFINITE;
          for (int t = 0; t < ds.n_models; t++)
            if (!is_finite(load_f32(DT, ch.ft[t], i))) return report_nonfinite(&st, t, ch.index0 + i), BC_ERR_NONFINITE;
        }
      }
    }
    return BC_OK;
  }
};

}  // namespace

bc_status scan_bounds(const bc_merge_desc* ds, const bc_chunk* ch, const uint32_t* ties, bc_chunk_stats* st) {
  bc_status r = BC_OK;
  with_dtype(ds->in_dtype, [&](auto d) { r = Scan<decltype(d)::value>{*ds, *ch, ties, *st, {}}.run(); });
  return r;
}

}  // namespace avx2
}  // namespace bc

// scan_bounds_ref.cpp — bc_scan_bounds at the scalar level: the rank-bound statistics of bc_merge_chunk
// (keys above each bound, point counts, window recording) and its non-finite check of every input, without
// merging. Counting runs in a loop the compiler vectorises and marks window elements; recording, which
// branches, visits only the marked ones.
#include <cstring>

#include "cpu/kernels.h"
#include "ref/scalar.h"

namespace bc {
namespace {

constexpr int kB = int(kBlock);

// One bound as int32 compares (keys are < 2^31): key > gt <=> key > key_hi; a window holds keys in
// (lo_m1, key_hi]. eq: a point's key_hi, or a window's tie key (counted, not recorded); -1 (never) otherwise.
struct Slot {
  int32_t gt, eq, lo_m1;
  bool win;
  Slot(const bc_bound& b, uint32_t tie) {
    gt = int32_t(b.key_hi > 0x7FFFFFFFu ? 0x7FFFFFFFu : b.key_hi);
    win = b.key_lo < b.key_hi;
    const bool tied = win && b.key_lo <= tie && tie <= b.key_hi && tie <= 0x7FFFFFFFu;
    eq = b.key_lo == b.key_hi && b.key_hi <= 0x7FFFFFFFu ? int32_t(b.key_hi) : tied ? int32_t(tie) : -1;
    lo_m1 = win && b.key_lo <= 0x7FFFFFFFu ? int32_t(b.key_lo) - 1 : 0x7FFFFFFF;
  }
  bool tied() const { return win && eq >= 0; }
};

template <int DT>
bool finite_block(const void* p, int64_t off, int nb) {
  uint32_t bad = 0;
  for (int i = 0; i < nb; i++) bad |= uint32_t(!is_finite(load_t<DT>(p, off + i)));
  return bad == 0;
}

// Counts of model t over the block. WL / WH: bound lo / hi is a window, whose elements are marked
// (marks[i] = -(inside lo's) - 2 * (inside hi's)), rather than a point, whose equal keys are counted. TIE: some
// window has a tie key, counted like a point's key and left unmarked. Returns true if some key is NaN/Inf
// (a non-finite input, or an overflow of d that the caller's search dismisses).
template <int DT, bool WL, bool WH, bool TIE>
bool count(int t, const Slot& lo, const Slot& hi, const void* ft, int64_t off, int nb, const float* base,
           int32_t* __restrict marks, bc_chunk_stats* st) {
  uint32_t bad = 0;
  int32_t alo = 0, ahi = 0, plo = 0, phi = 0;  // a block has at most kB elements
  for (int i = 0; i < nb; i++) {
    const int32_t k = int32_t(key_of(load_t<DT>(ft, off + i) - base[i]));
    bad |= uint32_t(k) + 0x00800000u;  // sign bit set <=> k >= 0x7F800000 (keys are < 2^31)
    const int32_t gl = k > lo.gt, gh = k > hi.gt, el = k == lo.eq, eh = k == hi.eq;
    alo += gl;
    ahi += gh;
    if constexpr (!WL || TIE) plo += el;
    if constexpr (!WH || TIE) phi += eh;
    if constexpr (WL || WH) {
      // -1 inside a window (above lo_m1, not above key_hi; a window's tie key lies inside it), else 0.
      // int32 arithmetic on compare results keeps every lane a plain mask: no packing, no 0/1 conversion.
      int32_t il = 0, ih = 0;
      if constexpr (WL) il = gl - int32_t(k > lo.lo_m1) + (TIE ? el : 0);
      if constexpr (WH) ih = gh - int32_t(k > hi.lo_m1) + (TIE ? eh : 0);
      marks[i] = il + 2 * ih;  // 0; -1 lo; -2 hi; -3 both
    }
  }
  if (st->count_above) {
    st->count_above[2 * t] += alo;
    st->count_above[2 * t + 1] += ahi;
  }
  if (st->count_point) {
    st->count_point[2 * t] += plo;
    st->count_point[2 * t + 1] += phi;
  }
  return (bad >> 31) != 0;
}

template <int DT, bool WL, bool WH>
bool count_tied(bool tie, int t, const Slot& lo, const Slot& hi, const void* ft, int64_t off, int nb,
                const float* base, int32_t* marks, bc_chunk_stats* st) {
  return tie ? count<DT, WL, WH, true>(t, lo, hi, ft, off, nb, base, marks, st)
             : count<DT, WL, WH, false>(t, lo, hi, ft, off, nb, base, marks, st);
}

template <int DT>
bc_status scan_t(const bc_merge_desc* ds, const bc_chunk* ch, const uint32_t* ties, bc_chunk_stats* st) {
  alignas(64) float base[kB];
  alignas(64) int32_t marks[kB + 4];
  alignas(64) int32_t staged[2][kB + 4];  // per slot: block offsets of marked elements
  for (int64_t off = 0; off < ch->n; off += kB) {
    const int nb = ch->n - off < kB ? int(ch->n - off) : kB;
    const int64_t bidx = ch->index0 + off;
    uint32_t bad = 0;
    prefetch_next_block(ch->base, off, dtype_size(DT));
    for (int i = 0; i < nb; i++) {
      base[i] = load_t<DT>(ch->base, off + i);
      bad |= uint32_t(!is_finite(base[i]));
    }
    std::memset(marks + nb, 0, 4 * sizeof(int32_t));
    for (int t = 0; t < ds->n_models; t++) {
      const bc_model_spec& m = ds->models[t];
      const void* ft = ch->ft[t];
      prefetch_next_block(ft, off, dtype_size(DT));
      if (m.mask != BC_MASK_RANK) {  // checked all the same: the error names the input bc_merge_chunk would
        bad |= uint32_t(!finite_block<DT>(ft, off, nb));
        continue;
      }
      const Slot lo(m.lo, ties ? ties[2 * t] : 0xFFFFFFFFu), hi(m.hi, ties ? ties[2 * t + 1] : 0xFFFFFFFFu);
      if (!(lo.win || hi.win)) {
        bad |= count<DT, false, false, false>(t, lo, hi, ft, off, nb, base, marks, st);
        continue;
      }
      const bool tie = lo.tied() || hi.tied();
      bad |= lo.win && hi.win ? count_tied<DT, true, true>(tie, t, lo, hi, ft, off, nb, base, marks, st)
             : lo.win         ? count_tied<DT, true, false>(tie, t, lo, hi, ft, off, nb, base, marks, st)
                              : count_tied<DT, false, true>(tie, t, lo, hi, ft, off, nb, base, marks, st);
      if (!st->win_count) continue;
      // Windows are narrow: skip 4 unmarked elements at a time, and stage the marked ones without a branch
      // per element (their outcomes are random, so branches would mispredict), then record the staged lists.
      int32_t n0 = 0, n1 = 0;
      for (int i = 0; i < nb; i += 4) {
        uint64_t w[2];
        std::memcpy(w, marks + i, 16);
        if (!(w[0] | w[1])) continue;
        for (int b = i; b < i + 4; b++) {
          const int32_t f = marks[b];
          staged[0][n0] = b;
          staged[1][n1] = b;
          n0 += f & 1;
          n1 += f < -1;
        }
      }
      const int32_t ns[2] = {n0, n1};
      for (int s = 0; s < 2; s++)
        for (int j = 0; j < ns[s]; j++) {
          const int i = staged[s][j];
          record_window(*st, 2 * t + s, bidx + i, key_of(load_t<DT>(ft, off + i) - base[i]));
        }
    }
    if (bad) {  // the smallest bad index; at equal index base first, then model order (bc_merge_chunk's rule)
      for (int i = 0; i < nb; i++) {
        if (!is_finite(base[i])) return report_nonfinite(st, -1, bidx + i), BC_ERR_NONFINITE;
        for (int t = 0; t < ds->n_models; t++)
          if (!is_finite(load_t<DT>(ch->ft[t], off + i))) return report_nonfinite(st, t, bidx + i), BC_ERR_NONFINITE;
      }
    }
  }
  return BC_OK;
}

}  // namespace

bc_status scan_bounds_ref(const bc_merge_desc* desc, const bc_chunk* chunk, const uint32_t* tie_keys,
                          bc_chunk_stats* st) {
  switch (desc->in_dtype) {
    case BC_F32: return scan_t<BC_F32>(desc, chunk, tie_keys, st);
    case BC_F16: return scan_t<BC_F16>(desc, chunk, tie_keys, st);
    case BC_BF16: return scan_t<BC_BF16>(desc, chunk, tie_keys, st);
    default: return scan_t<BC_F64>(desc, chunk, tie_keys, st);
  }
}

}  // namespace bc

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

// One bound as int32 compares (keys are < 2^31): key > gt <=> key > key_hi; key == eq only for a point;
// a window holds keys in (lo_m1, key_hi].
struct Slot {
  int32_t gt, eq, lo_m1;
  bool win;
  explicit Slot(const bc_bound& b) {
    gt = int32_t(b.key_hi > 0x7FFFFFFFu ? 0x7FFFFFFFu : b.key_hi);
    eq = b.key_lo == b.key_hi && b.key_hi <= 0x7FFFFFFFu ? int32_t(b.key_hi) : -1;
    win = b.key_lo < b.key_hi;
    lo_m1 = win && b.key_lo <= 0x7FFFFFFFu ? int32_t(b.key_lo) - 1 : 0x7FFFFFFF;
  }
  bool inside(int32_t k) const { return (k > lo_m1) & !(k > gt); }
};

template <int DT>
bool finite_block(const void* p, int64_t off, int nb) {
  uint32_t bad = 0;
  for (int i = 0; i < nb; i++) bad |= uint32_t(!is_finite(load_t<DT>(p, off + i)));
  return bad == 0;
}

// Counts of model t over the block. WL / WH: bound lo / hi is a window, whose elements are marked
// (marks[i] = inside lo's | inside hi's << 1), rather than a point, whose equal keys are counted. Returns true
// if some key is NaN/Inf (a non-finite input, or an overflow of d that the caller's search dismisses).
template <int DT, bool WL, bool WH>
bool count(int t, const Slot& lo, const Slot& hi, const void* ft, int64_t off, int nb, const float* base,
           int32_t* __restrict marks, bc_chunk_stats* st) {
  uint32_t bad = 0;
  int32_t alo = 0, ahi = 0, plo = 0, phi = 0;  // a block has at most kB elements
  for (int i = 0; i < nb; i++) {
    const int32_t k = int32_t(key_of(load_t<DT>(ft, off + i) - base[i]));
    bad |= uint32_t(k >= 0x7F800000);
    alo += k > lo.gt;
    ahi += k > hi.gt;
    if constexpr (!WL) plo += k == lo.eq;
    if constexpr (!WH) phi += k == hi.eq;
    if constexpr (WL || WH) marks[i] = int32_t(lo.inside(k)) | int32_t(hi.inside(k)) << 1;  // int32: no lane packing
  }
  if (st->count_above) {
    st->count_above[2 * t] += alo;
    st->count_above[2 * t + 1] += ahi;
  }
  if (st->count_point) {
    st->count_point[2 * t] += plo;
    st->count_point[2 * t + 1] += phi;
  }
  return bad != 0;
}

template <int DT>
bc_status scan_t(const bc_merge_desc* ds, const bc_chunk* ch, bc_chunk_stats* st) {
  alignas(64) float base[kB];
  alignas(64) int32_t marks[kB + 4];
  for (int64_t off = 0; off < ch->n; off += kB) {
    const int nb = ch->n - off < kB ? int(ch->n - off) : kB;
    const int64_t bidx = ch->index0 + off;
    uint32_t bad = 0;
    for (int i = 0; i < nb; i++) {
      base[i] = load_t<DT>(ch->base, off + i);
      bad |= uint32_t(!is_finite(base[i]));
    }
    std::memset(marks + nb, 0, 4 * sizeof(int32_t));
    for (int t = 0; t < ds->n_models; t++) {
      const bc_model_spec& m = ds->models[t];
      const void* ft = ch->ft[t];
      if (m.mask != BC_MASK_RANK) {  // checked all the same: the error names the input bc_merge_chunk would
        bad |= uint32_t(!finite_block<DT>(ft, off, nb));
        continue;
      }
      const Slot lo(m.lo), hi(m.hi);
      if (!(lo.win || hi.win)) {
        bad |= count<DT, false, false>(t, lo, hi, ft, off, nb, base, marks, st);
        continue;
      }
      bad |= lo.win && hi.win ? count<DT, true, true>(t, lo, hi, ft, off, nb, base, marks, st)
             : lo.win         ? count<DT, true, false>(t, lo, hi, ft, off, nb, base, marks, st)
                              : count<DT, false, true>(t, lo, hi, ft, off, nb, base, marks, st);
      if (!st->win_count) continue;
      for (int i = 0; i < nb; i += 4) {  // windows are narrow: skip 4 unmarked elements at a time
        uint64_t w[2];
        std::memcpy(w, marks + i, 16);
        if (!(w[0] | w[1])) continue;
        for (int b = 0; b < 4; b++) {
          const int32_t f = marks[i + b];
          if (!f) continue;
          const uint32_t k = key_of(load_t<DT>(ft, off + i + b) - base[i + b]);
          if (f & 1) record_window(*st, 2 * t, bidx + i + b, k);
          if (f & 2) record_window(*st, 2 * t + 1, bidx + i + b, k);
        }
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

bc_status scan_bounds_ref(const bc_merge_desc* desc, const bc_chunk* chunk, bc_chunk_stats* st) {
  switch (desc->in_dtype) {
    case BC_F32: return scan_t<BC_F32>(desc, chunk, st);
    case BC_F16: return scan_t<BC_F16>(desc, chunk, st);
    case BC_BF16: return scan_t<BC_BF16>(desc, chunk, st);
    default: return scan_t<BC_F64>(desc, chunk, st);
  }
}

}  // namespace bc

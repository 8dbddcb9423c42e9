// chunk_kernel.h — what the scalar and AVX2 bc_merge_chunk kernels share: the workspace layout, the per-call
// mode flags and the choice of per-model pass, so the two levels differ only in how a pass computes.
#pragma once
#include <cstdint>

#include "cpu/kernels.h"
#include "ref/scalar.h"

namespace bc {

// Block scratch carved from the workspace (merge_chunk_ws_bytes: (9 + N) blocks of floats).
struct ChunkScratch {
  float* base;    // f32(base)
  float* a[5];    // SUM/LINEAR: a0 = acc; TIES: a0 = S, a1/a2 elected sums (+/-), a3/a4 weight sums (+/-)
  int32_t* cand;  // undecided for some model
  uint64_t* h;    // DARE: splitmix64(flat index), shared by all DARE models (two blocks)
  float* d;       // consensus: d_t of every model, N blocks
};

inline ChunkScratch carve_chunk_workspace(void* ws) {
  float* p = static_cast<float*>(ws);
  ChunkScratch s{};
  s.base = p;
  for (int a = 0; a < 5; a++) s.a[a] = p + (1 + a) * kBlock;
  s.cand = reinterpret_cast<int32_t*>(p + 6 * kBlock);
  s.h = reinterpret_cast<uint64_t*>(p + 7 * kBlock);
  s.d = p + 9 * kBlock;
  return s;
}

// Per call: whether any model draws DARE hashes or has a window bound (LINEAR evaluates no masks).
struct ChunkModes {
  bool any_dare = false, any_window = false;
  explicit ChunkModes(const bc_merge_desc& ds) {
    if (ds.combine == BC_COMBINE_LINEAR) return;
    for (int t = 0; t < ds.n_models; t++) {
      any_dare |= ds.models[t].mask == BC_MASK_DARE;
      any_window |= has_window(ds.models[t]);
    }
  }
};

// Whether a point bound's index cut falls strictly inside the block [i0, i0 + nb): only there does "before"
// depend on an element's offset (at key == key_hi); elsewhere the whole block lies on one side of the cut.
inline bool cut_inside(const bc_bound& b, int64_t i0, int nb) {
  return b.key_lo == b.key_hi && b.key_hi <= 0x7FFFFFFFu && b.cut > i0 && b.cut < i0 + nb;
}

// Runs K's pass of model t instantiated for its mask: model_pass<MASK, COMB, WIN, COUNT, CUT>. COUNT is false
// when the caller passed no count arrays (a merge with known exact bounds), which selects the lean point-bound
// path; there CUT is false for the blocks no cut falls inside (most), whose loop then needs no offset compare.
// i0: the block's first flat index.
template <int COMB, typename K>
auto run_model_pass(K& k, const bc_merge_desc& ds, const bc_chunk_stats& st, int t, int64_t off, int nb,
                    int64_t i0) {
  if constexpr (COMB == BC_COMBINE_LINEAR) {
    return k.template model_pass<BC_MASK_ALL, COMB, false>(t, off, nb);
  } else {
    const bc_model_spec& m = ds.models[t];
    switch (m.mask) {
      case BC_MASK_RANK:
        if (has_window(m)) return k.template model_pass<BC_MASK_RANK, COMB, true>(t, off, nb);
        if (!st.kept && !st.count_above && !st.count_point) {
          if (cut_inside(m.lo, i0, nb) || cut_inside(m.hi, i0, nb))
            return k.template model_pass<BC_MASK_RANK, COMB, false, false, true>(t, off, nb);
          return k.template model_pass<BC_MASK_RANK, COMB, false, false, false>(t, off, nb);
        }
        return k.template model_pass<BC_MASK_RANK, COMB, false>(t, off, nb);
      case BC_MASK_DARE: return k.template model_pass<BC_MASK_DARE, COMB, false>(t, off, nb);
      default: return k.template model_pass<BC_MASK_ALL, COMB, false>(t, off, nb);
    }
  }
}

}  // namespace bc

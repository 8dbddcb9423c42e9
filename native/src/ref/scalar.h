// scalar.h — inline scalar building blocks of SPEC.md (dtype conversion, key, bounds, DARE draw), shared by
// the reference kernels and the scalar tails of the AVX2 kernels so both round identically by construction.
#pragma once
#include <cstdint>
#include <cstring>

#include "bc.h"
#include "common/bc_hash.h"

namespace bc {

inline uint32_t f32_bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
inline float bits_f32(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

// All ones when c, else 0: selects written as masks stay branch-free, so loops over them vectorise.
inline uint32_t mask_if(bool c) { return 0u - uint32_t(c); }

// Exact F16 -> F32. A NaN keeps its payload and gets the quiet bit, as vcvtph2ps does. Branch-free (selects
// on masks) so loops over it vectorise: a subnormal m * 2^-24 is float(m) * 2^-24, exact in binary32.
inline float f16_to_f32(uint16_t h) {
  const uint32_t sign = uint32_t(h & 0x8000u) << 16;
  const uint32_t em = h & 0x7FFFu;
  const uint32_t normal = (em << 13) + 0x38000000u;                                    // rebias 15 -> 127
  const uint32_t special = (em << 13) | 0x7F800000u | (mask_if(em > 0x7C00u) & 0x00400000u);  // Inf, qNaN
  const uint32_t sub = f32_bits(float(int32_t(em)) * 5.9604644775390625e-08f);            // em < 0x400
  const uint32_t is_special = mask_if(em >= 0x7C00u), is_normal = mask_if(em >= 0x400u);
  return bits_f32(sign | (special & is_special) | (normal & is_normal & ~is_special) | (sub & ~is_normal));
}

// F32 -> F16, round to nearest even; NaN -> quiet NaN with the top payload bits (as vcvtps2ph). Branch-free:
// normals round on the bits; below 2^-14 adding 0.5f rounds (RNE) to a multiple of 2^-24, whose count is
// the subnormal half (F. Giesen's float_to_half_fast3_rtne).
inline uint16_t f32_to_f16(float f) {
  const uint32_t x = f32_bits(f);
  const uint32_t sign = (x >> 16) & 0x8000u;
  const uint32_t ax = x & 0x7FFFFFFFu;
  const uint32_t nan = 0x7E00u | ((ax >> 13) & 0x3FFu);
  const uint32_t r = ax - 0x38000000u;  // rebias 127 -> 15 (meaningful for normals only)
  const uint32_t normal = (r + 0xFFFu + ((r >> 13) & 1u)) >> 13;  // a carry out of 65504 gives Inf
  const uint32_t sub = f32_bits(bits_f32(ax) + 0.5f) - 0x3F000000u;
  const uint32_t is_nan = mask_if(ax > 0x7F800000u), is_inf = mask_if(ax >= 0x47800000u) & ~is_nan;
  const uint32_t is_normal = mask_if(ax >= 0x38800000u) & ~is_nan & ~is_inf;
  const uint32_t is_sub = ~(is_nan | is_inf | is_normal);
  return uint16_t(sign | (nan & is_nan) | (0x7C00u & is_inf) | (normal & is_normal) | (sub & is_sub));
}

inline float bf16_to_f32(uint16_t h) { return bits_f32(uint32_t(h) << 16); }

// F32 -> BF16, round to nearest even; NaN -> quiet NaN (sign and top payload kept).
inline uint16_t f32_to_bf16(float f) {
  const uint32_t x = f32_bits(f);
  const uint32_t rounded = (x + 0x7FFFu + ((x >> 16) & 1u)) >> 16;
  const uint32_t quiet = (x >> 16) | 0x0040u;
  const uint32_t nan = mask_if((x & 0x7FFFFFFFu) > 0x7F800000u);
  return uint16_t((quiet & nan) | (rounded & ~nan));
}

inline size_t dtype_size(int dt) { return dt == BC_F32 ? 4 : dt == BC_F64 ? 8 : 2; }

// Element i of a dtype array as binary32 (F64 via the RNE cast).
inline float load_f32(int dt, const void* p, int64_t i) {
  switch (dt) {
    case BC_F32: return static_cast<const float*>(p)[i];
    case BC_F16: return f16_to_f32(static_cast<const uint16_t*>(p)[i]);
    case BC_BF16: return bf16_to_f32(static_cast<const uint16_t*>(p)[i]);
    default: return float(static_cast<const double*>(p)[i]);
  }
}

inline void store_f32(int dt, void* p, int64_t i, float v) {
  switch (dt) {
    case BC_F32: static_cast<float*>(p)[i] = v; break;
    case BC_F16: static_cast<uint16_t*>(p)[i] = f32_to_f16(v); break;
    case BC_BF16: static_cast<uint16_t*>(p)[i] = f32_to_bf16(v); break;
    default: static_cast<double*>(p)[i] = double(v); break;
  }
}

// Compile-time dtype versions for the kernels' inner loops.
template <int DT>
inline float load_t(const void* p, int64_t i) {
  if constexpr (DT == BC_F32) return static_cast<const float*>(p)[i];
  else if constexpr (DT == BC_F16) return f16_to_f32(static_cast<const uint16_t*>(p)[i]);
  else if constexpr (DT == BC_BF16) return bf16_to_f32(static_cast<const uint16_t*>(p)[i]);
  else return float(static_cast<const double*>(p)[i]);
}
template <int DT>
inline void store_t(void* p, int64_t i, float v) {
  if constexpr (DT == BC_F32) static_cast<float*>(p)[i] = v;
  else if constexpr (DT == BC_F16) static_cast<uint16_t*>(p)[i] = f32_to_f16(v);
  else if constexpr (DT == BC_BF16) static_cast<uint16_t*>(p)[i] = f32_to_bf16(v);
  else static_cast<double*>(p)[i] = double(v);
}

inline bool is_finite(float f) { return (f32_bits(f) & 0x7F800000u) != 0x7F800000u; }

// key = bits of |d|: larger key, larger magnitude; -0 and +0 share key 0.
inline uint32_t key_of(float d) { return f32_bits(d) & 0x7FFFFFFFu; }
inline uint32_t key_at(int dt, const void* base, const void* ft, int64_t i) {
  return key_of(load_f32(dt, ft, i) - load_f32(dt, base, i));
}

// bc_bound semantics (bc.h): rank < r, and "cannot tell yet". Bitwise & and | rather than && and ||: the
// outcomes are data dependent, and branch-free code does not mispredict on them.
inline bool before(const bc_bound& b, uint32_t key, int64_t idx) {
  if (b.key_lo < b.key_hi) return key > uint32_t(b.cut);  // window: the provisional guess decides
  return (key > b.key_hi) | ((key == b.key_hi) & (idx < b.cut));
}
inline bool undecided(const bc_bound& b, uint32_t key) {
  return (b.key_lo < b.key_hi) & (b.key_lo <= key) & (key <= b.key_hi);
}
inline bool is_point(const bc_bound& b) { return b.key_lo == b.key_hi; }

// A RANK model with a window bound (elements with keys inside it are undecided and recorded).
inline bool has_window(const bc_model_spec& m) {
  return m.mask == BC_MASK_RANK && (m.lo.key_lo < m.lo.key_hi || m.hi.key_lo < m.hi.key_hi);
}

// Lists element `idx` as a candidate (undecided for some window bound).
inline void record_candidate(bc_chunk_stats& st, int64_t idx) {
  if (st.cand_index && st.candidates < st.cand_capacity) st.cand_index[st.candidates] = idx;
  st.candidates++;
}

// Appends an element whose key lies in window slot s = 2t+b (bc_chunk_stats window recording).
inline void record_window(bc_chunk_stats& st, int slot, int64_t idx, uint32_t key) {
  if (!st.win_count) return;
  const int64_t c = st.win_count[slot]++;
  if (c < st.win_capacity) {
    if (st.win_index) st.win_index[slot * st.win_capacity + c] = idx;
    if (st.win_key) st.win_key[slot * st.win_capacity + c] = key;
  }
}

// SPEC's DARE draw for flat index idx of the model whose per-model hash is `hash`.
inline bool dare_keep(uint64_t hash, double threshold, int64_t idx) {
  uint64_t u = splitmix64(hash ^ splitmix64(uint64_t(idx)));
  return double(u >> 11) < threshold;
}

// The same test on integers: x < threshold <=> x < ceil(threshold) for an integer x in [0, 2^53).
inline uint64_t dare_limit(double threshold) {
  if (!(threshold > 0.0)) return 0;                        // NaN or <= 0: never keeps
  if (threshold > 9007199254740992.0) return 1ULL << 53;    // beyond 2^53: always keeps
  uint64_t t = uint64_t(threshold);                         // exact floor, threshold <= 2^53
  return double(t) == threshold ? t : t + 1;
}

// TIES sign classes: NaN has no sign (neither side), so it never joins the elected sum.
inline bool pos(float v) { return v > 0.0f; }
inline bool neg(float v) { return v < 0.0f; }

}  // namespace bc

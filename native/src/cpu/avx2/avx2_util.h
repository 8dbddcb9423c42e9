// avx2_util.h — AVX2/F16C load/convert/store of 8 elements per dtype and 64-bit lane helpers; include only
// from *_avx2.cpp files (they alone are compiled with -mavx2 -mfma -mf16c).
#pragma once
#include <immintrin.h>

#include <cstdint>
#include <cstring>
#include <type_traits>

#include "bc.h"

namespace bc {
namespace avx2 {

template <int DT>
constexpr int kSize = DT == BC_F32 ? 4 : DT == BC_F64 ? 8 : 2;

// 8 consecutive elements i..i+7 as binary32; each conversion is exact (F64: RNE, like the scalar cast).
template <int DT>
inline __m256 load8(const void* p, int64_t i) {
  if constexpr (DT == BC_F32) {
    return _mm256_loadu_ps(static_cast<const float*>(p) + i);
  } else if constexpr (DT == BC_F16) {
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(static_cast<const uint16_t*>(p) + i)));
  } else if constexpr (DT == BC_BF16) {
    __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(static_cast<const uint16_t*>(p) + i));
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
  } else {
    const double* d = static_cast<const double*>(p) + i;
    return _mm256_set_m128(_mm256_cvtpd_ps(_mm256_loadu_pd(d + 4)), _mm256_cvtpd_ps(_mm256_loadu_pd(d)));
  }
}

// The first cnt (< 8) elements, zero-padded: tails run through the same vector code as full vectors.
template <int DT>
inline __m256 load_part(const void* p, int64_t i, int cnt) {
  alignas(32) unsigned char tmp[64] = {0};
  std::memcpy(tmp, static_cast<const unsigned char*>(p) + i * kSize<DT>, size_t(cnt) * kSize<DT>);
  return load8<DT>(tmp, 0);
}

template <int DT>
inline __m256 load_n(const void* p, int64_t i, int cnt) {
  return cnt >= 8 ? load8<DT>(p, i) : load_part<DT>(p, i, cnt);
}

// F32 -> BF16 with integer round-to-nearest-even; NaN -> quiet NaN (as scalar f32_to_bf16).
inline __m128i to_bf16(__m256 v) {
  const __m256i x = _mm256_castps_si256(v);
  const __m256i lsb = _mm256_and_si256(_mm256_srli_epi32(x, 16), _mm256_set1_epi32(1));
  const __m256i r = _mm256_srli_epi32(_mm256_add_epi32(_mm256_add_epi32(x, _mm256_set1_epi32(0x7FFF)), lsb), 16);
  const __m256i q = _mm256_or_si256(_mm256_srli_epi32(x, 16), _mm256_set1_epi32(0x40));
  const __m256i nan = _mm256_castps_si256(_mm256_cmp_ps(v, v, _CMP_UNORD_Q));
  const __m256i h = _mm256_blendv_epi8(r, q, nan);
  // packus works within 128-bit lanes; the permute brings words 0..7 together in the low half.
  return _mm256_castsi256_si128(_mm256_permute4x64_epi64(_mm256_packus_epi32(h, h), 0xD8));
}

template <int DT>
inline void store8(void* p, int64_t i, __m256 v) {
  if constexpr (DT == BC_F32) {
    _mm256_storeu_ps(static_cast<float*>(p) + i, v);
  } else if constexpr (DT == BC_F16) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(static_cast<uint16_t*>(p) + i),
                     _mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT));
  } else if constexpr (DT == BC_BF16) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(static_cast<uint16_t*>(p) + i), to_bf16(v));
  } else {
    double* d = static_cast<double*>(p) + i;
    _mm256_storeu_pd(d, _mm256_cvtps_pd(_mm256_castps256_ps128(v)));
    _mm256_storeu_pd(d + 4, _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)));
  }
}

template <int DT>
inline void store_n(void* p, int64_t i, __m256 v, int cnt) {
  if (cnt >= 8) return store8<DT>(p, i, v);
  alignas(32) unsigned char tmp[64];
  store8<DT>(tmp, 0, v);
  std::memcpy(static_cast<unsigned char*>(p) + i * kSize<DT>, tmp, size_t(cnt) * kSize<DT>);
}

// Lanes whose binary32 value is NaN or +-Inf (exponent all ones).
inline __m256i nonfinite(__m256 v) {
  const __m256i e = _mm256_set1_epi32(0x7F800000);
  return _mm256_cmpeq_epi32(_mm256_and_si256(_mm256_castps_si256(v), e), e);
}

inline __m256i key8(__m256 d) {
  return _mm256_and_si256(_mm256_castps_si256(d), _mm256_set1_epi32(0x7FFFFFFF));
}

// Low 64 bits of a * b per lane (AVX2 has no 64-bit mullo): three 32x32->64 products.
inline __m256i mullo64(__m256i a, __m256i b) {
  const __m256i lo = _mm256_mul_epu32(a, b);
  const __m256i cross = _mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(a, 32), b),
                                         _mm256_mul_epu32(a, _mm256_srli_epi64(b, 32)));
  return _mm256_add_epi64(lo, _mm256_slli_epi64(cross, 32));
}

inline __m256i splitmix64(__m256i x) {
  __m256i z = _mm256_add_epi64(x, _mm256_set1_epi64x(int64_t(0x9E3779B97F4A7C15ULL)));
  z = mullo64(_mm256_xor_si256(z, _mm256_srli_epi64(z, 30)), _mm256_set1_epi64x(int64_t(0xBF58476D1CE4E5B9ULL)));
  z = mullo64(_mm256_xor_si256(z, _mm256_srli_epi64(z, 27)), _mm256_set1_epi64x(int64_t(0x94D049BB133111EBULL)));
  return _mm256_xor_si256(z, _mm256_srli_epi64(z, 31));
}

// Two 4 x 64-bit all-ones/zero masks (lanes 0..3, 4..7) -> one 8 x 32-bit mask.
inline __m256i pack_mask64(__m256i m0, __m256i m1) {
  const __m256i even = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
  return _mm256_permute2x128_si256(_mm256_permutevar8x32_epi32(m0, even), _mm256_permutevar8x32_epi32(m1, even),
                                   0x20);
}

inline int popcount(unsigned m) { return __builtin_popcount(m); }
inline unsigned lanes(__m256i m) { return unsigned(_mm256_movemask_ps(_mm256_castsi256_ps(m))); }
inline unsigned lanes(__m256 m) { return unsigned(_mm256_movemask_ps(m)); }

// Sum of the 8 int32 lanes.
inline int64_t hsum32(__m256i v) {
  alignas(32) int32_t t[8];
  _mm256_store_si256(reinterpret_cast<__m256i*>(t), v);
  int64_t s = 0;
  for (int i = 0; i < 8; i++) s += t[i];
  return s;
}

// Runs step(j, tail, valid) over the 8-lane vectors of a block of nb elements, as the per-model passes need:
// full vectors one cache line of input at a time, prefetching the same line of `next` (the stream's next block,
// read N passes later) once per line instead of testing every vector; then a last partial vector with tail =
// std::true_type and its valid-lane mask (full vectors get std::false_type, so they skip every mask).
template <int DT, typename Step>
inline void for_each_vector(int nb, const char* next, Step&& step) {
  constexpr int kLine = 64 / kSize<DT>;  // elements per cache line: 2 vectors of F32, 4 of F16/BF16
  const __m256i all = _mm256_set1_epi32(-1);
  int j = 0;
  for (; j + kLine <= nb; j += kLine) {
    _mm_prefetch(next + j * kSize<DT>, _MM_HINT_T0);
    for (int u = 0; u < kLine; u += 8) step(j + u, std::false_type{}, all);
  }
  for (; j + 8 <= nb; j += 8) step(j, std::false_type{}, all);
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  if (j < nb) step(j, std::true_type{}, _mm256_cmpgt_epi32(_mm256_set1_epi32(nb - j), lane));
}

// Calls f.template operator()<DT>() for a runtime dtype: one instantiation per dtype.
template <typename F>
inline void with_dtype(int dt, F&& f) {
  switch (dt) {
    case BC_F32: f(std::integral_constant<int, BC_F32>{}); break;
    case BC_F16: f(std::integral_constant<int, BC_F16>{}); break;
    case BC_BF16: f(std::integral_constant<int, BC_BF16>{}); break;
    default: f(std::integral_constant<int, BC_F64>{}); break;
  }
}

}  // namespace avx2
}  // namespace bc

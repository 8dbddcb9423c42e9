// keys_avx2.cpp — AVX2 key kernels (histogram, count, find, keys of a range); bit-identical to keys_ref.cpp.
#include "cpu/avx2/avx2_util.h"
#include "cpu/kernels.h"

namespace bc {
namespace avx2 {

// Keys of elements i..i+cnt-1 (cnt <= 8); padding lanes hold key 0 and must be ignored by the caller.
template <int DT>
static inline __m256i keys_n(const void* base, const void* ft, int64_t i, int cnt) {
  return key8(_mm256_sub_ps(load_n<DT>(ft, i, cnt), load_n<DT>(base, i, cnt)));
}

template <int DT>
static void histogram_t(const void* base, const void* ft, int64_t n, uint32_t prefix_shift, uint32_t prefix,
                        uint32_t bin_shift, uint32_t bin_mask, uint64_t* hist) {
  // srlv yields 0 for counts >= 32, which is bc.h's meaning of a bin shift >= 32.
  const __m256i bs = _mm256_set1_epi32(int(bin_shift)), bm = _mm256_set1_epi32(int(bin_mask));
  const __m256i ps = _mm256_set1_epi32(int(prefix_shift < 32 ? prefix_shift : 0));
  const __m256i pv = _mm256_set1_epi32(int(prefix));
  const bool all = prefix_shift >= 32;
  alignas(32) uint32_t bin[8];
  for (int64_t i = 0; i < n; i += 8) {
    const int cnt = n - i < 8 ? int(n - i) : 8;
    const __m256i k = keys_n<DT>(base, ft, i, cnt);
    unsigned m = cnt == 8 ? 0xFFu : (1u << cnt) - 1u;
    if (!all) m &= lanes(_mm256_cmpeq_epi32(_mm256_srlv_epi32(k, ps), pv));
    _mm256_store_si256(reinterpret_cast<__m256i*>(bin), _mm256_and_si256(_mm256_srlv_epi32(k, bs), bm));
    if (m == 0xFFu) {
      for (int l = 0; l < 8; l++) hist[bin[l]]++;
    } else {
      for (; m; m &= m - 1) hist[bin[__builtin_ctz(m)]]++;
    }
  }
}

template <int DT>
static void count_t(const void* base, const void* ft, int64_t n, uint32_t key, int64_t* above, int64_t* equal) {
  // Keys are < 2^31, so an unsigned "key > k" is a signed compare against min(k, 2^31 - 1).
  const __m256i kg = _mm256_set1_epi32(int(key > 0x7FFFFFFFu ? 0x7FFFFFFFu : key));
  const __m256i ke = _mm256_set1_epi32(int(key));
  int64_t a = 0, e = 0;
  int64_t i = 0;
  while (i + 8 <= n) {
    __m256i va = _mm256_setzero_si256(), ve = _mm256_setzero_si256();
    const int64_t stop = (n - i) / 8 > (1 << 20) ? i + (int64_t(8) << 20) : n - 7;  // int32 lanes never overflow
    for (; i < stop; i += 8) {
      const __m256i k = keys_n<DT>(base, ft, i, 8);
      va = _mm256_sub_epi32(va, _mm256_cmpgt_epi32(k, kg));
      ve = _mm256_sub_epi32(ve, _mm256_cmpeq_epi32(k, ke));
    }
    a += hsum32(va);
    e += hsum32(ve);
  }
  if (i < n) {
    const int cnt = int(n - i);
    const __m256i k = keys_n<DT>(base, ft, i, cnt);
    const unsigned valid = (1u << cnt) - 1u;
    a += popcount(lanes(_mm256_cmpgt_epi32(k, kg)) & valid);
    e += popcount(lanes(_mm256_cmpeq_epi32(k, ke)) & valid);
  }
  *above += a;
  *equal += e;
}

template <int DT>
static int64_t find_t(const void* base, const void* ft, int64_t n, uint32_t key, int64_t c) {
  const __m256i ke = _mm256_set1_epi32(int(key));
  for (int64_t i = 0; i < n; i += 8) {
    const int cnt = n - i < 8 ? int(n - i) : 8;
    unsigned m = lanes(_mm256_cmpeq_epi32(keys_n<DT>(base, ft, i, cnt), ke));
    if (cnt < 8) m &= (1u << cnt) - 1u;
    const int p = popcount(m);
    if (c >= p) {
      c -= p;
      continue;
    }
    for (; c > 0; c--) m &= m - 1;
    return i + __builtin_ctz(m);
  }
  return -1;
}

template <int DT>
static void keys_t(const void* base, const void* ft, int64_t n, uint32_t* keys) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_si256(reinterpret_cast<__m256i*>(keys + i), keys_n<DT>(base, ft, i, 8));
  if (i < n) {
    alignas(32) uint32_t tmp[8];
    _mm256_store_si256(reinterpret_cast<__m256i*>(tmp), keys_n<DT>(base, ft, i, int(n - i)));
    std::memcpy(keys + i, tmp, size_t(n - i) * 4);
  }
}

void key_histogram(int dt, const void* base, const void* ft, int64_t n, uint32_t prefix_shift, uint32_t prefix,
                   uint32_t bin_shift, uint32_t bin_mask, uint64_t* hist) {
  with_dtype(dt, [&](auto d) {
    histogram_t<decltype(d)::value>(base, ft, n, prefix_shift, prefix, bin_shift, bin_mask, hist);
  });
}
void key_count(int dt, const void* base, const void* ft, int64_t n, uint32_t key, int64_t* above, int64_t* equal) {
  with_dtype(dt, [&](auto d) { count_t<decltype(d)::value>(base, ft, n, key, above, equal); });
}
int64_t key_find(int dt, const void* base, const void* ft, int64_t n, uint32_t key, int64_t c) {
  int64_t r = -1;
  with_dtype(dt, [&](auto d) { r = find_t<decltype(d)::value>(base, ft, n, key, c); });
  return r;
}
void keys(int dt, const void* base, const void* ft, int64_t n, uint32_t* out) {
  with_dtype(dt, [&](auto d) { keys_t<decltype(d)::value>(base, ft, n, out); });
}

}  // namespace avx2
}  // namespace bc

// keys_ref.cpp — scalar reference of the exact-selection building blocks on keys (bc_key_* in bc.h).
#include "cpu/kernels.h"
#include "ref/keys_ref.h"
#include "ref/scalar.h"

namespace bc {

void key_histogram_ref(int dt, const void* base, const void* ft, int64_t n, uint32_t prefix_shift,
                       uint32_t prefix, uint32_t bin_shift, uint32_t bin_mask, uint64_t* hist) {
  // Shifts of 32 or more are UB in C++; bc.h gives them meaning: "all" for the prefix, 0 for bins.
  const bool all = prefix_shift >= 32;
  for (int64_t i = 0; i < n; i++) {
    uint32_t k = key_at(dt, base, ft, i);
    if (!all && (k >> prefix_shift) != prefix) continue;
    uint32_t bin = bin_shift >= 32 ? 0u : (k >> bin_shift);
    hist[bin & bin_mask] += 1;
  }
}

void key_count_ref(int dt, const void* base, const void* ft, int64_t n, uint32_t key, int64_t* above,
                   int64_t* equal) {
  int64_t a = 0, e = 0;
  for (int64_t i = 0; i < n; i++) {
    uint32_t k = key_at(dt, base, ft, i);
    a += k > key;
    e += k == key;
  }
  *above += a;
  *equal += e;
}

int64_t key_find_ref(int dt, const void* base, const void* ft, int64_t n, uint32_t key, int64_t c) {
  for (int64_t i = 0; i < n; i++)
    if (key_at(dt, base, ft, i) == key && c-- == 0) return i;
  return -1;
}

void keys_ref(int dt, const void* base, const void* ft, int64_t n, uint32_t* keys) {
  for (int64_t i = 0; i < n; i++) keys[i] = key_at(dt, base, ft, i);
}

void keys_at_ref(int dt, const void* base, const void* ft, const int64_t* pos, int64_t m, uint32_t* keys) {
  for (int64_t j = 0; j < m; j++) keys[j] = key_at(dt, base, ft, pos[j]);
}

}  // namespace bc

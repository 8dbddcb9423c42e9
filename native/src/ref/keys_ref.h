// keys_ref.h — scalar reference key kernels (histogram, count, find, keys) declared for the kernel table.
#pragma once
#include <cstdint>

namespace bc {
void key_histogram_ref(int dt, const void* base, const void* ft, int64_t n, uint32_t prefix_shift,
                       uint32_t prefix, uint32_t bin_shift, uint32_t bin_mask, uint64_t* hist);
void key_count_ref(int dt, const void* base, const void* ft, int64_t n, uint32_t key, int64_t* above,
                   int64_t* equal);
int64_t key_find_ref(int dt, const void* base, const void* ft, int64_t n, uint32_t key, int64_t c);
void keys_ref(int dt, const void* base, const void* ft, int64_t n, uint32_t* keys);
}  // namespace bc

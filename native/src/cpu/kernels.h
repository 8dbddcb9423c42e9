// kernels.h — internal kernel table: one instance per SIMD level (ref, avx2); dispatch.cpp picks one per call.
// Arguments reaching these functions are already validated; stats is never NULL (its arrays may be).
#pragma once
#include <cstddef>
#include <cstdint>

#include "bc.h"

namespace bc {

struct Kernels {
  const char* name;
  void (*convert)(int src_dt, const void* src, int dst_dt, void* dst, int64_t n);
  int64_t (*find_nonfinite)(int dt, const void* src, int64_t n);
  void (*key_histogram)(int dt, const void* base, const void* ft, int64_t n, uint32_t prefix_shift,
                        uint32_t prefix, uint32_t bin_shift, uint32_t bin_mask, uint64_t* hist);
  void (*key_count)(int dt, const void* base, const void* ft, int64_t n, uint32_t key, int64_t* above,
                    int64_t* equal);
  int64_t (*key_find)(int dt, const void* base, const void* ft, int64_t n, uint32_t key, int64_t c);
  // keys[i] = key of element i, i < n (the rows kernel ranks these).
  void (*keys)(int dt, const void* base, const void* ft, int64_t n, uint32_t* keys);
  // workspace holds at least merge_chunk_ws_bytes(desc), 64-byte aligned.
  bc_status (*merge_chunk)(const bc_merge_desc* desc, const bc_chunk* chunk, void* ws, bc_chunk_stats* st);
  bc_status (*scan_bounds)(const bc_merge_desc* desc, const bc_chunk* chunk, const uint32_t* tie_keys,
                           bc_chunk_stats* st);
};

extern const Kernels kRefKernels;
extern const Kernels kAvx2Kernels;

// Elements per block of the blocked chunk and scan kernels (both levels); their scratch arrays are this long.
constexpr int64_t kBlock = 1024;
size_t merge_chunk_ws_bytes(const bc_merge_desc* desc);
size_t merge_rows_ws_bytes(const bc_merge_desc* desc, int64_t row_len);

// Hints the block after `off` of a stream into cache. Kernels read one block of each of N + 1 streams in
// turn, and a block (4 KiB of F32) ends at a page boundary, where the hardware prefetchers stop: without the
// hint every block starts with cache misses. A prefetch never faults and never changes a result.
// Addresses are computed as integers: the next block may lie past the end of the array.
inline void prefetch_next_block(const void* p, int64_t off, size_t elem_size) {
  const uintptr_t next = reinterpret_cast<uintptr_t>(p) + uintptr_t(off + kBlock) * elem_size;
  for (size_t b = 0; b < size_t(kBlock) * elem_size; b += 64)
    __builtin_prefetch(reinterpret_cast<const void*>(next + b));
}

void keys_at_ref(int dt, const void* base, const void* ft, const int64_t* pos, int64_t m, uint32_t* keys);
// Per-element recomputation; every level uses it (points are few, and it is the reference itself).
bc_status merge_points_ref(const bc_merge_desc* desc, const bc_chunk* chunk, const int64_t* pos, int64_t m,
                           int32_t write, void* ws, bc_chunk_stats* st);
// Exact per-row selection (radix on keys), then the level's chunk kernel per row with point bounds.
bc_status merge_rows_impl(const Kernels& k, const bc_merge_desc* desc, const bc_chunk* chunk, int64_t row_len,
                          void* ws, bc_chunk_stats* st);

inline void report_nonfinite(bc_chunk_stats* st, int32_t input, int64_t idx) {
  st->bad_input = input;
  st->bad_index = idx;
}

}  // namespace bc

// convert_ref.cpp — scalar reference of bc_convert and bc_find_nonfinite (SPEC "Dtypes").
#include "cpu/kernels.h"
#include "ref/scalar.h"

namespace bc {

static void convert_ref(int src_dt, const void* src, int dst_dt, void* dst, int64_t n) {
  for (int64_t i = 0; i < n; i++) store_f32(dst_dt, dst, i, load_f32(src_dt, src, i));
}

static int64_t find_nonfinite_ref(int dt, const void* src, int64_t n) {
  for (int64_t i = 0; i < n; i++)
    if (!is_finite(load_f32(dt, src, i))) return i;
  return -1;
}

}  // namespace bc

// The table lives here so the reference level is one object file's worth of wiring.
#include "ref/keys_ref.h"
namespace bc {
bc_status merge_chunk_ref(const bc_merge_desc* desc, const bc_chunk* chunk, void* ws, bc_chunk_stats* st);
bc_status scan_bounds_ref(const bc_merge_desc* desc, const bc_chunk* chunk, const uint32_t* tie_keys,
                          bc_chunk_stats* st);
const Kernels kRefKernels = {"scalar",        convert_ref, find_nonfinite_ref, key_histogram_ref,
                             key_count_ref,   key_find_ref, keys_ref,          merge_chunk_ref,
                             scan_bounds_ref};
}  // namespace bc

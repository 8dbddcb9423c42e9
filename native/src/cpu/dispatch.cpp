// dispatch.cpp — the public bc_* kernel entry points: validate arguments, pick the calling thread's SIMD
// level once per call, run that level's kernel. No exception crosses the ABI.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>

#include "bc.h"
#include "common/bc_error.h"
#include "cpu/kernels.h"
#include "ref/scalar.h"

#if defined(__x86_64__) || defined(_M_X64)
#define BC_X86 1
#include <cpuid.h>
#endif

namespace bc {

#ifdef BC_X86
namespace avx2 {
void convert(int, const void*, int, void*, int64_t);
int64_t find_nonfinite(int, const void*, int64_t);
void key_histogram(int, const void*, const void*, int64_t, uint32_t, uint32_t, uint32_t, uint32_t, uint64_t*);
void key_count(int, const void*, const void*, int64_t, uint32_t, int64_t*, int64_t*);
int64_t key_find(int, const void*, const void*, int64_t, uint32_t, int64_t);
void keys(int, const void*, const void*, int64_t, uint32_t*);
bc_status merge_chunk(const bc_merge_desc*, const bc_chunk*, void*, bc_chunk_stats*);
bc_status scan_bounds(const bc_merge_desc*, const bc_chunk*, const uint32_t*, bc_chunk_stats*);
}  // namespace avx2
const Kernels kAvx2Kernels = {"avx2",          avx2::convert,  avx2::find_nonfinite, avx2::key_histogram,
                              avx2::key_count, avx2::key_find, avx2::keys,           avx2::merge_chunk,
                              avx2::scan_bounds};
#endif

size_t merge_chunk_ws_bytes(const bc_merge_desc* desc) {
  // Blocked AVX2 kernel: base, 5 accumulators, candidate flags, 2 blocks of DARE hashes, N blocks of d_t
  // (consensus). The reference needs 2N floats, always less. One size for every level keeps sessions simple.
  const size_t n = size_t(desc->n_models);
  return (9 + n) * size_t(kBlock) * 4 + 64;  // + 64: we align the caller's pointer
}

namespace {

bool detect_avx2() {
#ifdef BC_X86
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
  const bool fma = c & (1u << 12), osxsave = c & (1u << 27), avx = c & (1u << 28), f16c = c & (1u << 29);
  if (!(fma && osxsave && avx && f16c)) return false;
  uint32_t xlo, xhi;
  __asm__ volatile("xgetbv" : "=a"(xlo), "=d"(xhi) : "c"(0));  // OS saves XMM and YMM state
  if ((xlo & 6u) != 6u) return false;
  if (__get_cpuid_max(0, nullptr) < 7) return false;
  __cpuid_count(7, 0, a, b, c, d);
  return b & (1u << 5);
#else
  return false;
#endif
}

bool has_avx2() {
  static const bool v = detect_avx2();
  return v;
}

int process_default() {
  static const int level = [] {
    const char* env = std::getenv("BC_SIMD");
    if (env && *env) {
      if (std::strcmp(env, "scalar") == 0) return int(BC_SIMD_SCALAR);
      if (std::strcmp(env, "avx2") == 0) {
        if (has_avx2()) return int(BC_SIMD_AVX2);
        std::fprintf(stderr, "bc: BC_SIMD=avx2 but this CPU lacks AVX2/FMA/F16C (or OS YMM support); using scalar\n");
        return int(BC_SIMD_SCALAR);
      }
      std::fprintf(stderr, "bc: ignoring BC_SIMD=%s (expected scalar or avx2)\n", env);
    }
    return int(has_avx2() ? BC_SIMD_AVX2 : BC_SIMD_SCALAR);
  }();
  return level;
}

thread_local int t_level = BC_SIMD_AUTO;

int current_level() { return t_level == BC_SIMD_AUTO ? process_default() : t_level; }

const Kernels& kernels() {
#ifdef BC_X86
  if (current_level() == BC_SIMD_AVX2) return kAvx2Kernels;
#endif
  return kRefKernels;
}

bool valid_dtype(int32_t dt) { return dt >= BC_F32 && dt <= BC_F64; }

// Runs body, turning any escaping exception into a status (nothing may unwind through C callers).
template <typename F>
bc_status guarded(const char* fn, F&& body) {
  try {
    clear_error();
    return body();
  } catch (const std::exception& e) {
    return fail(BC_ERR_ARG, "%s: internal error: %s", fn, e.what());
  } catch (...) {
    return fail(BC_ERR_ARG, "%s: internal error", fn);
  }
}

bc_status check_keys_args(const char* fn, int32_t dt, const void* base, const void* ft, int64_t n) {
  if (!valid_dtype(dt)) return fail(BC_ERR_ARG, "%s: dtype %d is not a bc_dtype", fn, dt);
  if (n < 0) return fail(BC_ERR_ARG, "%s: n must be >= 0 (got %lld)", fn, (long long)n);
  if (n > 0 && !base) return fail(BC_ERR_ARG, "%s: base is NULL", fn);
  if (n > 0 && !ft) return fail(BC_ERR_ARG, "%s: ft is NULL", fn);
  return BC_OK;
}

bc_status check_desc(const char* fn, const bc_merge_desc* ds) {
  if (!ds) return fail(BC_ERR_ARG, "%s: desc is NULL", fn);
  if (ds->combine < BC_COMBINE_SUM || ds->combine > BC_COMBINE_LINEAR)
    return fail(BC_ERR_ARG, "%s: desc->combine %d is not a bc_combine", fn, ds->combine);
  if (ds->n_models < 1) return fail(BC_ERR_ARG, "%s: n_models must be >= 1 (got %d)", fn, ds->n_models);
  if (!valid_dtype(ds->in_dtype)) return fail(BC_ERR_ARG, "%s: in_dtype %d is not a bc_dtype", fn, ds->in_dtype);
  if (!valid_dtype(ds->out_dtype)) return fail(BC_ERR_ARG, "%s: out_dtype %d is not a bc_dtype", fn, ds->out_dtype);
  if (!ds->models) return fail(BC_ERR_ARG, "%s: desc->models is NULL", fn);
  for (int t = 0; t < ds->n_models; t++)
    if (ds->models[t].mask < BC_MASK_ALL || ds->models[t].mask > BC_MASK_DARE)
      return fail(BC_ERR_ARG, "%s: models[%d].mask %d is not a bc_mask", fn, t, ds->models[t].mask);
  return BC_OK;
}

bc_status check_chunk(const char* fn, const bc_merge_desc* ds, const bc_chunk* ch, bool need_out) {
  if (!ch) return fail(BC_ERR_ARG, "%s: chunk is NULL", fn);
  if (ch->n < 0) return fail(BC_ERR_ARG, "%s: chunk->n must be >= 0 (got %lld)", fn, (long long)ch->n);
  if (ch->index0 < 0) return fail(BC_ERR_ARG, "%s: chunk->index0 must be >= 0", fn);
  if (ch->n == 0) return BC_OK;
  if (!ch->base && ds->combine != BC_COMBINE_LINEAR)
    return fail(BC_ERR_ARG, "%s: chunk->base is NULL (allowed only for BC_COMBINE_LINEAR)", fn);
  if (!ch->ft) return fail(BC_ERR_ARG, "%s: chunk->ft is NULL", fn);
  for (int t = 0; t < ds->n_models; t++)
    if (!ch->ft[t]) return fail(BC_ERR_ARG, "%s: chunk->ft[%d] is NULL", fn, t);
  if (need_out && !ch->out) return fail(BC_ERR_ARG, "%s: chunk->out is NULL", fn);
  return BC_OK;
}

// Returns the 64-byte aligned workspace, or nullptr after setting the error.
void* check_workspace(const char* fn, void* ws, size_t have, size_t need, bc_status* status) {
  if (!ws || have < need) {
    *status = fail(BC_ERR_WORKSPACE, "%s: workspace of %zu bytes%s is smaller than the %zu bytes its size query returns",
                   fn, have, ws ? "" : " (NULL)", need);
    return nullptr;
  }
  *status = BC_OK;
  return reinterpret_cast<void*>((reinterpret_cast<uintptr_t>(ws) + 63) & ~uintptr_t(63));
}

bc_status nonfinite_error(const char* fn, const bc_chunk_stats& st) {
  if (st.bad_input < 0)
    return fail(BC_ERR_NONFINITE, "%s: non-finite value in base at flat index %lld", fn, (long long)st.bad_index);
  return fail(BC_ERR_NONFINITE, "%s: non-finite value in fine-tune %d at flat index %lld", fn, st.bad_input,
              (long long)st.bad_index);
}

}  // namespace
}  // namespace bc

using namespace bc;

extern "C" {

int32_t bc_cpu_has_avx2(void) { return has_avx2() ? 1 : 0; }

bc_status bc_set_simd(int32_t level) {
  clear_error();
  if (level == BC_SIMD_AUTO || level == BC_SIMD_SCALAR) {
    t_level = level;
    return BC_OK;
  }
  if (level != BC_SIMD_AVX2) return fail(BC_ERR_ARG, "bc_set_simd: level %d is not a bc_simd", level);
  if (!has_avx2()) return fail(BC_ERR_UNSUPPORTED, "bc_set_simd: AVX2 requested but this CPU lacks AVX2/FMA/F16C");
  t_level = level;
  return BC_OK;
}

int32_t bc_get_simd(void) { return current_level(); }

bc_status bc_convert(int32_t src_dtype, const void* src, int32_t dst_dtype, void* dst, int64_t n) {
  return guarded("bc_convert", [&] {
    if (!valid_dtype(src_dtype)) return fail(BC_ERR_ARG, "bc_convert: src_dtype %d is not a bc_dtype", src_dtype);
    if (!valid_dtype(dst_dtype)) return fail(BC_ERR_ARG, "bc_convert: dst_dtype %d is not a bc_dtype", dst_dtype);
    if (n < 0) return fail(BC_ERR_ARG, "bc_convert: n must be >= 0 (got %lld)", (long long)n);
    if (n > 0 && (!src || !dst)) return fail(BC_ERR_ARG, "bc_convert: %s is NULL", src ? "dst" : "src");
    kernels().convert(src_dtype, src, dst_dtype, dst, n);
    return BC_OK;
  });
}

bc_status bc_find_nonfinite(int32_t dtype, const void* src, int64_t n, int64_t* index) {
  return guarded("bc_find_nonfinite", [&] {
    if (!valid_dtype(dtype)) return fail(BC_ERR_ARG, "bc_find_nonfinite: dtype %d is not a bc_dtype", dtype);
    if (n < 0) return fail(BC_ERR_ARG, "bc_find_nonfinite: n must be >= 0 (got %lld)", (long long)n);
    if (n > 0 && !src) return fail(BC_ERR_ARG, "bc_find_nonfinite: src is NULL");
    if (!index) return fail(BC_ERR_ARG, "bc_find_nonfinite: index is NULL");
    *index = kernels().find_nonfinite(dtype, src, n);
    return BC_OK;
  });
}

bc_status bc_key_histogram(int32_t dtype, const void* base, const void* ft, int64_t n, uint32_t prefix_shift,
                           uint32_t prefix, uint32_t bin_shift, uint32_t bin_mask, uint64_t* hist) {
  return guarded("bc_key_histogram", [&] {
    bc_status s = check_keys_args("bc_key_histogram", dtype, base, ft, n);
    if (s != BC_OK) return s;
    if (!hist) return fail(BC_ERR_ARG, "bc_key_histogram: hist is NULL");
    kernels().key_histogram(dtype, base, ft, n, prefix_shift, prefix, bin_shift, bin_mask, hist);
    return BC_OK;
  });
}

bc_status bc_key_count(int32_t dtype, const void* base, const void* ft, int64_t n, uint32_t key, int64_t* above,
                       int64_t* equal) {
  return guarded("bc_key_count", [&] {
    bc_status s = check_keys_args("bc_key_count", dtype, base, ft, n);
    if (s != BC_OK) return s;
    if (!above || !equal) return fail(BC_ERR_ARG, "bc_key_count: %s is NULL", above ? "equal" : "above");
    kernels().key_count(dtype, base, ft, n, key, above, equal);
    return BC_OK;
  });
}

bc_status bc_key_find(int32_t dtype, const void* base, const void* ft, int64_t n, uint32_t key, int64_t c,
                      int64_t* offset) {
  return guarded("bc_key_find", [&] {
    bc_status s = check_keys_args("bc_key_find", dtype, base, ft, n);
    if (s != BC_OK) return s;
    if (!offset) return fail(BC_ERR_ARG, "bc_key_find: offset is NULL");
    if (c < 0) return fail(BC_ERR_ARG, "bc_key_find: c must be >= 0 (got %lld)", (long long)c);
    *offset = kernels().key_find(dtype, base, ft, n, key, c);
    return BC_OK;
  });
}

bc_status bc_keys_at(int32_t dtype, const void* base, const void* ft, const int64_t* pos, int64_t m,
                     uint32_t* keys) {
  return guarded("bc_keys_at", [&] {
    bc_status s = check_keys_args("bc_keys_at", dtype, base, ft, m);
    if (s != BC_OK) return s;
    if (m > 0 && (!pos || !keys)) return fail(BC_ERR_ARG, "bc_keys_at: %s is NULL", pos ? "keys" : "pos");
    for (int64_t j = 0; j < m; j++)
      if (pos[j] < 0) return fail(BC_ERR_ARG, "bc_keys_at: pos[%lld] is negative", (long long)j);
    keys_at_ref(dtype, base, ft, pos, m, keys);  // a gather: nothing for SIMD to win
    return BC_OK;
  });
}

bc_status bc_merge_chunk_workspace(const bc_merge_desc* desc, size_t* bytes) {
  return guarded("bc_merge_chunk_workspace", [&] {
    bc_status s = check_desc("bc_merge_chunk_workspace", desc);
    if (s != BC_OK) return s;
    if (!bytes) return fail(BC_ERR_ARG, "bc_merge_chunk_workspace: bytes is NULL");
    *bytes = merge_chunk_ws_bytes(desc);
    return BC_OK;
  });
}

bc_status bc_merge_chunk(const bc_merge_desc* desc, const bc_chunk* chunk, void* workspace, size_t workspace_bytes,
                         bc_chunk_stats* stats) {
  static const char* fn = "bc_merge_chunk";
  return guarded(fn, [&] {
    bc_status s = check_desc(fn, desc);
    if (s == BC_OK) s = check_chunk(fn, desc, chunk, true);
    if (s != BC_OK) return s;
    void* ws = check_workspace(fn, workspace, workspace_bytes, merge_chunk_ws_bytes(desc), &s);
    if (!ws) return s;
    bc_chunk_stats none = {};
    bc_chunk_stats* st = stats ? stats : &none;
    if (chunk->n == 0) return BC_OK;
    s = kernels().merge_chunk(desc, chunk, ws, st);
    return s == BC_ERR_NONFINITE ? nonfinite_error(fn, *st) : s;
  });
}

bc_status bc_scan_bounds(const bc_merge_desc* desc, const bc_chunk* chunk, const uint32_t* tie_keys,
                         bc_chunk_stats* stats) {
  static const char* fn = "bc_scan_bounds";
  return guarded(fn, [&] {
    bc_status s = check_desc(fn, desc);
    if (s == BC_OK) s = check_chunk(fn, desc, chunk, false);
    if (s != BC_OK) return s;
    if (chunk->n > 0 && !chunk->base) return fail(BC_ERR_ARG, "%s: chunk->base is NULL", fn);
    if (!stats) return fail(BC_ERR_ARG, "%s: stats is NULL (the scan has no other result)", fn);
    if (chunk->n == 0) return BC_OK;
    s = kernels().scan_bounds(desc, chunk, tie_keys, stats);
    return s == BC_ERR_NONFINITE ? nonfinite_error(fn, *stats) : s;
  });
}

bc_status bc_merge_points(const bc_merge_desc* desc, const bc_chunk* chunk, const int64_t* pos, int64_t m,
                          int32_t write, void* workspace, size_t workspace_bytes, bc_chunk_stats* stats) {
  static const char* fn = "bc_merge_points";
  return guarded(fn, [&] {
    bc_status s = check_desc(fn, desc);
    if (s == BC_OK) s = check_chunk(fn, desc, chunk, write != 0);
    if (s != BC_OK) return s;
    if (m < 0) return fail(BC_ERR_ARG, "%s: m must be >= 0 (got %lld)", fn, (long long)m);
    if (m > 0 && !pos) return fail(BC_ERR_ARG, "%s: pos is NULL", fn);
    for (int64_t j = 0; j < m; j++) {
      if (pos[j] < chunk->index0 || pos[j] - chunk->index0 >= chunk->n)
        return fail(BC_ERR_ARG, "%s: pos[%lld] = %lld is outside the chunk [%lld, %lld)", fn, (long long)j,
                    (long long)pos[j], (long long)chunk->index0, (long long)(chunk->index0 + chunk->n));
      if (j > 0 && pos[j] < pos[j - 1])
        return fail(BC_ERR_ARG, "%s: pos must be ascending (pos[%lld] < pos[%lld])", fn, (long long)j,
                    (long long)(j - 1));
    }
    void* ws = check_workspace(fn, workspace, workspace_bytes, merge_chunk_ws_bytes(desc), &s);
    if (!ws) return s;
    bc_chunk_stats none = {};
    bc_chunk_stats* st = stats ? stats : &none;
    s = merge_points_ref(desc, chunk, pos, m, write, ws, st);  // same per-element rules on every level
    return s == BC_ERR_NONFINITE ? nonfinite_error(fn, *st) : s;
  });
}

bc_status bc_merge_rows_workspace(const bc_merge_desc* desc, int64_t row_len, size_t* bytes) {
  static const char* fn = "bc_merge_rows_workspace";
  return guarded(fn, [&] {
    bc_status s = check_desc(fn, desc);
    if (s != BC_OK) return s;
    if (row_len < 0) return fail(BC_ERR_ARG, "%s: row_len must be >= 0 (got %lld)", fn, (long long)row_len);
    if (!bytes) return fail(BC_ERR_ARG, "%s: bytes is NULL", fn);
    *bytes = merge_rows_ws_bytes(desc, row_len);
    return BC_OK;
  });
}

bc_status bc_merge_rows(const bc_merge_desc* desc, const bc_chunk* chunk, int64_t row_len, void* workspace,
                        size_t workspace_bytes, bc_chunk_stats* stats) {
  static const char* fn = "bc_merge_rows";
  return guarded(fn, [&] {
    bc_status s = check_desc(fn, desc);
    if (s == BC_OK) s = check_chunk(fn, desc, chunk, true);
    if (s != BC_OK) return s;
    if (row_len < 0) return fail(BC_ERR_ARG, "%s: row_len must be >= 0 (got %lld)", fn, (long long)row_len);
    if (row_len > 0 && chunk->n % row_len != 0)
      return fail(BC_ERR_ARG, "%s: chunk->n = %lld is not a multiple of row_len = %lld", fn, (long long)chunk->n,
                  (long long)row_len);
    if (row_len > 0 && chunk->index0 % row_len != 0)
      return fail(BC_ERR_ARG, "%s: chunk->index0 = %lld is not a row start (row_len = %lld)", fn,
                  (long long)chunk->index0, (long long)row_len);
    void* ws = check_workspace(fn, workspace, workspace_bytes, merge_rows_ws_bytes(desc, row_len), &s);
    if (!ws) return s;
    bc_chunk_stats none = {};
    bc_chunk_stats* st = stats ? stats : &none;
    s = merge_rows_impl(kernels(), desc, chunk, row_len, ws, st);
    return s == BC_ERR_NONFINITE ? nonfinite_error(fn, *st) : s;
  });
}

}  // extern "C"

/* bc.h — the C ABI of breadcrumbs4j's merge kernels (scalar reference, AVX2; CUDA mirrors it).
 * Data flow: the Java engine plans a tensor, then calls these kernels on chunks of plain memory.
 *
 * Design notes
 * - Plain C: status-code returns, a thread-local last-error string (bc_last_error), 64-bit sizes,
 *   caller-provided workspace with a size query, no C++ or SIMD types in signatures.
 * - Every kernel is single-threaded and pure over its arguments; the caller parallelises over chunks,
 *   so results are identical for any thread count. Every backend is bit-identical to the scalar
 *   reference (../shared/SPEC.md): binary32, one rounding per operation, no FMA, no contraction.
 * - "key" of an element = the bit pattern of |d| as uint32 (sign bit cleared), d = f32(ft) - f32(base).
 *   Larger key = larger magnitude; -0 and +0 share key 0. Ranking order: (key desc, flat index asc).
 * - A rank boundary r splits a ranking unit into "before" (rank < r) and the rest. bc_bound describes
 *   one boundary, exactly or provisionally:
 *     key > key_hi                      -> before
 *     key < key_lo                      -> not before
 *     key_lo == key_hi == key           -> before iff flat index < cut   ("point": exact when cut is)
 *     key_lo <  key_hi, key in [lo,hi]  -> undecided ("window"): the element is a candidate, and it is
 *                                          provisionally before iff key > (uint32_t)cut (the caller's
 *                                          guess of the boundary key)
 *   Nothing before (r = 0):  key_hi = key_lo = 0xFFFFFFFF, cut = 0.
 *   Everything before (r = n): key_hi = key_lo = 0, cut = INT64_MAX.
 *   BC_MASK_RANK keeps an element iff it is not before `lo` and is before `hi`.
 */
#ifndef BC_H
#define BC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define BC_API __declspec(dllexport)
#else
#define BC_API __attribute__((visibility("default")))
#endif

#define BC_VERSION_MAJOR 0
#define BC_VERSION_MINOR 1
#define BC_VERSION_PATCH 0

/* Status codes. Every bc_* function returns one; on error bc_last_error() says why. */
typedef enum bc_status {
  BC_OK = 0,
  BC_ERR_ARG = 1,         /* invalid argument (NULL pointer, bad dtype, bad enum, negative size) */
  BC_ERR_NONFINITE = 2,   /* NaN or Inf in an input; bc_chunk_stats.bad_input/bad_index say where */
  BC_ERR_WORKSPACE = 3,   /* workspace missing or smaller than the size query returned */
  BC_ERR_UNSUPPORTED = 4, /* not available in this build or on this CPU (e.g. AVX2 forced, absent) */
  BC_ERR_CUDA = 5         /* CUDA runtime error (CUDA library only) */
} bc_status;

/* Floating dtypes the kernels read and write. Values are stable (they cross the JNI boundary). */
typedef enum bc_dtype { BC_F32 = 0, BC_F16 = 1, BC_BF16 = 2, BC_F64 = 3 } bc_dtype;

/* SIMD level. The default comes once per process from env BC_SIMD=scalar|avx2, else CPU detection;
 * bc_set_simd overrides it for the calling thread only (thread-local, so backends can be compared
 * side by side in one process). Every kernel dispatches once per call on the calling thread's level. */
typedef enum bc_simd { BC_SIMD_AUTO = -1, BC_SIMD_SCALAR = 0, BC_SIMD_AVX2 = 1 } bc_simd;

/* How the per-model masked task vectors md_t combine (SPEC "Combination"). */
typedef enum bc_combine {
  BC_COMBINE_SUM = 0,             /* task_arithmetic, breadcrumbs, dare_linear */
  BC_COMBINE_TIES = 1,            /* ties, breadcrumbs_ties, dare_ties */
  BC_COMBINE_CONSENSUS_SUM = 2,   /* consensus_ta: T = sum w_t*d_t (unsparsified) */
  BC_COMBINE_CONSENSUS_TIES = 3,  /* consensus_ties: T = TIES combination of md_t */
  BC_COMBINE_LINEAR = 4           /* linear: acc = sum w_t*f32(ft_t); output acc (base unused) */
} bc_combine;

/* How md_t is derived from d_t. */
typedef enum bc_mask {
  BC_MASK_ALL = 0,   /* md = d */
  BC_MASK_RANK = 1,  /* keep iff !before(lo) && before(hi) (chunk/points) or rank in [rank_lo, rank_hi) (rows) */
  BC_MASK_DARE = 2   /* keep with probability rho via SPEC's counter RNG; survivors d / dare_rho if rescale */
} bc_mask;

typedef struct bc_bound {
  uint32_t key_hi;
  uint32_t key_lo;
  int64_t cut;
} bc_bound;

typedef struct bc_model_spec {
  int32_t mask;            /* bc_mask */
  float weight;            /* w_t = f32(weight) */
  float tall_lambda;       /* consensus: f32(tall_lambda_t) */
  float dare_rho;          /* DARE rescale divisor f32(rho) */
  int32_t dare_rescale;    /* nonzero: survivors are d / dare_rho */
  double dare_threshold;   /* DARE: keep iff (double)(u >> 11) < dare_threshold, = rho * 2^53 */
  uint64_t dare_hash;      /* DARE: seed ^ splitmix64(t) ^ splitmix64(fnv1a64(name)); u = splitmix64(dare_hash ^ splitmix64(i)) */
  bc_bound lo;             /* RANK in chunk/points kernels */
  bc_bound hi;
  int64_t rank_lo;         /* RANK in the rows kernel: keep ranks [rank_lo, rank_hi) of every row */
  int64_t rank_hi;
} bc_model_spec;

typedef struct bc_merge_desc {
  int32_t combine;         /* bc_combine */
  int32_t n_models;        /* N >= 1 */
  int32_t in_dtype;        /* bc_dtype shared by base and every fine-tune */
  int32_t out_dtype;       /* bc_dtype of out */
  float lambda;            /* f32(lambda); out = base + lambda*acc (not for LINEAR) */
  int32_t normalize;       /* nonzero: divide as SPEC says for the combine mode */
  float weight_sum;        /* W = sum of w_t in order, binary32 (SUM and LINEAR normalize) */
  int32_t consensus_k;     /* consensus: keep T where count of masks >= k */
  const bc_model_spec* models; /* [n_models] */
} bc_merge_desc;

/* One chunk of a tensor: elements [index0, index0 + n) of every input, as plain memory. */
typedef struct bc_chunk {
  int64_t n;
  int64_t index0;              /* flat index of the chunk's first element in the tensor */
  const void* base;            /* in_dtype; may be NULL only for BC_COMBINE_LINEAR */
  const void* const* ft;       /* [n_models] pointers, in_dtype */
  void* out;                   /* out_dtype */
} bc_chunk;

/* Statistics a merge kernel adds to (it never clears them: the caller zeroes once per chunk). */
typedef struct bc_chunk_stats {
  int64_t* count_above;   /* [2*n_models] or NULL: per model t, bound b (0 lo, 1 hi) at 2t+b: keys > key_hi */
  int64_t* count_point;   /* [2*n_models] or NULL: keys == key_hi for a point bound (key_lo == key_hi) */
  int64_t* kept;          /* [n_models] or NULL: elements whose mask kept them (undecided: provisional fate) */
  int64_t conflicts;      /* TIES modes: elements where some v_t != 0 has the sign opposite to the election */
  int64_t consensus;      /* consensus modes: elements with mask count >= k */
  int64_t candidates;     /* elements with an undecided mask for any model (written provisionally) */
  int64_t* cand_index;    /* caller buffer or NULL: flat indices of those elements, ascending */
  int64_t cand_capacity;  /* its length; only the first cand_capacity are stored, candidates counts all */
  int32_t bad_input;      /* on BC_ERR_NONFINITE: -1 = base, t = fine-tune t */
  int64_t bad_index;      /* on BC_ERR_NONFINITE: flat index (the smallest; at equal index base, then t order) */
  /* Window recording (bc_merge_chunk only): slot s = 2t+b is model t's bound b when it is a window. Every
   * element whose key lies in the window is appended, in flat-index order, so the caller resolves the exact
   * boundary and the elements whose provisional fate was wrong without re-reading the inputs. */
  int64_t* win_index;     /* caller buffer or NULL: [2*n_models * win_capacity], slot s at s*win_capacity */
  uint32_t* win_key;      /* caller buffer or NULL: the same layout, the elements' keys */
  int64_t* win_count;     /* [2*n_models] or NULL (no recording): elements seen per slot (all counted) */
  int64_t win_capacity;   /* entries per slot; only the first win_capacity of a slot are stored */
} bc_chunk_stats;

/* ---- library ---- */
BC_API const char* bc_last_error(void);          /* thread-local; "" when none */
BC_API const char* bc_version(void);             /* "0.1.0" */
BC_API int32_t bc_cpu_has_avx2(void);            /* AVX2 + FMA + F16C usable (CPUID + OS XSAVE) */
BC_API bc_status bc_set_simd(int32_t level);      /* this thread; AUTO = process default; AVX2 absent -> BC_ERR_UNSUPPORTED */
BC_API int32_t bc_get_simd(void);                /* level in force on this thread (never AUTO) */

/* ---- conversion ---- */
/* dst[i] = convert(src[i]) through binary32 (F64 -> F32 RNE; F32 -> F16/BF16 RNE, NaN stays NaN). */
BC_API bc_status bc_convert(int32_t src_dtype, const void* src, int32_t dst_dtype, void* dst, int64_t n);
/* First i with a non-finite f32(src[i]) in *index, or -1. */
BC_API bc_status bc_find_nonfinite(int32_t dtype, const void* src, int64_t n, int64_t* index);

/* ---- exact selection building blocks on keys of d = f32(ft) - f32(base) ---- */
/* For every element with prefix_shift >= 32 or (key >> prefix_shift) == prefix:
 * hist[(key >> bin_shift) & bin_mask] += 1. Accumulates across calls (chunks). */
BC_API bc_status bc_key_histogram(int32_t dtype, const void* base, const void* ft, int64_t n,
                                  uint32_t prefix_shift, uint32_t prefix, uint32_t bin_shift,
                                  uint32_t bin_mask, uint64_t* hist);
/* *above += count of key > key; *equal += count of key == key. */
BC_API bc_status bc_key_count(int32_t dtype, const void* base, const void* ft, int64_t n, uint32_t key,
                              int64_t* above, int64_t* equal);
/* *offset = chunk offset of the c-th (0-based) element with key == key, or -1 if fewer exist. */
BC_API bc_status bc_key_find(int32_t dtype, const void* base, const void* ft, int64_t n, uint32_t key,
                             int64_t c, int64_t* offset);
/* keys[j] = key of element pos[j] (chunk offsets, any order). */
BC_API bc_status bc_keys_at(int32_t dtype, const void* base, const void* ft, const int64_t* pos, int64_t m,
                            uint32_t* keys);

/* ---- fused merge ---- */
/* Workspace bytes that bc_merge_chunk / bc_merge_points need for desc. */
BC_API bc_status bc_merge_chunk_workspace(const bc_merge_desc* desc, size_t* bytes);
/* One fused pass over a chunk: d on the fly, non-finite check of every input, masks from bounds / DARE,
 * combination, out = base + lambda*acc converted to out_dtype. Undecided elements are written with the
 * window's provisional guess and listed in stats with their keys (the caller recomputes the few whose
 * exact fate differs with bc_merge_points). Counts whose arrays are NULL are not computed: with exact
 * bounds and count_above, count_point and kept all NULL the kernels take a leaner path (same output). */
BC_API bc_status bc_merge_chunk(const bc_merge_desc* desc, const bc_chunk* chunk, void* workspace,
                                size_t workspace_bytes, bc_chunk_stats* stats);
/* The statistics pass of exact selection, without merging: for every BC_MASK_RANK model t and bound b
 * (slot 2t+b) adds to count_above, count_point and the window recording what bc_merge_chunk adds (the other
 * fields are left alone), and checks base and every fine-tune for non-finite values like bc_merge_chunk (same
 * error, same index). tie_keys (NULL, or [2*n_models]) may name, per window slot, one key inside the window
 * -- a large tie group -- whose elements are counted in count_point[slot] instead of being recorded; a key
 * outside the window (0xFFFFFFFF) names none. chunk->out is not used; stats must not be NULL. */
BC_API bc_status bc_scan_bounds(const bc_merge_desc* desc, const bc_chunk* chunk, const uint32_t* tie_keys,
                                bc_chunk_stats* stats);
/* Recompute only elements pos[j] (flat indices inside the chunk, ascending) as bc_merge_chunk would;
 * write == 0 computes the statistics without writing out. */
BC_API bc_status bc_merge_points(const bc_merge_desc* desc, const bc_chunk* chunk, const int64_t* pos,
                                 int64_t m, int32_t write, void* workspace, size_t workspace_bytes,
                                 bc_chunk_stats* stats);
/* Workspace bytes for bc_merge_rows with rows of row_len elements. */
BC_API bc_status bc_merge_rows_workspace(const bc_merge_desc* desc, int64_t row_len, size_t* bytes);
/* Whole ranking units in cache: chunk->n = rows * row_len; every row is one unit whose exact ranks
 * decide BC_MASK_RANK via rank_lo/rank_hi (bounds are ignored). index0 must be a row start. */
BC_API bc_status bc_merge_rows(const bc_merge_desc* desc, const bc_chunk* chunk, int64_t row_len,
                               void* workspace, size_t workspace_bytes, bc_chunk_stats* stats);

/* ---- I/O help ---- */
/* Advises that [addr, addr + bytes) of a file mapping is read soon: starts readahead of pages not in the page
 * cache (MADV_WILLNEED) and, with populate != 0, maps the cached ones into the page table in one call
 * (MADV_POPULATE_READ, Linux 5.14+), so the merge does not fault page by page. Advisory: it never fails on
 * a valid range (kernels without the advice ignore it) and is a no-op off Linux. */
BC_API bc_status bc_prefetch(const void* addr, int64_t bytes, int32_t populate);

/* ---- SPEC helpers (exposed so every layer shares one definition) ---- */
BC_API uint64_t bc_splitmix64(uint64_t x);
BC_API uint64_t bc_fnv1a64(const void* bytes, int64_t n);

#ifdef __cplusplus
}
#endif
#endif /* BC_H */

// merge_rows_ref.cpp — bc_merge_rows for every level: exact per-row rank boundaries by radix selection on
// keys (no sort), turned into point bounds, then the level's chunk kernel on the row.
#include <cstdint>
#include <vector>

#include "cpu/kernels.h"
#include "ref/scalar.h"

namespace bc {
namespace {

constexpr int kTopBins = 2048;  // first radix digit: key bits 30..20 (keys are < 2^31)
constexpr int kLowBins = 1024;  // then two 10-bit digits

// Histogram of the first digit, shared by both boundaries of a model.
void top_histogram(const uint32_t* keys, int64_t n, uint64_t* top) {
  for (int b = 0; b < kTopBins; b++) top[b] = 0;
  for (int64_t i = 0; i < n; i++) top[keys[i] >> 20]++;
}

// The bound for boundary r of a row: before(b) holds exactly for the r elements of rank < r in
// (key desc, flat index asc) order. The first digit comes from the shared histogram; the keys of the chosen
// bin are gathered (usually few) and the two lower digits ranked among them alone; one more pass finds the
// flat index (cut) of the first equal-key element not before r.
bc_bound bound_for_rank(const uint32_t* keys, int64_t n, int64_t r, int64_t index0, const uint64_t* top,
                        uint32_t* bin_keys, uint64_t* hist) {
  if (r <= 0) return bc_bound{0xFFFFFFFFu, 0xFFFFFFFFu, 0};
  if (r >= n) return bc_bound{0u, 0u, INT64_MAX};
  int64_t rem = r;  // rank of the target among keys that share the digits fixed so far
  int b = kTopBins - 1;  // larger keys rank first
  while (rem >= int64_t(top[b])) rem -= int64_t(top[b--]);
  uint32_t prefix = uint32_t(b);
  int64_t m = 0;
  for (int64_t i = 0; i < n; i++) {  // branch-free compaction
    bin_keys[m] = keys[i];
    m += (keys[i] >> 20) == prefix;
  }
  for (int shift = 10; shift >= 0; shift -= 10) {
    for (int h = 0; h < kLowBins; h++) hist[h] = 0;
    for (int64_t j = 0; j < m; j++)
      if ((bin_keys[j] >> (shift + 10)) == prefix) hist[(bin_keys[j] >> shift) & uint32_t(kLowBins - 1)]++;
    b = kLowBins - 1;
    while (rem >= int64_t(hist[b])) rem -= int64_t(hist[b--]);
    prefix = (prefix << 10) | uint32_t(b);
  }
  const uint32_t key = prefix;
  int64_t cut = INT64_MAX;
  for (int64_t i = 0; i < n; i++)
    if (keys[i] == key && rem-- == 0) {
      cut = index0 + i;
      break;
    }
  return bc_bound{key, key, cut};
}

inline int64_t clamp(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }
inline size_t align64(size_t v) { return (v + 63) & ~size_t(63); }

}  // namespace

size_t merge_rows_ws_bytes(const bc_merge_desc* desc, int64_t row_len) {
  return align64(merge_chunk_ws_bytes(desc)) + 2 * align64(size_t(row_len) * 4) + (kTopBins + kLowBins) * 8 + 64;
}

bc_status merge_rows_impl(const Kernels& k, const bc_merge_desc* desc, const bc_chunk* chunk, int64_t row_len,
                          void* ws, bc_chunk_stats* st) {
  if (row_len == 0 || chunk->n == 0) return BC_OK;
  const int n_models = desc->n_models;
  char* w = static_cast<char*>(ws);
  void* chunk_ws = w;
  uint32_t* keys = reinterpret_cast<uint32_t*>(w + align64(merge_chunk_ws_bytes(desc)));
  uint32_t* bin_keys = reinterpret_cast<uint32_t*>(reinterpret_cast<char*>(keys) + align64(size_t(row_len) * 4));
  uint64_t* top = reinterpret_cast<uint64_t*>(reinterpret_cast<char*>(bin_keys) + align64(size_t(row_len) * 4));
  uint64_t* hist = top + kTopBins;

  std::vector<bc_model_spec> specs(desc->models, desc->models + n_models);
  std::vector<const void*> fts(n_models);
  bc_merge_desc row_desc = *desc;
  row_desc.models = specs.data();
  // Exact bounds leave no candidates and no bound counts: the row kernel reports kept/conflicts/consensus.
  bc_chunk_stats row_st = {};
  row_st.kept = st->kept;
  const bool ranked = desc->combine != BC_COMBINE_LINEAR;  // LINEAR evaluates no masks

  const size_t in_size = dtype_size(desc->in_dtype), out_size = dtype_size(desc->out_dtype);
  const int64_t rows = chunk->n / row_len;
  bc_status status = BC_OK;
  for (int64_t r = 0; r < rows && status == BC_OK; r++) {
    const int64_t off = r * row_len, row_index0 = chunk->index0 + off;
    const void* base = chunk->base ? static_cast<const char*>(chunk->base) + off * in_size : nullptr;
    for (int t = 0; t < n_models; t++) {
      fts[t] = static_cast<const char*>(chunk->ft[t]) + off * in_size;
      if (!ranked || specs[t].mask != BC_MASK_RANK) continue;
      k.keys(desc->in_dtype, base, fts[t], row_len, keys);
      const int64_t lo = clamp(specs[t].rank_lo, 0, row_len), hi = clamp(specs[t].rank_hi, 0, row_len);
      top_histogram(keys, row_len, top);
      specs[t].lo = bound_for_rank(keys, row_len, lo, row_index0, top, bin_keys, hist);
      specs[t].hi = bound_for_rank(keys, row_len, hi, row_index0, top, bin_keys, hist);
    }
    bc_chunk rc = {row_len, row_index0, base, fts.data(), static_cast<char*>(chunk->out) + off * out_size};
    status = k.merge_chunk(&row_desc, &rc, chunk_ws, &row_st);
  }
  st->conflicts += row_st.conflicts;
  st->consensus += row_st.consensus;
  if (status == BC_ERR_NONFINITE) report_nonfinite(st, row_st.bad_input, row_st.bad_index);
  return status;
}

}  // namespace bc

// merge_points_ref.cpp — SPEC.md's per-element rules (task vector, masks, "Combination") written one element
// at a time in the order the SPEC writes them: bc_merge_points on every level, and the oracle the tests hold
// the blocked chunk kernels (merge_chunk_ref.cpp, AVX2) against.
#include <cmath>

#include "cpu/kernels.h"
#include "ref/scalar.h"

namespace bc {
namespace {

// TIES election on v_t = w_t * md_t (SPEC): returns the (optionally normalised) elected sum.
float ties(const bc_merge_desc& ds, const float* md, bc_chunk_stats& st) {
  const bc_model_spec* ms = ds.models;
  float s = 0.0f;
  for (int t = 0; t < ds.n_models; t++) s = s + (ms[t].weight * md[t]);
  const bool up = s >= 0.0f;  // NaN elects -1
  float acc = 0.0f, dsum = 0.0f;
  bool conflict = false;
  for (int t = 0; t < ds.n_models; t++) {
    float v = ms[t].weight * md[t];
    if (up ? pos(v) : neg(v)) {
      acc = acc + v;
      dsum = dsum + ms[t].weight;
    } else if (up ? neg(v) : pos(v)) {
      conflict = true;
    }
  }
  st.conflicts += conflict;
  if (ds.normalize && dsum != 0.0f) acc = acc / dsum;
  return acc;
}

// TALL masks against the unsparsified d_t: keep T where at least k models agree.
float consensus(const bc_merge_desc& ds, const float* d, float total, bc_chunk_stats& st) {
  int64_t c = 0;
  for (int t = 0; t < ds.n_models; t++)
    c += std::fabs(d[t]) > ds.models[t].tall_lambda * std::fabs(total - d[t]);
  if (c < ds.consensus_k) return 0.0f;
  st.consensus++;
  return total;
}

// One element at chunk offset `off`. d and md are N-float scratch. Returns false on a non-finite input.
// DT is a template parameter only so the dtype switch leaves the per-model loops.
template <int DT>
bool element(const bc_merge_desc& ds, const bc_chunk& c, int64_t off, float* d, float* md,
             bc_chunk_stats& st, float* out) {
  const int n_models = ds.n_models;
  constexpr int dt = DT;
  const bc_model_spec* ms = ds.models;
  const int64_t idx = c.index0 + off;
  if (ds.combine == BC_COMBINE_LINEAR) {  // no base, no masks: every model is used whole
    for (int t = 0; t < n_models; t++) {
      d[t] = load_f32(dt, c.ft[t], off);
      if (!is_finite(d[t])) return report_nonfinite(&st, t, idx), false;
    }
    float acc = 0.0f;
    for (int t = 0; t < n_models; t++) acc = acc + (ms[t].weight * d[t]);
    if (ds.normalize && ds.weight_sum != 0.0f) acc = acc / ds.weight_sum;
    if (st.kept)
      for (int t = 0; t < n_models; t++) st.kept[t]++;
    *out = acc;
    return true;
  }
  const float b = load_f32(dt, c.base, off);
  if (!is_finite(b)) return report_nonfinite(&st, -1, idx), false;
  for (int t = 0; t < n_models; t++) {
    float f = load_f32(dt, c.ft[t], off);
    if (!is_finite(f)) return report_nonfinite(&st, t, idx), false;
    d[t] = f - b;
  }
  bool cand = false;
  for (int t = 0; t < n_models; t++) {
    const bc_model_spec& m = ms[t];
    bool keep = true;
    if (m.mask == BC_MASK_RANK) {
      const uint32_t k = key_of(d[t]);
      if (st.count_above) {
        st.count_above[2 * t] += k > m.lo.key_hi;
        st.count_above[2 * t + 1] += k > m.hi.key_hi;
      }
      if (st.count_point) {
        st.count_point[2 * t] += is_point(m.lo) && k == m.lo.key_hi;
        st.count_point[2 * t + 1] += is_point(m.hi) && k == m.hi.key_hi;
      }
      cand |= undecided(m.lo, k) || undecided(m.hi, k);  // provisional: before() uses the window's guess
      keep = !before(m.lo, k, idx) && before(m.hi, k, idx);
    } else if (m.mask == BC_MASK_DARE) {
      keep = dare_keep(m.dare_hash, m.dare_threshold, idx);
    }
    if (st.kept) st.kept[t] += keep;
    md[t] = !keep ? 0.0f : (m.mask == BC_MASK_DARE && m.dare_rescale) ? d[t] / m.dare_rho : d[t];
  }
  if (cand) record_candidate(st, idx);
  float acc = 0.0f;
  switch (ds.combine) {
    case BC_COMBINE_SUM:
      for (int t = 0; t < n_models; t++) acc = acc + (ms[t].weight * md[t]);
      if (ds.normalize && ds.weight_sum != 0.0f) acc = acc / ds.weight_sum;
      break;
    case BC_COMBINE_TIES: acc = ties(ds, md, st); break;
    case BC_COMBINE_CONSENSUS_SUM: {
      float total = 0.0f;
      for (int t = 0; t < n_models; t++) total = total + (ms[t].weight * d[t]);
      acc = consensus(ds, d, total, st);
      break;
    }
    default: acc = consensus(ds, d, ties(ds, md, st), st); break;
  }
  *out = b + (ds.lambda * acc);
  return true;
}

template <int DT>
bc_status points_t(const bc_merge_desc* desc, const bc_chunk* chunk, const int64_t* pos, int64_t m, int32_t write,
                   float* d, bc_chunk_stats* st) {
  float* md = d + desc->n_models;
  for (int64_t j = 0; j < m; j++) {
    const int64_t off = pos[j] - chunk->index0;
    float v;
    if (!element<DT>(*desc, *chunk, off, d, md, *st, &v)) return BC_ERR_NONFINITE;
    if (write) store_f32(desc->out_dtype, chunk->out, off, v);
  }
  return BC_OK;
}

}  // namespace

bc_status merge_points_ref(const bc_merge_desc* desc, const bc_chunk* chunk, const int64_t* pos, int64_t m,
                           int32_t write, void* ws, bc_chunk_stats* st) {
  float* d = static_cast<float*>(ws);
  switch (desc->in_dtype) {
    case BC_F32: return points_t<BC_F32>(desc, chunk, pos, m, write, d, st);
    case BC_F16: return points_t<BC_F16>(desc, chunk, pos, m, write, d, st);
    case BC_BF16: return points_t<BC_BF16>(desc, chunk, pos, m, write, d, st);
    default: return points_t<BC_F64>(desc, chunk, pos, m, write, d, st);
  }
}

}  // namespace bc

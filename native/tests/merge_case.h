// merge_case.h — random merge cases for the backend tests: inputs of a dtype/distribution, per-model masks
// (ALL, RANK point/window/sentinel bounds taken from the data's own keys, DARE), weights and modes.
#pragma once
#include "test_util.h"

namespace t {

struct Case {
  int dt = BC_F32, out_dt = BC_F32, dist = NORMAL, combine = BC_COMBINE_SUM, n_models = 1;
  int64_t n = 0, index0 = 0;
  Buf base;
  std::vector<Buf> fts;
  std::vector<const void*> ft_ptrs;
  std::vector<bc_model_spec> specs;
  bc_merge_desc desc{};
  std::string label;

  bc_chunk chunk(void* out) const { return bc_chunk{n, index0, combine == BC_COMBINE_LINEAR && (n % 2) ? nullptr : base.data(), ft_ptrs.data(), out}; }
};

inline uint32_t pick_key(std::mt19937_64& rng, const Case& c, int t) {
  if (c.n == 0) return uint32_t(rng() % 0x7F800000u);
  const int64_t i = int64_t(rng() % uint64_t(c.n));
  return bc::key_at(c.dt, c.base.data(), c.fts[size_t(t)].data(), i);
}

inline bc_bound point(uint32_t key, int64_t cut) { return bc_bound{key, key, cut}; }

inline void make_masks(std::mt19937_64& rng, Case& c) {
  for (int t = 0; t < c.n_models; t++) {
    bc_model_spec m{};
    m.weight = std::vector<float>{1.0f, 0.5f, -0.7f, 0.0f, 2.5f, 0.3f}[rng() % 6];
    m.tall_lambda = std::vector<float>{0.4f, 0.0f, 1.0f, 2.0f}[rng() % 4];
    m.lo = bc_bound{0xFFFFFFFFu, 0xFFFFFFFFu, 0};
    m.hi = bc_bound{0u, 0u, INT64_MAX};
    const int kind = int(rng() % 6);
    const int64_t cut_span = c.n + 5;
    auto cut = [&] { return c.index0 - 2 + int64_t(rng() % uint64_t(cut_span)); };
    if (kind == 1 || kind == 2) {  // point bounds (kind 2: also exact keys on both sides)
      m.mask = BC_MASK_RANK;
      uint32_t a = pick_key(rng, c, t), b = pick_key(rng, c, t);
      if (a < b) std::swap(a, b);
      m.lo = point(a, cut());
      m.hi = point(b, cut());
      if (kind == 2 && rng() % 2) m.lo = bc_bound{0xFFFFFFFFu, 0xFFFFFFFFu, 0};
    } else if (kind == 3) {  // windows: undecided elements become candidates
      m.mask = BC_MASK_RANK;
      uint32_t k[4];
      for (auto& x : k) x = pick_key(rng, c, t);
      std::sort(k, k + 4);
      m.lo = bc_bound{k[3], k[2], 0};
      m.hi = rng() % 2 ? bc_bound{k[1], k[0], 0} : point(k[1], cut());
      if (rng() % 4 == 0) m.lo = bc_bound{0xFFFFFFFFu, 0u, 0};  // whole key range undecided
    } else if (kind == 4) {  // sentinels: nothing / everything
      m.mask = BC_MASK_RANK;
      if (rng() % 2) m.hi = bc_bound{0xFFFFFFFFu, 0xFFFFFFFFu, 0};
      if (rng() % 2) m.lo = bc_bound{0u, 0u, INT64_MAX};
    } else if (kind == 5) {
      m.mask = BC_MASK_DARE;
      const double rhos[] = {0.1, 0.5, 0.9, 1.0, 0.0, -1.0, 0.3};
      const double rho = rhos[rng() % 7];
      m.dare_rho = float(rho);
      m.dare_rescale = int(rng() % 2);
      m.dare_threshold = rho * 9007199254740992.0;
      const int odd = int(rng() % 8);
      if (odd == 0) m.dare_threshold = 4503599627370496.5;  // non-integer threshold
      if (odd == 1) m.dare_threshold = 9007199254740992.0 * 4;
      if (odd == 2) m.dare_threshold = NAN;
      m.dare_hash = rng();
    } else {
      m.mask = BC_MASK_ALL;
    }
    c.specs.push_back(m);
  }
}

inline Case make_case(std::mt19937_64& rng, int dt, int dist, int combine, int64_t n, int n_models) {
  Case c;
  c.dt = dt;
  c.dist = dist;
  c.combine = combine;
  c.n = n;
  c.n_models = n_models;
  c.out_dt = int(rng() % 4);
  c.index0 = rng() % 3 == 0 ? 0 : int64_t(rng() % (int64_t(1) << 34));
  std::vector<double> b = gen(rng, dist, dt, n, nullptr);
  std::vector<std::vector<double>> f;
  for (int t = 0; t < n_models; t++) f.push_back(gen(rng, dist, dt, n, &b));
  if (dist == NONFINITE) {
    const int where = int(rng() % (n_models + 1)) - 1;
    inject_nonfinite(rng, dt, where < 0 ? b : f[size_t(where)], 1 + int(rng() % 3));
    if (rng() % 2) inject_nonfinite(rng, dt, f[rng() % f.size()], 1);
  }
  c.base = encode(dt, b);
  for (auto& v : f) c.fts.push_back(encode(dt, v));
  for (auto& x : c.fts) c.ft_ptrs.push_back(x.data());
  make_masks(rng, c);
  c.desc.combine = combine;
  c.desc.n_models = n_models;
  c.desc.in_dtype = dt;
  c.desc.out_dtype = c.out_dt;
  c.desc.lambda = std::vector<float>{1.0f, 0.3f, -1.5f}[rng() % 3];
  c.desc.normalize = int(rng() % 2);
  float w = 0.0f;
  for (auto& m : c.specs) w = w + m.weight;
  c.desc.weight_sum = w;
  c.desc.consensus_k = std::vector<int>{0, 1, 2, n_models, n_models + 1, -1}[rng() % 6];
  c.desc.models = c.specs.data();
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s->%s %s combine=%d n=%lld N=%d index0=%lld", dtype_name(dt), dtype_name(c.out_dt),
                dist_name(dist), combine, (long long)n, n_models, (long long)c.index0);
  c.label = buf;
  return c;
}

// The first non-finite input in SPEC order (smallest index; base, then models), or {0, -1}.
inline std::pair<int, int64_t> first_bad(const Case& c) {
  for (int64_t i = 0; i < c.n; i++) {
    if (c.combine != BC_COMBINE_LINEAR && !bc::is_finite(bc::load_f32(c.dt, c.base.data(), i))) return {-1, c.index0 + i};
    for (int t = 0; t < c.n_models; t++)
      if (!bc::is_finite(bc::load_f32(c.dt, c.fts[size_t(t)].data(), i))) return {t, c.index0 + i};
  }
  return {0, -1};
}

}  // namespace t

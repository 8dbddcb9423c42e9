// merge_rows_test.cpp — bc_merge_rows: AVX2 against scalar bit for bit, and both against an independent
// brute force (sort each row by (key desc, index asc), turn ranks into point bounds, run bc_merge_chunk).
#include <algorithm>
#include <numeric>

#include "merge_case.h"

using namespace t;

namespace {

struct Out {
  bc_status status;
  std::vector<unsigned char> out;
  Stats st;
};

Out run_rows(const Case& c, int64_t row_len, int level) {
  std::vector<unsigned char> out(size_t(c.n) * bc::dtype_size(c.out_dt), 0xA5);
  Stats st(c.n_models, 0);
  size_t wsb = 0;
  bc_merge_rows_workspace(&c.desc, row_len, &wsb);
  std::vector<unsigned char> ws(wsb);
  bc_chunk ch = c.chunk(out.data());
  bc_status s = at_level(level, [&] { return bc_merge_rows(&c.desc, &ch, row_len, ws.data(), ws.size(), &st.s); });
  return Out{s, std::move(out), std::move(st)};
}

// Brute force: point bound of boundary r from a full sort of the row.
bc_bound sorted_bound(const std::vector<int64_t>& order, const std::vector<uint32_t>& keys, int64_t r, int64_t index0) {
  const int64_t n = int64_t(order.size());
  if (r <= 0) return bc_bound{0xFFFFFFFFu, 0xFFFFFFFFu, 0};
  if (r >= n) return bc_bound{0u, 0u, INT64_MAX};
  const int64_t i = order[size_t(r)];
  return bc_bound{keys[size_t(i)], keys[size_t(i)], index0 + i};
}

Out brute(const Case& c, int64_t row_len) {
  std::vector<unsigned char> out(size_t(c.n) * bc::dtype_size(c.out_dt), 0xA5);
  Stats st(c.n_models, 0);
  std::vector<unsigned char> ws = workspace(c.desc);
  const size_t es = bc::dtype_size(c.dt), os = bc::dtype_size(c.out_dt);
  for (int64_t r = 0; r * row_len < c.n; r++) {
    const int64_t off = r * row_len;
    std::vector<bc_model_spec> specs = c.specs;
    std::vector<const void*> fts;
    for (int t = 0; t < c.n_models; t++) {
      fts.push_back(static_cast<const char*>(c.ft_ptrs[size_t(t)]) + off * es);
      if (specs[size_t(t)].mask != BC_MASK_RANK) continue;
      std::vector<uint32_t> keys(static_cast<size_t>(row_len));
      for (int64_t i = 0; i < row_len; i++) keys[size_t(i)] = bc::key_at(c.dt, c.base.data(), c.fts[size_t(t)].data(), off + i);
      std::vector<int64_t> order(static_cast<size_t>(row_len));
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return keys[size_t(a)] > keys[size_t(b)]; });
      auto& m = specs[size_t(t)];
      m.lo = sorted_bound(order, keys, m.rank_lo, c.index0 + off);
      m.hi = sorted_bound(order, keys, m.rank_hi, c.index0 + off);
    }
    bc_merge_desc d = c.desc;
    d.models = specs.data();
    bc_chunk ch{row_len, c.index0 + off, c.chunk(nullptr).base ? static_cast<const char*>(c.base.data()) + off * es : nullptr,
                fts.data(), out.data() + off * os};
    bc_chunk_stats s = st.s;
    s.count_above = s.count_point = nullptr;
    bc_status status = at_level(BC_SIMD_SCALAR, [&] { return bc_merge_chunk(&d, &ch, ws.data(), ws.size(), &s); });
    st.s.conflicts = s.conflicts;
    st.s.consensus = s.consensus;
    if (status != BC_OK) return Out{status, out, std::move(st)};
  }
  return Out{BC_OK, std::move(out), std::move(st)};
}

}  // namespace

int main() {
  const bool avx2 = avx2_or_skip("AVX2-vs-scalar comparisons of bc_merge_rows (brute-force checks still run)");
  std::mt19937_64 rng(777);
  int64_t cases = 0;
  const int64_t row_lens[] = {1, 2, 3, 8, 17, 64, 1000, 4097};
  const int dists[] = {NORMAL, DUPLICATES, ALL_EQUAL, ZEROS, SIGNED_ZEROS, HEAVY, DENORMALS, NONFINITE};
  for (int64_t row_len : row_lens)
    for (int dt = 0; dt < 4; dt++)
      for (int dist : dists)
        for (int comb = 0; comb < 5; comb++) {
          const int64_t rows = 1 + int64_t(rng() % 3);
          Case c = make_case(rng, dt, dist, comb, rows * row_len, 1 + int(rng() % 4));
          c.index0 = row_len * int64_t(rng() % 1000);  // a row start
          for (auto& m : c.specs) {
            if (m.mask == BC_MASK_RANK || rng() % 2) m.mask = BC_MASK_RANK;
            const int64_t a = int64_t(rng() % uint64_t(row_len + 1)), b = int64_t(rng() % uint64_t(row_len + 1));
            switch (rng() % 6) {
              case 0: m.rank_lo = 0, m.rank_hi = 0; break;
              case 1: m.rank_lo = 0, m.rank_hi = row_len; break;
              case 2: m.rank_lo = std::min(a, b), m.rank_hi = std::max(a, b); break;
              case 3: m.rank_lo = std::max(a, b), m.rank_hi = std::min(a, b); break;  // empty range
              case 4: m.rank_lo = -5, m.rank_hi = row_len + 5; break;                 // clamped
              default: m.rank_lo = a, m.rank_hi = row_len; break;
            }
          }
          c.desc.models = c.specs.data();
          Out ref = run_rows(c, row_len, BC_SIMD_SCALAR);
          Out bf = brute(c, row_len);
          CHECK(ref.status == bf.status, "%s row_len=%lld: rows status %d, brute force %d", c.label.c_str(),
                (long long)row_len, ref.status, bf.status);
          if (ref.status == BC_OK) {
            CHECK(ref.out == bf.out, "%s row_len=%lld: rows output differs from brute force", c.label.c_str(), (long long)row_len);
            CHECK(ref.st.kept == bf.st.kept && ref.st.s.conflicts == bf.st.s.conflicts &&
                      ref.st.s.consensus == bf.st.s.consensus && ref.st.s.candidates == 0,
                  "%s row_len=%lld: rows stats differ from brute force", c.label.c_str(), (long long)row_len);
          } else {
            const auto bad = first_bad(c);
            CHECK(ref.st.s.bad_index == bad.second && ref.st.s.bad_input == bad.first, "%s: rows bad index", c.label.c_str());
          }
          if (avx2) {
            Out v = run_rows(c, row_len, BC_SIMD_AVX2);
            CHECK(v.status == ref.status, "%s: rows avx2 status %d != %d", c.label.c_str(), v.status, ref.status);
            if (ref.status == BC_OK)
              CHECK(v.out == ref.out && v.st.same(ref.st), "%s row_len=%lld: rows avx2 differs from scalar", c.label.c_str(),
                    (long long)row_len);
            else
              CHECK(v.st.s.bad_index == ref.st.s.bad_index && v.st.s.bad_input == ref.st.s.bad_input,
                    "%s: rows avx2 bad index", c.label.c_str());
          }
          cases++;
        }
  // row_len == 0 does nothing.
  {
    Case c = make_case(rng, BC_F32, NORMAL, BC_COMBINE_SUM, 0, 2);
    Out r = run_rows(c, 0, BC_SIMD_SCALAR);
    CHECK(r.status == BC_OK, "row_len 0: status %d", r.status);
  }
  std::printf("merge_rows_test: %lld cases\n", (long long)cases);
  return summary("merge_rows_test");
}

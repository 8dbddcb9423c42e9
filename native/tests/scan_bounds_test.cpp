// scan_bounds_test.cpp — bc_scan_bounds at every level against a naive per-element statement of its contract
// (bc.h: keys above each bound, point counts, window records in index order, capacity, non-finite report),
// and against the statistics bc_merge_chunk adds for the same bounds. Tolerance: none (integers and indices).
#include "merge_case.h"

using namespace t;

namespace {

struct Scan {
  bc_status status;
  Stats st;
};

Scan run_scan(const Case& c, int level, int64_t cap, const uint32_t* ties) {
  Stats st(c.n_models, cap);
  bc_chunk ch{c.n, c.index0, c.base.data(), c.ft_ptrs.data(), nullptr};
  bc_status s = at_level(level, [&] { return bc_scan_bounds(&c.desc, &ch, ties, &st.s); });
  return Scan{s, std::move(st)};
}

// A window's tie key per bc.h: inside the window (and a possible key), else none.
bool tied(const bc_bound& b, const uint32_t* ties, int slot) {
  return ties && b.key_lo < b.key_hi && b.key_lo <= ties[slot] && ties[slot] <= b.key_hi && ties[slot] <= 0x7FFFFFFFu;
}

// The contract, element by element.
Stats naive(const Case& c, int64_t cap, const uint32_t* ties) {
  Stats st(c.n_models, cap);
  for (int t = 0; t < c.n_models; t++) {
    const bc_model_spec& m = c.specs[size_t(t)];
    if (m.mask != BC_MASK_RANK) continue;
    const bc_bound* b[2] = {&m.lo, &m.hi};
    for (int64_t i = 0; i < c.n; i++) {
      const uint32_t k = bc::key_at(c.dt, c.base.data(), c.fts[size_t(t)].data(), i);
      for (int s = 0; s < 2; s++) {
        const int slot = 2 * t + s;
        st.above[size_t(slot)] += k > b[s]->key_hi;
        if (bc::is_point(*b[s])) st.point[size_t(slot)] += k == b[s]->key_hi;
        if (tied(*b[s], ties, slot) && k == ties[slot]) st.point[size_t(slot)]++;
        else if (bc::undecided(*b[s], k)) bc::record_window(st.s, slot, c.index0 + i, k);
      }
    }
  }
  return st;
}

bool same_scan(const Stats& a, const Stats& b) {
  return a.above == b.above && a.point == b.point && a.s.candidates == b.s.candidates && a.same(b, false, false) &&
         a.wcount == b.wcount && [&] {
           for (size_t slot = 0; slot < a.wcount.size(); slot++) {
             const int64_t n = std::min<int64_t>(a.wcount[slot], a.s.win_capacity), at = int64_t(slot) * a.s.win_capacity;
             if (!std::equal(a.widx.begin() + at, a.widx.begin() + at + n, b.widx.begin() + at) ||
                 !std::equal(a.wkey.begin() + at, a.wkey.begin() + at + n, b.wkey.begin() + at))
               return false;
           }
           return true;
         }();
}

// Tie keys for some slots: a key from the data (often inside the window), a window end, or none.
std::vector<uint32_t> tie_keys(std::mt19937_64& rng, const Case& c) {
  std::vector<uint32_t> ties(size_t(2 * c.n_models), 0xFFFFFFFFu);
  for (int t = 0; t < c.n_models; t++)
    for (int s = 0; s < 2; s++) {
      const bc_bound& b = s ? c.specs[size_t(t)].hi : c.specs[size_t(t)].lo;
      const int pick = int(rng() % 4);
      if (pick == 1) ties[size_t(2 * t + s)] = pick_key(rng, c, t);
      if (pick == 2) ties[size_t(2 * t + s)] = b.key_lo;
      if (pick == 3) ties[size_t(2 * t + s)] = b.key_hi;
    }
  return ties;
}

void check_case(std::mt19937_64& rng, const Case& c, bool avx2) {
  const int64_t caps[] = {0, 1, 5, 9, 64, c.n + 8};
  const int64_t cap = caps[rng() % 6];
  const std::vector<uint32_t> tie_vec = tie_keys(rng, c);
  const uint32_t* ties = rng() % 3 ? tie_vec.data() : nullptr;
  const auto bad = first_bad(c);
  const int levels[] = {BC_SIMD_SCALAR, BC_SIMD_AVX2};
  for (int level : levels) {
    if (level == BC_SIMD_AVX2 && !avx2) continue;
    const char* ln = level == BC_SIMD_AVX2 ? "avx2" : "scalar";
    Scan r = run_scan(c, level, cap, ties);
    if (bad.second >= 0) {
      CHECK(r.status == BC_ERR_NONFINITE && r.st.s.bad_input == bad.first && r.st.s.bad_index == bad.second,
            "%s %s: status %d bad %d@%lld, expected NONFINITE %d@%lld", c.label.c_str(), ln, r.status, r.st.s.bad_input,
            (long long)r.st.s.bad_index, bad.first, (long long)bad.second);
      continue;
    }
    CHECK(r.status == BC_OK, "%s %s: status %d (%s)", c.label.c_str(), ln, r.status, bc_last_error());
    Stats want = naive(c, cap, ties);
    CHECK(same_scan(r.st, want), "%s cap=%lld %s: scan statistics differ from the contract", c.label.c_str(),
          (long long)cap, ln);
    // Without tie keys, bc_merge_chunk adds the same bound counts and records (its other fields are its own).
    if (level == BC_SIMD_SCALAR && !ties) {
      std::vector<unsigned char> out(size_t(c.n) * bc::dtype_size(c.out_dt) + 1);
      Stats m(c.n_models, cap);
      std::vector<unsigned char> ws = workspace(c.desc);
      bc_chunk ch = c.chunk(out.data());
      ch.base = c.base.data();
      bc_status s = bc_merge_chunk(&c.desc, &ch, ws.data(), ws.size(), &m.s);
      CHECK(s == BC_OK && m.above == r.st.above && m.point == r.st.point && m.wcount == r.st.wcount,
            "%s: bc_merge_chunk counts differ from bc_scan_bounds", c.label.c_str());
    }
  }
}

void arguments() {
  std::mt19937_64 rng(5);
  Case c = make_case(rng, BC_F32, NORMAL, BC_COMBINE_SUM, 10, 2);
  bc_chunk ch{c.n, c.index0, c.base.data(), c.ft_ptrs.data(), nullptr};
  CHECK(bc_scan_bounds(&c.desc, &ch, nullptr, nullptr) == BC_ERR_ARG, "NULL stats must be an argument error");
  Stats st(2, 4);
  ch.base = nullptr;
  CHECK(bc_scan_bounds(&c.desc, &ch, nullptr, &st.s) == BC_ERR_ARG && std::strstr(bc_last_error(), "base"),
        "NULL base must be an argument error naming base: %s", bc_last_error());
  ch.base = c.base.data();
  ch.n = -1;
  CHECK(bc_scan_bounds(&c.desc, &ch, nullptr, &st.s) == BC_ERR_ARG, "negative n must be an argument error");
  CHECK(bc_scan_bounds(nullptr, &ch, nullptr, &st.s) == BC_ERR_ARG, "NULL desc must be an argument error");
}

}  // namespace

int main() {
  const bool avx2 = avx2_or_skip("scan_bounds avx2 level");
  std::mt19937_64 rng(20261129);
  const int64_t sizes[] = {0, 1, 7, 8, 9, 31, 1023, 1024, 1025, 2049, 4100};
  for (int dt = BC_F32; dt <= BC_F64; dt++)
    for (int dist = 0; dist < N_DIST; dist++)
      for (int64_t n : sizes)
        for (int rep = 0; rep < 3; rep++) check_case(rng, make_case(rng, dt, dist, BC_COMBINE_SUM, n, 1 + int(rng() % 4)), avx2);
  // Narrow windows around real quantiles, as the engine uses them: most vectors record nothing.
  for (int rep = 0; rep < 40; rep++) {
    Case c = make_case(rng, int(rng() % 4), NORMAL, BC_COMBINE_SUM, 3000 + int64_t(rng() % 3000), 3);
    for (int t = 0; t < c.n_models; t++) {
      std::vector<uint32_t> k(size_t(c.n));
      for (int64_t i = 0; i < c.n; i++) k[size_t(i)] = bc::key_at(c.dt, c.base.data(), c.fts[size_t(t)].data(), i);
      std::sort(k.begin(), k.end());
      const size_t a = size_t(c.n) * 80 / 100, w = 1 + rng() % 40;
      c.specs[size_t(t)].mask = BC_MASK_RANK;
      c.specs[size_t(t)].hi = bc_bound{k[a + w], k[a - w], 0};
      c.specs[size_t(t)].lo = rng() % 2 ? bc_bound{k[size_t(c.n) - 5], k[size_t(c.n) - 20], 0} : point(k[size_t(c.n) - 9], c.index0 + 7);
    }
    check_case(rng, c, avx2);
  }
  arguments();
  return summary("scan_bounds_test");
}

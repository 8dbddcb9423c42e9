// merge_backend_test.cpp — one shared case list drives bc_merge_chunk / bc_merge_points at the AVX2 level
// against the scalar reference, bit for bit (outputs, statistics, candidate lists, non-finite reports).
// Tolerance policy: none. SPEC requires bit-identical results, so every comparison is exact (memcmp).
#include "merge_case.h"

using namespace t;

namespace {

struct Run {
  bc_status status;
  std::vector<unsigned char> out;
  Stats st;
};

// lean: no kept or bound counts (NULL arrays), as a merge with known exact bounds runs.
Run run_chunk(const Case& c, int level, int64_t cap, bool lean = false) {
  std::vector<unsigned char> out(size_t(c.n) * bc::dtype_size(c.out_dt) + 1, 0xA5);
  Stats st(c.n_models, cap);
  if (lean) st.s.count_above = st.s.count_point = st.s.kept = nullptr;
  std::vector<unsigned char> ws = workspace(c.desc);
  bc_chunk ch = c.chunk(out.data());
  bc_status s = at_level(level, [&] { return bc_merge_chunk(&c.desc, &ch, ws.data(), ws.size(), &st.s); });
  return Run{s, std::move(out), std::move(st)};
}

Run run_points(const Case& c, int level, const std::vector<int64_t>& pos, int write, int64_t cap) {
  std::vector<unsigned char> out(size_t(c.n) * bc::dtype_size(c.out_dt) + 1, 0xA5);
  Stats st(c.n_models, cap);
  std::vector<unsigned char> ws = workspace(c.desc);
  bc_chunk ch = c.chunk(out.data());
  bc_status s = at_level(level, [&] {
    return bc_merge_points(&c.desc, &ch, pos.data(), int64_t(pos.size()), write, ws.data(), ws.size(), &st.s);
  });
  return Run{s, std::move(out), std::move(st)};
}

void compare_case(std::mt19937_64& rng, const Case& c, bool avx2) {
  const int64_t caps[] = {0, 3, c.n + 8};
  const int64_t cap = caps[rng() % 3];
  Run ref = run_chunk(c, BC_SIMD_SCALAR, cap);
  const auto bad = first_bad(c);
  if (bad.second >= 0) {
    CHECK(ref.status == BC_ERR_NONFINITE, "%s: scalar status %d, expected NONFINITE", c.label.c_str(), ref.status);
    CHECK(ref.st.s.bad_input == bad.first && ref.st.s.bad_index == bad.second, "%s: scalar bad %d@%lld, expected %d@%lld",
          c.label.c_str(), ref.st.s.bad_input, (long long)ref.st.s.bad_index, bad.first, (long long)bad.second);
  } else {
    CHECK(ref.status == BC_OK, "%s: scalar status %d (%s)", c.label.c_str(), ref.status, bc_last_error());
  }
  if (avx2) {
    Run v = run_chunk(c, BC_SIMD_AVX2, cap);
    CHECK(v.status == ref.status, "%s: avx2 status %d != scalar %d", c.label.c_str(), v.status, ref.status);
    if (ref.status == BC_ERR_NONFINITE) {
      CHECK(v.st.s.bad_input == ref.st.s.bad_input && v.st.s.bad_index == ref.st.s.bad_index,
            "%s: avx2 bad %d@%lld != scalar %d@%lld", c.label.c_str(), v.st.s.bad_input, (long long)v.st.s.bad_index,
            ref.st.s.bad_input, (long long)ref.st.s.bad_index);
    } else {
      CHECK(v.out == ref.out, "%s: avx2 output differs from scalar", c.label.c_str());
      if (v.out != ref.out) {
        for (int64_t i = 0; i < c.n; i++) {
          const size_t es = bc::dtype_size(c.out_dt);
          if (std::memcmp(&v.out[size_t(i) * es], &ref.out[size_t(i) * es], es)) {
            std::fprintf(stderr, "  first difference at offset %lld: avx2 %g scalar %g\n", (long long)i,
                         double(bc::load_f32(c.out_dt, v.out.data(), i)), double(bc::load_f32(c.out_dt, ref.out.data(), i)));
            break;
          }
        }
      }
      CHECK(v.st.same(ref.st), "%s: avx2 stats differ (cand %lld vs %lld, conflicts %lld vs %lld, consensus %lld vs %lld)",
            c.label.c_str(), (long long)v.st.s.candidates, (long long)ref.st.s.candidates, (long long)v.st.s.conflicts,
            (long long)ref.st.s.conflicts, (long long)v.st.s.consensus, (long long)ref.st.s.consensus);
    }
  }
  if (ref.status != BC_OK || c.n == 0) return;
  for (int level : {int(BC_SIMD_SCALAR), int(BC_SIMD_AVX2)}) {
    if (level == BC_SIMD_AVX2 && !avx2) continue;
    Run lean = run_chunk(c, level, cap, true);
    CHECK(lean.status == BC_OK && lean.out == ref.out && lean.st.s.conflicts == ref.st.s.conflicts &&
              lean.st.s.consensus == ref.st.s.consensus && lean.st.s.candidates == ref.st.s.candidates,
          "%s: level %d without counts differs from the counted pass", c.label.c_str(), level);
  }
  // Points: every element recomputed alone must equal the chunk pass (outputs and statistics) ...
  if (c.n <= 4097) {
    std::vector<int64_t> all(static_cast<size_t>(c.n));
    for (int64_t i = 0; i < c.n; i++) all[size_t(i)] = c.index0 + i;
    for (int level : {int(BC_SIMD_SCALAR), int(BC_SIMD_AVX2)}) {
      if (level == BC_SIMD_AVX2 && !avx2) continue;
      Run p = run_points(c, level, all, 1, cap);
      CHECK(p.status == BC_OK && p.out == ref.out && p.st.same(ref.st, true, false), "%s: points(all) level %d differ from chunk",
            c.label.c_str(), level);
    }
  }
  // ... and a subset with write == 0 leaves out untouched.
  std::vector<int64_t> sub;
  for (int64_t i = 0; i < c.n; i += 1 + int64_t(rng() % 7)) sub.push_back(c.index0 + i);
  Run p = run_points(c, BC_SIMD_SCALAR, sub, 0, cap);
  CHECK(p.status == BC_OK && std::all_of(p.out.begin(), p.out.end(), [](unsigned char b) { return b == 0xA5; }),
        "%s: points write=0 touched out", c.label.c_str());
}

}  // namespace

int main() {
  const bool avx2 = avx2_or_skip("AVX2-vs-scalar comparisons of bc_merge_chunk (scalar self-checks still run)");
  std::mt19937_64 rng(12345);
  const int64_t sizes[] = {0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 255, 256, 257, 1023, 1024, 1025, 4097};
  int64_t cases = 0;
  for (int64_t n : sizes)
    for (int dt = 0; dt < 4; dt++)
      for (int dist = 0; dist < N_DIST; dist++)
        for (int comb = 0; comb < 5; comb++) {
          const int n_models = 1 + int(rng() % 5);
          compare_case(rng, make_case(rng, dt, dist, comb, n, n_models), avx2);
          cases++;
        }
  // Large chunk: several blocks, tail block, every mode, both the common and the tie-heavy data.
  for (int dt = 0; dt < 4; dt++)
    for (int dist : {int(NORMAL), int(DUPLICATES)})
      for (int comb = 0; comb < 5; comb++) {
        compare_case(rng, make_case(rng, dt, dist, comb, (1 << 20) + 3, 3), avx2);
        cases++;
      }
  // Point cuts on and beside block edges (blocks are 1024 elements): the lean pass folds a cut that covers a
  // whole block, or none of it, into its thresholds and must agree with the counted pass and the per-element
  // form on either side of every edge. Tie-heavy data puts many elements on the cut keys.
  for (int dt = 0; dt < 4; dt++)
    for (int64_t cut : {-1, 0, 1, 1023, 1024, 1025, 2047, 2048, 3076, 3077, 3078}) {
      Case c = make_case(rng, dt, DUPLICATES, BC_COMBINE_SUM, 3 * 1024 + 5, 2);
      for (int t = 0; t < c.n_models; t++) {
        uint32_t a = pick_key(rng, c, t), b = pick_key(rng, c, t);
        if (a < b) std::swap(a, b);
        c.specs[size_t(t)].mask = BC_MASK_RANK;
        c.specs[size_t(t)].lo = point(a, c.index0 + cut);
        c.specs[size_t(t)].hi = point(b, c.index0 + (t ? 3077 - cut : cut));
      }
      c.label += " cut=" + std::to_string(cut);
      compare_case(rng, c, avx2);
      cases++;
    }
  // Non-finite far into a large chunk (the AVX2 kernel locates it inside a late block).
  for (int dt = 0; dt < 4; dt++) {
    compare_case(rng, make_case(rng, dt, NONFINITE, BC_COMBINE_TIES, 100003, 4), avx2);
    cases++;
  }
  std::printf("merge_backend_test: %lld cases\n", (long long)cases);
  return summary("merge_backend_test");
}

// spec_test.cpp — hand-computed cases for SPEC.md rules (hashes, RNE conversions, TIES with negative weights,
// strict TALL masks, bound semantics, DARE draws, row tie-break by index), run at every available level.
// GCC 12 reports a false -Wnonnull inside std::vector assignment at -O3 (GCC bug 107138).
#pragma GCC diagnostic ignored "-Wnonnull"
#include "test_util.h"

using namespace t;

namespace {

std::vector<int> g_levels;

struct Merge {
  int combine = BC_COMBINE_SUM;
  int normalize = 0;
  float lambda = 1.0f;
  int k = 2;
  std::vector<float> base;
  std::vector<std::vector<float>> ft;
  std::vector<bc_model_spec> specs;
  int64_t index0 = 0;

  bc_merge_desc desc() const {
    bc_merge_desc d{};
    d.combine = combine;
    d.n_models = int(ft.size());
    d.in_dtype = BC_F32;
    d.out_dtype = BC_F32;
    d.lambda = lambda;
    d.normalize = normalize;
    float w = 0.0f;
    for (auto& s : specs) w = w + s.weight;
    d.weight_sum = w;
    d.consensus_k = k;
    d.models = specs.data();
    return d;
  }
  // Output at the given level; stats go to st (sized by the caller).
  std::vector<float> run(int level, Stats& st, int64_t row_len = -1) const {
    bc_merge_desc d = desc();
    std::vector<const void*> p;
    for (auto& f : ft) p.push_back(f.data());
    std::vector<float> out(base.size());
    bc_chunk ch{int64_t(base.size()), index0, base.data(), p.data(), out.data()};
    size_t wsb = 0;
    if (row_len < 0) bc_merge_chunk_workspace(&d, &wsb);
    else bc_merge_rows_workspace(&d, row_len, &wsb);
    std::vector<unsigned char> ws(wsb);
    bc_status s = at_level(level, [&] {
      return row_len < 0 ? bc_merge_chunk(&d, &ch, ws.data(), wsb, &st.s) : bc_merge_rows(&d, &ch, row_len, ws.data(), wsb, &st.s);
    });
    CHECK(s == BC_OK, "merge failed: %s", bc_last_error());
    return out;
  }
};

bc_model_spec model(float w, float tall = 0.4f) {
  bc_model_spec m{};
  m.weight = w;
  m.tall_lambda = tall;
  m.lo = bc_bound{0xFFFFFFFFu, 0xFFFFFFFFu, 0};
  m.hi = bc_bound{0u, 0u, INT64_MAX};
  return m;
}

bool same(float a, float b) { return bc::f32_bits(a) == bc::f32_bits(b); }

void hashes() {
  CHECK(bc_splitmix64(0) == 0xE220A8397B1DCDAFULL, "splitmix64(0) = %016llx", (unsigned long long)bc_splitmix64(0));
  CHECK(bc_fnv1a64("", 0) == 0xCBF29CE484222325ULL, "fnv1a64(\"\")");
  CHECK(bc_fnv1a64("a", 1) == 0xAF63DC4C8601EC8CULL, "fnv1a64(\"a\") = %016llx", (unsigned long long)bc_fnv1a64("a", 1));
}

void conversions() {
  struct C { uint32_t f; uint16_t bf, h; };
  const C cs[] = {
      {0x3F808000u, 0x3F80, 0x3C04},  // 1 + 2^-8: BF16 tie -> even (down)
      {0x3F818000u, 0x3F82, 0x3C0C},  // 1 + 3*2^-8: BF16 tie -> even (up)
      {0x3F808001u, 0x3F81, 0x3C04},  // just above the tie: up
      {0x3F801000u, 0x3F80, 0x3C00},  // 1 + 2^-11: F16 tie -> even (down)
      {0x3F803000u, 0x3F80, 0x3C02},  // 1 + 3*2^-11: F16 tie -> even (up)
      {0x477FE000u, 0x4780, 0x7BFF},  // 65504: largest half
      {0x477FEFFFu, 0x4780, 0x7BFF},  // just under 65520: still 65504
      {0x477FF000u, 0x4780, 0x7C00},  // 65520: rounds to Inf in F16
      {0x7F7FFFFFu, 0x7F80, 0x7C00},  // FLT_MAX: BF16 overflows to Inf
      {0x33800000u, 0x3380, 0x0001},  // 2^-24: least F16 subnormal
      {0x33000000u, 0x3300, 0x0000},  // 2^-25: tie between 0 and 2^-24 -> 0
      {0x33400000u, 0x3340, 0x0001},  // 1.5 * 2^-25 -> 2^-24
      {0x33C00000u, 0x33C0, 0x0002},  // 1.5 * 2^-24: tie between 1 and 2 ulps -> 2
      {0x38800000u, 0x3880, 0x0400},  // 2^-14: least F16 normal
      {0x00000001u, 0x0000, 0x0000},  // F32 denormal 2^-149: BF16 rounds to 0
      {0x00018000u, 0x0002, 0x0000},  // BF16 subnormal tie -> even (2)
      {0x80008000u, 0x8000, 0x8000},  // -tie -> -0
      {0x7F800001u, 0x7FC0, 0x7E00},  // signalling NaN -> quiet NaN
      {0xFFC12345u, 0xFFC1, 0xFE09},  // quiet NaN keeps sign and top payload
      {0x7F800000u, 0x7F80, 0x7C00},  // +Inf
  };
  for (const C& c : cs) {
    const float f = bc::bits_f32(c.f);
    for (int l : g_levels) {
      uint16_t bf = 0, h = 0;
      at_level(l, [&] { return bc_convert(BC_F32, &f, BC_BF16, &bf, 1); });
      at_level(l, [&] { return bc_convert(BC_F32, &f, BC_F16, &h, 1); });
      CHECK(bf == c.bf, "level %d: F32 %08x -> BF16 %04x, expected %04x", l, c.f, bf, c.bf);
      CHECK(h == c.h, "level %d: F32 %08x -> F16 %04x, expected %04x", l, c.f, h, c.h);
    }
  }
  // Denormal inputs convert exactly: F16 subnormals are exact F32 normals; F64 rounds RNE into F32 denormals.
  const uint16_t hs[] = {0x0001, 0x03FF, 0x8200};
  const float hv[] = {5.9604644775390625e-08f, 6.0975551605224609375e-05f, -3.0517578125e-05f};
  const double ds[] = {1e-45, 0x1p-150, 0x1.8p-149, 1e39};
  const uint32_t dv[] = {0x00000001u, 0x00000000u, 0x00000002u, 0x7F800000u};  // 0.5 ulp: tie -> even (0); 1.5 ulp -> 2
  for (int l : g_levels) {
    float f[4];
    at_level(l, [&] { return bc_convert(BC_F16, hs, BC_F32, f, 3); });
    for (int i = 0; i < 3; i++) CHECK(same(f[i], hv[i]), "level %d: F16 %04x -> %a", l, hs[i], double(f[i]));
    at_level(l, [&] { return bc_convert(BC_F64, ds, BC_F32, f, 4); });
    for (int i = 0; i < 4; i++) CHECK(bc::f32_bits(f[i]) == dv[i], "level %d: F64 %g -> %08x", l, ds[i], bc::f32_bits(f[i]));
    int64_t idx = -2;
    at_level(l, [&] { return bc_find_nonfinite(BC_F64, ds, 4, &idx); });
    CHECK(idx == 3, "level %d: F64 1e39 overflows f32 and counts as non-finite (got %lld)", l, (long long)idx);
  }
}

void sum_and_ties() {
  for (int l : g_levels) {
    Merge m;  // SUM: base 1, d = [0.5, 0.25], w = [2, 4], lambda 0.5 -> 1 + 0.5 * (1 + 1) = 2
    m.base = {1.0f};
    m.ft = {{1.5f}, {1.25f}};
    m.specs = {model(2.0f), model(4.0f)};
    m.lambda = 0.5f;
    Stats st(2, 0);
    CHECK(same(m.run(l, st)[0], 2.0f), "level %d: SUM", l);
    m.normalize = 1;  // acc / W = 2 / 6
    CHECK(same(m.run(l, st)[0], 1.0f + 0.5f * (2.0f / 6.0f)), "level %d: SUM normalize", l);

    Merge t;  // TIES with a negative weight: d = [1, 2, -4], w = [1, -0.5, 1] -> v = [1, -1, -4], S = -4: elect -
    t.combine = BC_COMBINE_TIES;
    t.base = {0.0f};
    t.ft = {{1.0f}, {2.0f}, {-4.0f}};
    t.specs = {model(1.0f), model(-0.5f), model(1.0f)};
    Stats s1(3, 0);
    CHECK(same(t.run(l, s1)[0], -5.0f) && s1.s.conflicts == 1, "level %d: TIES elected sum -5, one conflict", l);
    t.normalize = 1;  // D = -0.5 + 1 = 0.5 -> -10
    CHECK(same(t.run(l, s1)[0], -10.0f), "level %d: TIES normalize by D = 0.5", l);
    t.specs = {model(2.0f), model(-1.0f), model(1.0f)};  // v = [2, -2, -4]; D = -1 + 1 = 0 -> no division
    CHECK(same(t.run(l, s1)[0], -6.0f), "level %d: TIES D == 0 skips the division", l);
    t.specs = {model(1.0f), model(1.0f), model(0.75f)};  // v = [1, 2, -3]: S = +0 elects +
    CHECK(same(t.run(l, s1)[0], 1.5f), "level %d: TIES S == 0 elects + (acc 3 / D 2)", l);

    Merge c;  // TALL: d = [1, 1], w = [1, 1] -> T = 2; mask |1| > lambda * |2 - 1| is strict
    c.combine = BC_COMBINE_CONSENSUS_SUM;
    c.k = 1;
    c.base = {0.5f};
    c.ft = {{1.5f}, {1.5f}};
    c.specs = {model(1.0f, 1.0f), model(1.0f, 1.0f)};
    Stats s2(2, 0);
    CHECK(same(c.run(l, s2)[0], 0.5f) && s2.s.consensus == 0, "level %d: TALL 1 > 1 is false", l);
    c.specs = {model(1.0f, 0.999f), model(1.0f, 0.999f)};
    CHECK(same(c.run(l, s2)[0], 2.5f) && s2.s.consensus == 1, "level %d: TALL 1 > 0.999", l);
    c.k = 3;
    CHECK(same(c.run(l, s2)[0], 0.5f), "level %d: TALL count 2 < k 3", l);
  }
}

void bounds_and_dare() {
  for (int l : g_levels) {
    Merge m;  // keys [5, 5, 5, 3] (as floats) at flat indices 10..13
    m.index0 = 10;
    m.base = {0, 0, 0, 0};
    m.ft = {{5, -5, 5, 3}};
    m.specs = {model(1.0f)};
    m.specs[0].mask = BC_MASK_RANK;
    const uint32_t k5 = bc::f32_bits(5.0f), k3 = bc::f32_bits(3.0f);
    m.specs[0].hi = bc_bound{k5, k5, 12};  // before: key > 5, or key == 5 and index < 12
    Stats st(1, 8);
    std::vector<float> o = m.run(l, st);
    CHECK(same(o[0], 5) && same(o[1], -5) && same(o[2], 0) && same(o[3], 0), "level %d: point bound cut", l);
    CHECK(st.point[1] == 3 && st.above[1] == 0 && st.kept[0] == 2, "level %d: point bound counts", l);
    m.specs[0].hi = bc_bound{k5, k3, k3};  // window [3, 5], guess 3: all four undecided, provisionally key > 3
    Stats s2(1, 2);
    o = m.run(l, s2);
    CHECK(s2.s.candidates == 4 && s2.cand[0] == 10 && s2.cand[1] == 11 && s2.wcount[1] == 4 && s2.widx[2 + 1] == 11 &&
              s2.wkey[2 + 0] == k5 && s2.wkey[2 + 1] == k5 && s2.wcount[0] == 0 &&
              same(o[0], 5) && same(o[1], -5) && same(o[2], 5) && same(o[3], 0),
          "level %d: window candidates with a provisional guess and their keys", l);

    Merge d;  // DARE keep iff (u >> 11) < rho * 2^53, u = splitmix64(hash ^ splitmix64(i)); survivors d / rho
    d.index0 = 1000;
    d.base = std::vector<float>(64, 0.0f);
    d.ft = {std::vector<float>(64, 3.0f)};
    d.specs = {model(1.0f)};
    d.specs[0].mask = BC_MASK_DARE;
    d.specs[0].dare_rho = 0.5f;
    d.specs[0].dare_rescale = 1;
    d.specs[0].dare_threshold = 0.5 * 9007199254740992.0;
    d.specs[0].dare_hash = 0x1234567890ABCDEFULL;
    Stats s3(1, 0);
    o = d.run(l, s3);
    int kept = 0;
    bool ok = true;
    for (int i = 0; i < 64; i++) {
      const uint64_t u = bc_splitmix64(0x1234567890ABCDEFULL ^ bc_splitmix64(uint64_t(1000 + i)));
      const bool keep = (u >> 11) < (uint64_t(1) << 52);
      kept += keep;
      ok &= same(o[size_t(i)], keep ? 6.0f : 0.0f);
    }
    CHECK(ok && s3.kept[0] == kept, "level %d: DARE draws and rescale", l);
  }
}

void rows_tie_break() {
  for (int l : g_levels) {
    Merge m;  // two rows of 8 equal magnitudes: ranks [2, 5) keep row offsets 2, 3, 4 (index order breaks ties)
    m.index0 = 8;
    m.base = std::vector<float>(16, 1.0f);
    m.ft = {{2, 0, 2, 0, 2, 0, 2, 0, 0, 2, 0, 2, 0, 2, 0, 2}};
    m.specs = {model(1.0f)};
    m.specs[0].mask = BC_MASK_RANK;
    m.specs[0].rank_lo = 2;
    m.specs[0].rank_hi = 5;
    Stats st(1, 0);
    std::vector<float> o = m.run(l, st, 8);
    const float e[16] = {1, 1, 2, 0, 2, 1, 1, 1, 1, 1, 0, 2, 0, 1, 1, 1};
    bool ok = true;
    for (int i = 0; i < 16; i++) ok &= same(o[size_t(i)], e[i]);
    CHECK(ok && st.kept[0] == 6, "level %d: rows tie-break by flat index", l);
  }
}

}  // namespace

int main() {
  g_levels.push_back(BC_SIMD_SCALAR);
  if (avx2_or_skip("the AVX2 runs of the hand-computed SPEC cases")) g_levels.push_back(BC_SIMD_AVX2);
  hashes();
  conversions();
  sum_and_ties();
  bounds_and_dare();
  rows_tie_break();
  return summary("spec_test");
}

// keys_convert_test.cpp — bc_key_histogram/count/find/keys_at and bc_convert/bc_find_nonfinite at both
// levels against brute force; chunked histograms equal one-shot ones; exhaustive F16 -> F32 conversion.
// Tolerance policy: none (integer counts and bit patterns are compared exactly).
#include "test_util.h"

using namespace t;

namespace {

int levels(bool avx2) { return avx2 ? 2 : 1; }

void keys_case(std::mt19937_64& rng, int dt, int dist, int64_t n, bool avx2) {
  std::vector<double> b = gen(rng, dist, dt, n, nullptr), f = gen(rng, dist, dt, n, &b);
  if (dist == NONFINITE) inject_nonfinite(rng, dt, f, 2);
  Buf base = encode(dt, b), ft = encode(dt, f);
  std::vector<uint32_t> keys(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; i++) keys[size_t(i)] = bc::key_at(dt, base.data(), ft.data(), i);
  char label[96];
  std::snprintf(label, sizeof label, "%s %s n=%lld", dtype_name(dt), dist_name(dist), (long long)n);

  struct H { uint32_t ps, prefix, bs, bm; };
  const uint32_t k0 = n ? keys[rng() % size_t(n)] : 0;
  const H hs[] = {{32, 0, 20, 2047}, {20, k0 >> 20, 10, 1023}, {10, k0 >> 10, 0, 1023},
                  {40, 123, 24, 255}, {0, k0, 0, 0xFF}, {16, k0 >> 16, 32, 0xF}, {31, 0, 0, 0xFFFF}};
  for (const H& h : hs) {
    std::vector<uint64_t> expect(size_t(h.bm) + 1, 0);
    for (uint32_t k : keys)
      if (h.ps >= 32 || (k >> h.ps) == h.prefix) expect[(h.bs >= 32 ? 0 : k >> h.bs) & h.bm]++;
    for (int l = 0; l < levels(avx2); l++) {
      std::vector<uint64_t> one(expect.size(), 0), chunked(expect.size(), 0);
      at_level(l, [&] { return bc_key_histogram(dt, base.data(), ft.data(), n, h.ps, h.prefix, h.bs, h.bm, one.data()); });
      for (int64_t s = 0; s < n;) {  // random chunk split: histograms accumulate across calls
        const int64_t len = std::min<int64_t>(n - s, 1 + int64_t(rng() % 300));
        const size_t es = bc::dtype_size(dt);
        at_level(l, [&] {
          return bc_key_histogram(dt, static_cast<const char*>(base.data()) + s * es, static_cast<const char*>(ft.data()) + s * es,
                                  len, h.ps, h.prefix, h.bs, h.bm, chunked.data());
        });
        s += len;
      }
      CHECK(one == expect, "%s level %d: histogram(ps=%u bs=%u) differs from brute force", label, l, h.ps, h.bs);
      CHECK(chunked == expect, "%s level %d: chunked histogram differs from one-shot", label, l);
    }
  }
  const uint32_t qs[] = {k0, 0u, 0x7FFFFFFFu, 0x7F800000u, 0x80000000u, 0xFFFFFFFFu, k0 + 1};
  for (uint32_t q : qs) {
    int64_t a = 0, e = 0;
    for (uint32_t k : keys) a += k > q, e += k == q;
    for (int l = 0; l < levels(avx2); l++) {
      int64_t ga = 5, ge = 7;  // counts accumulate onto what is there
      at_level(l, [&] { return bc_key_count(dt, base.data(), ft.data(), n, q, &ga, &ge); });
      CHECK(ga == a + 5 && ge == e + 7, "%s level %d: key_count(%08x) = %lld/%lld, expected %lld/%lld", label, l, q,
            (long long)(ga - 5), (long long)(ge - 7), (long long)a, (long long)e);
      for (int64_t c : {int64_t(0), int64_t(1), e - 1, e, e + 3}) {
        if (c < 0) continue;
        int64_t expect = -1, seen = 0;
        for (int64_t i = 0; i < n; i++)
          if (keys[size_t(i)] == q && seen++ == c) {
            expect = i;
            break;
          }
        int64_t got = -2;
        at_level(l, [&] { return bc_key_find(dt, base.data(), ft.data(), n, q, c, &got); });
        CHECK(got == expect, "%s level %d: key_find(%08x, %lld) = %lld, expected %lld", label, l, q, (long long)c,
              (long long)got, (long long)expect);
      }
    }
  }
  if (n > 0) {
    std::vector<int64_t> pos(37);
    for (auto& p : pos) p = int64_t(rng() % uint64_t(n));
    std::vector<uint32_t> got(pos.size());
    bc_keys_at(dt, base.data(), ft.data(), pos.data(), int64_t(pos.size()), got.data());
    bool ok = true;
    for (size_t j = 0; j < pos.size(); j++) ok &= got[j] == keys[size_t(pos[j])];
    CHECK(ok, "%s: keys_at differs", label);
  }
}

// Random bit patterns (NaN payloads, denormals, Infs included) through every dtype pair, both levels.
void convert_case(std::mt19937_64& rng, int64_t n, bool avx2) {
  for (int src = 0; src < 4; src++) {
    Buf in;
    in.dt = src;
    in.bytes.resize(size_t(n) * bc::dtype_size(src));
    for (auto& x : in.bytes) x = (unsigned char)rng();
    for (int dst = 0; dst < 4; dst++) {
      std::vector<unsigned char> expect(size_t(n) * bc::dtype_size(dst));
      for (int64_t i = 0; i < n; i++) bc::store_f32(dst, expect.data(), i, bc::load_f32(src, in.data(), i));
      for (int l = 0; l < levels(avx2); l++) {
        std::vector<unsigned char> got(expect.size() + 3, 0xEE);
        at_level(l, [&] { return bc_convert(src, in.data(), dst, got.data(), n); });
        CHECK(std::equal(expect.begin(), expect.end(), got.begin()) && got[expect.size()] == 0xEE,
              "convert %s->%s n=%lld level %d differs", dtype_name(src), dtype_name(dst), (long long)n, l);
      }
    }
    int64_t expect = -1;
    for (int64_t i = 0; i < n && expect < 0; i++)
      if (!bc::is_finite(bc::load_f32(src, in.data(), i))) expect = i;
    for (int l = 0; l < levels(avx2); l++) {
      int64_t got = -2;
      at_level(l, [&] { return bc_find_nonfinite(src, in.data(), n, &got); });
      CHECK(got == expect, "find_nonfinite %s n=%lld level %d: %lld vs %lld", dtype_name(src), (long long)n, l,
            (long long)got, (long long)expect);
    }
  }
}

// Hardware (F16C via the AVX2 level) against the software conversions, over every F16 value and many F32s.
void exhaustive_f16(std::mt19937_64& rng) {
  std::vector<uint16_t> h(65536);
  for (int i = 0; i < 65536; i++) h[size_t(i)] = uint16_t(i);
  std::vector<float> hw(65536);
  at_level(BC_SIMD_AVX2, [&] { return bc_convert(BC_F16, h.data(), BC_F32, hw.data(), 65536); });
  int64_t bad = 0;
  for (int i = 0; i < 65536; i++) bad += bc::f32_bits(hw[size_t(i)]) != bc::f32_bits(bc::f16_to_f32(uint16_t(i)));
  CHECK(bad == 0, "F16->F32: %lld of 65536 values differ between F16C and the software conversion", (long long)bad);

  const int64_t m = 1 << 22;
  std::vector<uint32_t> f(static_cast<size_t>(m));
  for (auto& x : f) x = uint32_t(rng());
  for (int64_t i = 0; i < 65536; i++) f[size_t(i)] = uint32_t(i) << 13 | uint32_t(rng() & 0x1FFF);  // every f16 neighbourhood
  for (int64_t i = 0; i < 8192; i++) f[size_t(65536 + i)] = uint32_t(i) << 19 | 0x00001000u;       // exact ties
  for (int dst : {int(BC_F16), int(BC_BF16)}) {
    std::vector<uint16_t> hwo(static_cast<size_t>(m));
    at_level(BC_SIMD_AVX2, [&] { return bc_convert(BC_F32, f.data(), dst, hwo.data(), m); });
    int64_t diff = 0;
    for (int64_t i = 0; i < m; i++) {
      const float v = bc::bits_f32(f[size_t(i)]);
      diff += hwo[size_t(i)] != (dst == BC_F16 ? bc::f32_to_f16(v) : bc::f32_to_bf16(v));
    }
    CHECK(diff == 0, "F32->%s: %lld of %lld values differ between AVX2 and the software conversion", dtype_name(dst),
          (long long)diff, (long long)m);
  }
}

}  // namespace

int main() {
  const bool avx2 = avx2_or_skip("AVX2 key/convert comparisons (scalar-vs-brute-force checks still run)");
  std::mt19937_64 rng(99);
  const int64_t sizes[] = {0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 255, 256, 257, 4097};
  for (int64_t n : sizes)
    for (int dt = 0; dt < 4; dt++)
      for (int dist = 0; dist < N_DIST; dist++) keys_case(rng, dt, dist, n, avx2);
  for (int dt = 0; dt < 4; dt++) keys_case(rng, dt, DUPLICATES, (1 << 20) + 3, avx2);
  for (int64_t n : sizes) convert_case(rng, n, avx2);
  convert_case(rng, (1 << 20) + 3, avx2);
  if (avx2) exhaustive_f16(rng);
  return summary("keys_convert_test");
}

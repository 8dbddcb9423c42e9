// test_util.h — shared helpers of the native tests: CHECK counters with a summary line, seeded data
// generators for SPEC's distributions, dtype encoding, and a runner that calls a kernel at a SIMD level.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "bc.h"
#include "ref/scalar.h"

namespace t {

inline int64_t g_checks = 0, g_failures = 0;

inline void check_at(bool ok, const char* file, int line, const char* fmt, ...) {
  g_checks++;
  if (ok) return;
  if (++g_failures > 30) return;  // enough to diagnose; the summary still counts all
  std::fprintf(stderr, "FAIL %s:%d: ", file, line);
  va_list a;
  va_start(a, fmt);
  std::vfprintf(stderr, fmt, a);
  va_end(a);
  std::fprintf(stderr, "\n");
}
#define CHECK(cond, ...) ::t::check_at((cond), __FILE__, __LINE__, __VA_ARGS__)

inline int summary(const char* name) {
  std::printf("%s: %lld checks, %lld failures\n", name, (long long)g_checks, (long long)g_failures);
  return g_failures ? 1 : 0;
}

// AVX2 comparisons need the CPU; say so instead of passing silently.
inline bool avx2_or_skip(const char* what) {
  if (bc_cpu_has_avx2()) return true;
  std::printf("SKIP %s: this CPU lacks AVX2/FMA/F16C, only the scalar level runs here\n", what);
  return false;
}

enum Dist { NORMAL, HEAVY, ALL_EQUAL, DUPLICATES, ZEROS, SIGNED_ZEROS, DENORMALS, HUGE_VALS, NONFINITE, N_DIST };
inline const char* dist_name(int d) {
  static const char* n[] = {"normal", "heavy", "all-equal", "duplicates", "zeros", "+-0", "denormals", "huge", "nonfinite"};
  return n[d];
}
inline const char* dtype_name(int dt) {
  static const char* n[] = {"F32", "F16", "BF16", "F64"};
  return n[dt];
}

// A tensor in some dtype, plus the raw values (as double) it was built from.
struct Buf {
  int dt = BC_F32;
  std::vector<unsigned char> bytes;
  void* data() { return bytes.data(); }
  const void* data() const { return bytes.data(); }
  int64_t n() const { return int64_t(bytes.size() / bc::dtype_size(dt)); }
};

inline Buf encode(int dt, const std::vector<double>& v) {
  Buf b;
  b.dt = dt;
  b.bytes.resize(v.size() * bc::dtype_size(dt));
  for (size_t i = 0; i < v.size(); i++) {
    if (dt == BC_F64) std::memcpy(&b.bytes[i * 8], &v[i], 8);
    else bc::store_f32(dt, b.bytes.data(), int64_t(i), float(v[i]));
  }
  return b;
}

// Values of one tensor; `base` (may be empty) lets fine-tunes sit close to the base like real checkpoints.
inline std::vector<double> gen(std::mt19937_64& rng, int dist, int dt, int64_t n, const std::vector<double>* base) {
  std::normal_distribution<double> nd(0.0, 1.0);
  std::uniform_real_distribution<double> ud(0.0, 1.0);
  std::vector<double> v(static_cast<size_t>(n));
  const double tiny = dt == BC_F16 ? 3e-6 : 2e-39;  // subnormal range of the dtype (F64 -> f32 subnormals)
  const double big = dt == BC_F16 ? 6e4 : dt == BC_F64 ? 2e38 : 3e38;
  for (int64_t i = 0; i < n; i++) {
    const double b = base ? (*base)[size_t(i)] : 0.0;
    double x;
    switch (dist) {
      case NORMAL: x = base ? b + 0.01 * nd(rng) : 0.05 * nd(rng); break;
      case HEAVY: x = b + 0.001 * nd(rng) / (ud(rng) * ud(rng) + 1e-6); break;
      case ALL_EQUAL: x = base ? 0.75 : 0.5; break;
      case DUPLICATES: x = b + 0.125 * double(int(rng() % 7) - 3); break;
      case ZEROS: x = 0.0; break;
      case SIGNED_ZEROS: x = (rng() & 1) ? -0.0 : 0.0; break;
      case DENORMALS: x = tiny * double(int(rng() % 41) - 20) / 20.0; break;
      case HUGE_VALS: x = big * ((rng() & 1) ? 1.0 : -1.0) * (0.5 + 0.5 * ud(rng)); break;
      default: x = base ? b + 0.01 * nd(rng) : 0.05 * nd(rng); break;
    }
    v[size_t(i)] = x;
  }
  return v;
}

// Puts NaN/Inf (or, for F64, an overflow to Inf in f32) at a few places.
inline void inject_nonfinite(std::mt19937_64& rng, int dt, std::vector<double>& v, int count) {
  if (v.empty()) return;
  for (int c = 0; c < count; c++) {
    const size_t i = size_t(rng() % v.size());
    const int kind = int(rng() % 3);
    v[i] = kind == 0 ? NAN : kind == 1 ? -INFINITY : (dt == BC_F64 ? 1e39 : INFINITY);
  }
}

// Calls fn() with the calling thread's SIMD level set, restoring AUTO afterwards.
template <typename F>
inline auto at_level(int level, F&& fn) {
  bc_set_simd(level);
  auto r = fn();
  bc_set_simd(BC_SIMD_AUTO);
  return r;
}

// Owned statistics matching bc_chunk_stats.
struct Stats {
  std::vector<int64_t> above, point, kept, cand;
  std::vector<int64_t> widx, wcount;  // window recording: [2N][cap], counts [2N]
  std::vector<uint32_t> wkey;
  bc_chunk_stats s{};
  Stats(int n_models, int64_t cap)
      : above(2 * n_models), point(2 * n_models), kept(n_models), cand(size_t(cap)), widx(size_t(cap) * 2 * n_models),
        wcount(2 * n_models), wkey(size_t(cap) * 2 * n_models) {
    s.count_above = above.data();
    s.count_point = point.data();
    s.kept = kept.data();
    s.cand_index = cap ? cand.data() : nullptr;
    s.win_index = cap ? widx.data() : nullptr;
    s.win_key = cap ? wkey.data() : nullptr;
    s.win_count = wcount.data();
    s.win_capacity = cap;
    s.cand_capacity = cap;
  }
  bool same(const Stats& o, bool stored_cands = true, bool windows = true) const {
    if (above != o.above || point != o.point || kept != o.kept) return false;
    if (s.conflicts != o.s.conflicts || s.consensus != o.s.consensus || s.candidates != o.s.candidates) return false;
    if (!stored_cands) return true;
    const int64_t m = std::min<int64_t>(s.candidates, s.cand_capacity);
    if (!std::equal(cand.begin(), cand.begin() + m, o.cand.begin())) return false;
    if (!windows) return true;  // bc_merge_points records no windows
    if (wcount != o.wcount) return false;
    for (size_t slot = 0; slot < wcount.size(); slot++) {  // the stored part of every window slot
      const int64_t n = std::min<int64_t>(wcount[slot], s.win_capacity), at = int64_t(slot) * s.win_capacity;
      if (!std::equal(widx.begin() + at, widx.begin() + at + n, o.widx.begin() + at) ||
          !std::equal(wkey.begin() + at, wkey.begin() + at + n, o.wkey.begin() + at))
        return false;
    }
    return true;
  }
};

inline std::vector<unsigned char> workspace(const bc_merge_desc& d) {
  size_t b = 0;
  bc_merge_chunk_workspace(&d, &b);
  return std::vector<unsigned char>(b);
}

}  // namespace t

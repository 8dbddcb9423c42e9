// bench_merge.cpp — bc_bench: throughput of bc_merge_chunk (breadcrumbs point bounds, SUM and TIES, F32 and
// BF16) on 2 threads against a memcpy probe measured in the same run.
// Usage: bc_bench [elements=16M] [models=8] [level: 0 scalar, 1 avx2, default both].
// bytes = base + N inputs read + output written; the probe counts read + write of its copy the same way.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <thread>
#include <vector>

#include "bc.h"
#include "ref/scalar.h"

namespace {

constexpr int kThreads = 2;
constexpr int64_t kChunk = 1 << 20;

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

// Best of `reps` timings of fn(): the first run also warms page tables and caches.
template <typename F>
double best_time(int reps, F&& fn) {
  double best = 1e30;
  for (int r = 0; r < reps; r++) {
    const double t0 = now();
    fn();
    best = std::min(best, now() - t0);
  }
  return best;
}

// Two threads copy halves of a 256 MiB buffer (far beyond the caches); re-measured next to every merge
// timing, because a shared machine's bandwidth drifts.
double memcpy_gbs() {
  static std::vector<char> a(size_t(256) << 20, 1), b(size_t(256) << 20, 2);
  const size_t bytes = a.size();
  const double t = best_time(3, [&] {
    std::vector<std::thread> th;
    for (int i = 0; i < kThreads; i++)
      th.emplace_back([&, i] {
        const size_t lo = bytes * i / kThreads, hi = bytes * (i + 1) / kThreads;
        std::memcpy(b.data() + lo, a.data() + lo, hi - lo);
      });
    for (auto& x : th) x.join();
  });
  return 2.0 * double(bytes) / t / 1e9;
}

struct Data {
  int dt;
  int64_t n;
  int models;
  std::vector<std::vector<unsigned char>> in;  // [0] = base, [1..N] = fine-tunes
  std::vector<unsigned char> out;
};

Data make_data(int dt, int64_t n, int models) {
  Data d{dt, n, models, {}, {}};
  const size_t es = bc::dtype_size(dt);
  uint64_t s = 0x9E3779B97F4A7C15ULL;
  std::vector<float> base(static_cast<size_t>(n));
  for (auto& v : base) v = float(int64_t((s = bc::splitmix64(s)) >> 40) - (1 << 23)) * 1e-8f;
  for (int t = 0; t <= models; t++) {
    d.in.emplace_back(size_t(n) * es);
    for (int64_t i = 0; i < n; i++) {
      const float delta = t == 0 ? 0.0f : float(int64_t((s = bc::splitmix64(s)) >> 40) - (1 << 23)) * 1e-9f;
      bc::store_f32(dt, d.in.back().data(), i, base[size_t(i)] + delta);
    }
  }
  d.out.resize(size_t(n) * es);
  return d;
}

double thread_cpu() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

// GB/s by wall clock, and by CPU time per thread (what an idle machine would show when the kernel is not
// memory-bound: on a shared machine other processes take cores from the wall-clock number).
struct Rate {
  double wall, cpu;
};

Rate merge_gbs(Data& d, int combine, int level) {
  std::vector<bc_model_spec> specs(size_t(d.models));
  for (auto& m : specs) {  // breadcrumbs: drop the top outliers and the small tail, exact point bounds
    m.mask = BC_MASK_RANK;
    m.weight = 1.0f;
    m.lo = bc_bound{bc::f32_bits(0.0075f), bc::f32_bits(0.0075f), d.n / 2};
    m.hi = bc_bound{bc::f32_bits(0.001f), bc::f32_bits(0.001f), d.n / 3};
  }
  bc_merge_desc desc{combine, d.models, d.dt, d.dt, 1.0f, 0, float(d.models), 2, specs.data()};
  size_t wsb = 0;
  bc_merge_chunk_workspace(&desc, &wsb);
  const size_t es = bc::dtype_size(d.dt);
  double best_cpu = 1e30;
  const double t = best_time(5, [&] {
    std::atomic<int64_t> next{0};
    std::atomic<int64_t> cpu_ns{0};
    std::vector<std::thread> th;
    for (int i = 0; i < kThreads; i++)
      th.emplace_back([&] {
        const double c0 = thread_cpu();
        bc_set_simd(level);
        std::vector<unsigned char> ws(wsb);
        std::vector<int64_t> above(2 * size_t(d.models)), point(2 * size_t(d.models)), kept(size_t(d.models));
        std::vector<const void*> ft(size_t(d.models));
        for (int64_t c; (c = next.fetch_add(kChunk)) < d.n;) {
          const int64_t len = std::min(kChunk, d.n - c);
          for (int m = 0; m < d.models; m++) ft[size_t(m)] = d.in[size_t(m) + 1].data() + c * int64_t(es);
          bc_chunk ch{len, c, d.in[0].data() + c * int64_t(es), ft.data(), d.out.data() + c * int64_t(es)};
          bc_chunk_stats st{};
          st.count_above = above.data();
          st.count_point = point.data();
          st.kept = kept.data();
          if (bc_merge_chunk(&desc, &ch, ws.data(), wsb, &st) != BC_OK) {
            std::fprintf(stderr, "merge failed: %s\n", bc_last_error());
            std::exit(1);
          }
        }
        cpu_ns += int64_t((thread_cpu() - c0) * 1e9);
      });
    for (auto& x : th) x.join();
    best_cpu = std::min(best_cpu, double(cpu_ns.load()) * 1e-9 / kThreads);
  });
  const double bytes = double(d.n) * double(es) * double(d.models + 2);
  return Rate{bytes / t / 1e9, bytes / best_cpu / 1e9};
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t n = argc > 1 ? std::atoll(argv[1]) : (int64_t(1) << 24);
  const int models = argc > 2 ? std::atoi(argv[2]) : 8;
  const int only = argc > 3 ? std::atoi(argv[3]) : -1;  // optional: 0 = scalar only, 1 = avx2 only
  std::printf("bc_bench: %lld elements, N=%d, %d threads, chunks of %lld; best of 5 runs, memcpy probe (2 threads,\n"
              "read+write, best of 3) measured right before each line\n",
              (long long)n, models, kThreads, (long long)kChunk);
  std::printf("%-5s %-5s %-7s %9s %9s %7s %12s\n", "dtype", "mode", "level", "GB/s", "probe", "ratio", "cpu-GB/s");
  for (int dt : {int(BC_F32), int(BC_BF16)}) {
    Data d = make_data(dt, n, models);
    for (int combine : {int(BC_COMBINE_SUM), int(BC_COMBINE_TIES)})
      for (int level : {int(BC_SIMD_SCALAR), int(BC_SIMD_AVX2)}) {
        if (level == BC_SIMD_AVX2 && !bc_cpu_has_avx2()) continue;
        if (only >= 0 && level != only) continue;
        const double probe = memcpy_gbs();
        const Rate g = merge_gbs(d, combine, level);
        std::printf("%-5s %-5s %-7s %9.2f %9.2f %6.0f%% %12.2f\n", dt == BC_F32 ? "F32" : "BF16",
                    combine == BC_COMBINE_SUM ? "SUM" : "TIES", level == BC_SIMD_AVX2 ? "avx2" : "scalar", g.wall,
                    probe, 100.0 * g.wall / probe, g.cpu);
      }
  }
  return 0;
}

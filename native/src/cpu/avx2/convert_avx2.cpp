// convert_avx2.cpp — AVX2/F16C bc_convert and bc_find_nonfinite; bit-identical to convert_ref.cpp.
#include "cpu/avx2/avx2_util.h"
#include "cpu/kernels.h"

namespace bc {
namespace avx2 {

template <int S, int D>
static void convert_t(const void* src, void* dst, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) store8<D>(dst, i, load8<S>(src, i));
  if (i < n) store_n<D>(dst, i, load_part<S>(src, i, int(n - i)), int(n - i));
}

void convert(int src_dt, const void* src, int dst_dt, void* dst, int64_t n) {
  with_dtype(src_dt, [&](auto s) {
    with_dtype(dst_dt, [&](auto d) { convert_t<decltype(s)::value, decltype(d)::value>(src, dst, n); });
  });
}

template <int DT>
static int64_t find_nonfinite_t(const void* src, int64_t n) {
  for (int64_t i = 0; i < n; i += 8) {
    const int cnt = n - i < 8 ? int(n - i) : 8;
    const unsigned m = lanes(nonfinite(load_n<DT>(src, i, cnt)));  // padding lanes are 0: finite
    if (m) return i + __builtin_ctz(m);
  }
  return -1;
}

int64_t find_nonfinite(int dt, const void* src, int64_t n) {
  int64_t r = -1;
  with_dtype(dt, [&](auto d) { r = find_nonfinite_t<decltype(d)::value>(src, n); });
  return r;
}

}  // namespace avx2
}  // namespace bc

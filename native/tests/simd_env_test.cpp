// simd_env_test.cpp — BC_SIMD=scalar sets the process default (read once, before any other bc_* call).
#include <cstdlib>

#include "test_util.h"

int main() {
  setenv("BC_SIMD", "scalar", 1);
  CHECK(bc_get_simd() == BC_SIMD_SCALAR, "BC_SIMD=scalar: level %d", bc_get_simd());
  setenv("BC_SIMD", "avx2", 1);  // read once per process: changing it later has no effect
  CHECK(bc_get_simd() == BC_SIMD_SCALAR, "the default is resolved once");
  if (bc_cpu_has_avx2()) {
    CHECK(bc_set_simd(BC_SIMD_AVX2) == BC_OK && bc_get_simd() == BC_SIMD_AVX2, "thread override beats the env");
    CHECK(bc_set_simd(BC_SIMD_AUTO) == BC_OK && bc_get_simd() == BC_SIMD_SCALAR, "AUTO returns to the env default");
  }
  return t::summary("simd_env_test");
}

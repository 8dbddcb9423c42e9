// bc_hash.h — SPEC's counter-based hash (splitmix64) as an inline, so kernels and bc_splitmix64 share it.
#pragma once
#include <cstdint>

namespace bc {
inline uint64_t splitmix64(uint64_t x) {
  uint64_t z = x + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}
}  // namespace bc

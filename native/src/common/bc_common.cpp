// bc_common.cpp — library-wide entry points: last error, version, SPEC's hash functions.
#include <cstdarg>
#include <cstdio>

#include "bc.h"
#include "common/bc_error.h"
#include "common/bc_hash.h"

namespace {
thread_local char g_last_error[512] = "";
}

namespace bc {
bc_status fail(bc_status status, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(g_last_error, sizeof g_last_error, fmt, args);
  va_end(args);
  return status;
}
void clear_error() { g_last_error[0] = '\0'; }
}  // namespace bc

extern "C" {

const char* bc_last_error(void) { return g_last_error; }

const char* bc_version(void) { return "0.1.0"; }

uint64_t bc_splitmix64(uint64_t x) { return bc::splitmix64(x); }

uint64_t bc_fnv1a64(const void* bytes, int64_t n) {
  const unsigned char* p = static_cast<const unsigned char*>(bytes);
  uint64_t h = 0xCBF29CE484222325ULL;
  for (int64_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001B3ULL;
  return h;
}

}  // extern "C"

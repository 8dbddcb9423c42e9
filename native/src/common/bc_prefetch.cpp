// bc_prefetch.cpp — bc_prefetch: advise the kernel that a mapped range is read next (readahead from disk,
// and optionally page-table population), so a background thread can overlap it with the merge without
// touching every page itself.
#include <cerrno>
#include <cstdint>

#include "bc.h"
#include "common/bc_error.h"

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

extern "C" bc_status bc_prefetch(const void* addr, int64_t bytes, int32_t populate) {
  bc::clear_error();
  if (bytes < 0) return bc::fail(BC_ERR_ARG, "bc_prefetch: bytes must be >= 0 (got %lld)", (long long)bytes);
  if (bytes == 0) return BC_OK;
  if (!addr) return bc::fail(BC_ERR_ARG, "bc_prefetch: addr is NULL");
#if defined(__linux__)
  const uintptr_t page = uintptr_t(sysconf(_SC_PAGESIZE));
  const uintptr_t a = uintptr_t(addr) & ~(page - 1);  // madvise wants a page-aligned start
  const size_t len = size_t(uintptr_t(addr) + uintptr_t(bytes) - a);
  void* p = reinterpret_cast<void*>(a);
  madvise(p, len, MADV_WILLNEED);  // advisory: failures change nothing but speed
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22  // Linux 5.14; older kernels answer EINVAL and the call is a no-op
#endif
  if (populate) madvise(p, len, MADV_POPULATE_READ);
#endif
  return BC_OK;
}

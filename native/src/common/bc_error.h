// bc_error.h — the thread-local last-error string behind bc_last_error(), shared by every backend.
#pragma once
#include "bc.h"

namespace bc {
// Formats the message (printf style), stores it thread-locally and returns `status` for tail calls.
bc_status fail(bc_status status, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
void clear_error();
}  // namespace bc

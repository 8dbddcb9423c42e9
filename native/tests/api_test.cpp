// api_test.cpp — the C ABI's contract outside the math: every error path returns its status with a message
// naming the problem, SIMD levels are per thread, only bc_* symbols matter to callers.
#include <thread>

#include "test_util.h"

using namespace t;

namespace {

bool says(const char* needle) { return std::strstr(bc_last_error(), needle) != nullptr; }

#define EXPECT_ERR(call, status, needle)                                                                  \
  do {                                                                                                    \
    bc_status s_ = (call);                                                                                \
    CHECK(s_ == (status) && says(needle), "%s: status %d, message \"%s\", expected %d with \"%s\"", #call, \
          s_, bc_last_error(), int(status), needle);                                                      \
  } while (0)

void levels() {
  const int def = bc_get_simd();
  CHECK(def == BC_SIMD_SCALAR || def == BC_SIMD_AVX2, "default level %d", def);
  CHECK(bc_set_simd(BC_SIMD_SCALAR) == BC_OK && bc_get_simd() == BC_SIMD_SCALAR, "set scalar");
  int other = -5;
  std::thread([&] { other = bc_get_simd(); }).join();
  CHECK(other == def, "another thread keeps the process default (%d, expected %d)", other, def);
  CHECK(bc_set_simd(BC_SIMD_AUTO) == BC_OK && bc_get_simd() == def, "AUTO restores the process default");
  EXPECT_ERR(bc_set_simd(7), BC_ERR_ARG, "not a bc_simd");
  if (bc_cpu_has_avx2()) {
    CHECK(bc_set_simd(BC_SIMD_AVX2) == BC_OK && bc_get_simd() == BC_SIMD_AVX2, "set avx2");
    bc_set_simd(BC_SIMD_AUTO);
  } else {
    EXPECT_ERR(bc_set_simd(BC_SIMD_AVX2), BC_ERR_UNSUPPORTED, "lacks AVX2");
  }
  CHECK(std::strcmp(bc_version(), "0.1.0") == 0, "version %s", bc_version());
}

void errors() {
  float x[4] = {0, 1, 2, 3}, y[4] = {0, 1, 2, NAN}, out[4];
  uint64_t hist[4] = {};
  int64_t a = 0, e = 0, idx = 0;
  EXPECT_ERR(bc_convert(9, x, BC_F32, out, 4), BC_ERR_ARG, "src_dtype 9");
  EXPECT_ERR(bc_convert(BC_F32, x, -1, out, 4), BC_ERR_ARG, "dst_dtype");
  EXPECT_ERR(bc_convert(BC_F32, x, BC_F32, out, -1), BC_ERR_ARG, "n must be >= 0");
  EXPECT_ERR(bc_convert(BC_F32, nullptr, BC_F32, out, 4), BC_ERR_ARG, "src is NULL");
  CHECK(bc_convert(BC_F32, x, BC_F32, out, 4) == BC_OK && bc_last_error()[0] == 0, "success clears the error");
  EXPECT_ERR(bc_find_nonfinite(BC_F32, x, 4, nullptr), BC_ERR_ARG, "index is NULL");
  EXPECT_ERR(bc_key_histogram(BC_F32, x, y, 4, 32, 0, 0, 3, nullptr), BC_ERR_ARG, "hist is NULL");
  EXPECT_ERR(bc_key_histogram(BC_F32, nullptr, y, 4, 32, 0, 0, 3, hist), BC_ERR_ARG, "base is NULL");
  EXPECT_ERR(bc_key_count(BC_F32, x, y, 4, 0, nullptr, &e), BC_ERR_ARG, "above is NULL");
  EXPECT_ERR(bc_key_count(5, x, y, 4, 0, &a, &e), BC_ERR_ARG, "dtype 5");
  EXPECT_ERR(bc_key_find(BC_F32, x, y, 4, 0, -1, &idx), BC_ERR_ARG, "c must be >= 0");
  EXPECT_ERR(bc_keys_at(BC_F32, x, y, nullptr, 2, nullptr), BC_ERR_ARG, "pos is NULL");

  bc_model_spec m[2] = {};
  m[0].weight = m[1].weight = 1.0f;
  bc_merge_desc d{};
  d.n_models = 2;
  d.models = m;
  const void* fts[2] = {x, y};
  bc_chunk ch{4, 100, x, fts, out};
  size_t wsb = 0;
  EXPECT_ERR(bc_merge_chunk_workspace(nullptr, &wsb), BC_ERR_ARG, "desc is NULL");
  CHECK(bc_merge_chunk_workspace(&d, &wsb) == BC_OK && wsb > 0, "workspace size");
  std::vector<unsigned char> ws(wsb);
  bc_chunk_stats st{};
  EXPECT_ERR(bc_merge_chunk(&d, &ch, ws.data(), wsb - 1, &st), BC_ERR_WORKSPACE, "workspace");
  EXPECT_ERR(bc_merge_chunk(&d, &ch, nullptr, wsb, &st), BC_ERR_WORKSPACE, "(NULL)");
  EXPECT_ERR(bc_merge_chunk(&d, &ch, ws.data(), wsb, &st), BC_ERR_NONFINITE, "fine-tune 1 at flat index 103");
  CHECK(st.bad_input == 1 && st.bad_index == 103, "bad_input/bad_index %d/%lld", st.bad_input, (long long)st.bad_index);
  x[2] = INFINITY;
  EXPECT_ERR(bc_merge_chunk(&d, &ch, ws.data(), wsb, nullptr), BC_ERR_NONFINITE, "base at flat index 102");
  x[2] = 2;
  d.n_models = 0;
  EXPECT_ERR(bc_merge_chunk(&d, &ch, ws.data(), wsb, &st), BC_ERR_ARG, "bc_merge_chunk: n_models must be >= 1");
  d.n_models = 2;
  d.combine = 9;
  EXPECT_ERR(bc_merge_chunk(&d, &ch, ws.data(), wsb, &st), BC_ERR_ARG, "combine 9");
  d.combine = BC_COMBINE_SUM;
  d.in_dtype = 4;
  EXPECT_ERR(bc_merge_chunk(&d, &ch, ws.data(), wsb, &st), BC_ERR_ARG, "in_dtype 4");
  d.in_dtype = BC_F32;
  m[1].mask = 3;
  EXPECT_ERR(bc_merge_chunk(&d, &ch, ws.data(), wsb, &st), BC_ERR_ARG, "models[1].mask 3");
  m[1].mask = BC_MASK_ALL;
  bc_chunk nob{4, 0, nullptr, fts, out};
  EXPECT_ERR(bc_merge_chunk(&d, &nob, ws.data(), wsb, &st), BC_ERR_ARG, "chunk->base is NULL");
  bc_chunk badft{4, 0, x, nullptr, out};
  EXPECT_ERR(bc_merge_chunk(&d, &badft, ws.data(), wsb, &st), BC_ERR_ARG, "chunk->ft is NULL");
  EXPECT_ERR(bc_merge_chunk(&d, nullptr, ws.data(), wsb, &st), BC_ERR_ARG, "chunk is NULL");

  int64_t pos[2] = {101, 100};
  EXPECT_ERR(bc_merge_points(&d, &ch, pos, 2, 1, ws.data(), wsb, &st), BC_ERR_ARG, "ascending");
  pos[1] = 104;
  EXPECT_ERR(bc_merge_points(&d, &ch, pos, 2, 1, ws.data(), wsb, &st), BC_ERR_ARG, "outside the chunk");
  pos[1] = 102;
  CHECK(bc_merge_points(&d, &ch, pos, 2, 1, ws.data(), wsb, &st) == BC_OK, "points ok: %s", bc_last_error());

  y[3] = 3;
  size_t rws = 0;
  EXPECT_ERR(bc_merge_rows_workspace(&d, -1, &rws), BC_ERR_ARG, "row_len must be >= 0");
  CHECK(bc_merge_rows_workspace(&d, 3, &rws) == BC_OK, "rows workspace");
  std::vector<unsigned char> rw(rws);
  EXPECT_ERR(bc_merge_rows(&d, &ch, 3, rw.data(), rws, &st), BC_ERR_ARG, "not a multiple of row_len");
  bc_chunk rc{4, 98, x, fts, out};
  EXPECT_ERR(bc_merge_rows(&d, &rc, 4, rw.data(), rws, &st), BC_ERR_ARG, "not a row start");
  EXPECT_ERR(bc_merge_rows(&d, &rc, 2, rw.data(), 0, &st), BC_ERR_WORKSPACE, "workspace");
  CHECK(bc_merge_rows(&d, &rc, 2, rw.data(), rws, &st) == BC_OK, "rows ok: %s", bc_last_error());
  // LINEAR reads no base, so NULL is fine there.
  d.combine = BC_COMBINE_LINEAR;
  CHECK(bc_merge_chunk(&d, &nob, ws.data(), wsb, &st) == BC_OK && out[3] == 6.0f, "linear without base: %s", bc_last_error());
}

}  // namespace

// bc_prefetch is advisory: any valid range (unaligned, empty, anonymous memory) is OK and leaves data alone.
void prefetch() {
  std::vector<unsigned char> buf(100000, 7);
  CHECK(bc_prefetch(buf.data() + 3, 99990, 1) == BC_OK, "prefetch of an unaligned range: %s", bc_last_error());
  CHECK(bc_prefetch(buf.data(), 0, 0) == BC_OK, "empty prefetch");
  CHECK(buf[5] == 7 && buf[99999] == 7, "prefetch changed the data");
  CHECK(bc_prefetch(nullptr, 10, 1) == BC_ERR_ARG, "NULL address must be an argument error");
  CHECK(bc_prefetch(buf.data(), -1, 1) == BC_ERR_ARG, "negative size must be an argument error");
}

int main() {
  levels();
  errors();
  prefetch();
  return summary("api_test");
}

#include "core/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace zs {
namespace {
AssertHook g_hook = nullptr;
}
void set_assert_hook(AssertHook hook) { g_hook = hook; }
void assert_failed(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "zooscope: internal invariant broken: %s (%s:%d)\n", expr, file, line);
  if (g_hook) g_hook();
  std::abort();
}
}  // namespace zs

// ZS_ASSERT is for our own bugs (a broken invariant), never for bad user input, which gets
// a Result error instead. It stays on in every build.
#pragma once

namespace zs {
[[noreturn]] void assert_failed(const char* expr, const char* file, int line);
// The simulator installs a hook that prints the seed and the last trace lines first.
using AssertHook = void (*)();
void set_assert_hook(AssertHook hook);
}  // namespace zs

#define ZS_ASSERT(expr) \
  ((expr) ? static_cast<void>(0) : ::zs::assert_failed(#expr, __FILE__, __LINE__))

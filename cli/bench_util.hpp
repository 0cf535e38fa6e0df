// Small helpers the bench commands share: wall time, number text, page faults.
#pragma once

#include <chrono>
#include <cmath>
#include <iomanip>
#include <locale>
#include <sstream>
#include <string>

#if __has_include(<sys/resource.h>)
#include <sys/resource.h>
#define ZS_BENCH_HAS_RUSAGE 1
#endif

namespace zs::cli::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// `v` with `digits` decimals, locale-independent.
inline std::string fixed(double v, int digits) {
  std::ostringstream s;
  s.imbue(std::locale::classic());
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

inline std::string per_second(double count, double seconds) {
  return seconds > 0 ? fixed(std::round(count / seconds), 0) : "0";
}

// Minor + major page faults of the process so far (fresh memory the kernel maps in, what
// tracing costs most, docs/PERFORMANCE.md); -1 when unknown.
inline long page_faults() {
#ifdef ZS_BENCH_HAS_RUSAGE
  rusage u{};
  if (getrusage(RUSAGE_SELF, &u) == 0) return u.ru_minflt + u.ru_majflt;
#endif
  return -1;
}

}  // namespace zs::cli::bench

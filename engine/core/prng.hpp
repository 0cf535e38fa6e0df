// The only source of randomness in the engine: a seeded, integer-only generator whose
// output is the same on every platform and standard library (no std::*_distribution).
#pragma once

#include <cstdint>

#include "core/assert.hpp"

namespace zs {

// A chance as numerator/denominator, e.g. {3, 10} = 30 %.
struct Ratio {
  std::uint32_t numerator = 0;
  std::uint32_t denominator = 1;
};

// SplitMix64-seeded xoshiro256**: small, fast and well understood.
class Prng {
 public:
  explicit Prng(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (auto& s : s_) s = splitmix(x);
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [lo, hi], by rejection so every value is equally likely.
  std::int64_t range_inclusive(std::int64_t lo, std::int64_t hi) {
    ZS_ASSERT(lo <= hi);
    const std::uint64_t span = static_cast<std::uint64_t>(hi - lo) + 1;
    if (span == 0) return static_cast<std::int64_t>(next());
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % span;
    std::uint64_t r;
    do r = next(); while (r >= limit);
    return lo + static_cast<std::int64_t>(r % span);
  }
  bool chance(Ratio r) {
    if (r.numerator == 0) return false;
    if (r.numerator >= r.denominator) return true;
    return static_cast<std::uint64_t>(range_inclusive(0, r.denominator - 1)) < r.numerator;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t splitmix(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t s_[4];
};

}  // namespace zs

// Znode path rules (Z/common/PathUtils.java, reference §4.1).
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "data/errors.hpp"

namespace zs {

// Ok or BadArguments, by PathUtils.validatePath's rules; `path` is UTF-8.
Code validate_path(std::string_view path);

// Everything before the last '/': "/a/b" -> "/a", "/a" -> "" (the root's internal key).
// Precondition: path contains '/'.
std::string_view parent_path(std::string_view path);
// Everything after the last '/'.
std::string_view node_name(std::string_view path);

// Orders paths exactly as std::string's operator< does (bytes as unsigned char, then
// length), eight bytes at a time inline instead of a call to memcmp: the tree's and prep's
// path maps compare paths that share long prefixes on every lookup. Transparent, so a
// string_view finds a std::string key.
struct PathLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const {
    const std::size_t n = a.size() < b.size() ? a.size() : b.size();
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      std::uint64_t x = 0;
      std::uint64_t y = 0;
      std::memcpy(&x, a.data() + i, 8);
      std::memcpy(&y, b.data() + i, 8);
      if (x != y) {
        if constexpr (std::endian::native == std::endian::little) {
          x = __builtin_bswap64(x);
          y = __builtin_bswap64(y);
        }
        return x < y;
      }
    }
    for (; i < n; ++i) {
      const auto c = static_cast<unsigned char>(a[i]);
      const auto d = static_cast<unsigned char>(b[i]);
      if (c != d) return c < d;
    }
    return a.size() < b.size();
  }
};

}  // namespace zs

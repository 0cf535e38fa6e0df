#include "data/paths.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace zs {
namespace {

// Decodes UTF-8 into UTF-16-like units the way Java sees the string: a code point above
// U+FFFF becomes its high surrogate (which PathUtils rejects anyway); malformed input
// becomes U+FFFD, also rejected.
bool decode(std::string_view s, std::vector<std::uint32_t>& out) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto b = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = 0;
    std::size_t n = 0;
    if (b < 0x80) { cp = b; n = 0; }
    else if ((b & 0xe0) == 0xc0) { cp = b & 0x1f; n = 1; }
    else if ((b & 0xf0) == 0xe0) { cp = b & 0x0f; n = 2; }
    else if ((b & 0xf8) == 0xf0) { cp = b & 0x07; n = 3; }
    else return false;
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    i += n + 1;
    out.push_back(cp > 0xffff ? 0xd800 : cp);
  }
  return true;
}

}  // namespace

namespace {
// PathUtils.validatePath over the path's UTF-16 code units `c` (Java checks chars).
template <class Units>
Code check_units(const Units& c, std::size_t n) {
  std::uint32_t last = '/';
  for (std::size_t i = 1; i < n; last = static_cast<std::uint32_t>(c[i]), ++i) {
    const auto ch = static_cast<std::uint32_t>(c[i]);
    const bool segment_ends = i + 1 == n || c[i + 1] == '/';
    if (ch == 0) return Code::BadArguments;
    if (ch == '/' && last == '/') return Code::BadArguments;
    if (ch == '.' && last == '.') {
      if (c[i - 2] == '/' && segment_ends) return Code::BadArguments;
    } else if (ch == '.') {
      if (c[i - 1] == '/' && segment_ends) return Code::BadArguments;
    } else if ((ch > 0 && ch <= 0x1f) || (ch >= 0x7f && ch <= 0x9f) ||
               (ch >= 0xd800 && ch <= 0xf8ff) || (ch >= 0xfff0 && ch <= 0xffff)) {
      return Code::BadArguments;
    }
  }
  return Code::Ok;
}
}  // namespace

Code validate_path(std::string_view path) {
  if (path.empty() || path[0] != '/') return Code::BadArguments;
  if (path.size() == 1) return Code::Ok;
  if (path.back() == '/') return Code::BadArguments;
  // ASCII bytes are their own code units: no decoding (nearly every path).
  if (std::all_of(path.begin(), path.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; }))
    return check_units(path, path.size());
  std::vector<std::uint32_t> c;
  c.reserve(path.size());
  if (!decode(path, c)) return Code::BadArguments;
  return check_units(c, c.size());
}

std::string_view parent_path(std::string_view path) {
  return path.substr(0, path.rfind('/'));
}

std::string_view node_name(std::string_view path) {
  return path.substr(path.rfind('/') + 1);
}

}  // namespace zs

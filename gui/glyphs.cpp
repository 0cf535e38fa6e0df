#include "glyphs.hpp"

namespace zs::gui {
namespace {

// Decodes one UTF-8 sequence at s[i] (i advanced past it); 0 for a broken one, which is
// skipped like ImGui skips it.
unsigned decode(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 1;
  if (len == 1 || i + static_cast<std::size_t>(len) > s.size()) {
    ++i;
    return 0;
  }
  unsigned c = b0 & (0x7Fu >> len);
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0;
    }
    c = (c << 6) | (b & 0x3Fu);
  }
  i += static_cast<std::size_t>(len);
  return c;
}

}  // namespace

void GlyphSet::seed(const std::vector<std::string>& texts) {
  for (const std::string& t : texts) {
    for (std::size_t i = 0; i < t.size();) {
      if (static_cast<unsigned char>(t[i]) < 0x80) {
        ++i;
        continue;
      }
      const unsigned c = decode(t, i);
      if (c == 0 || c > 0xFFFF || contains(static_cast<ImWchar>(c))) continue;
      set(seeded_, c);
      ++count_;
    }
  }
}

bool GlyphSet::need(std::string_view utf8) {
  bool added = false;
  for (std::size_t i = 0; i < utf8.size();) {
    if (static_cast<unsigned char>(utf8[i]) < 0x80) {
      ++i;
      continue;
    }
    const unsigned c = decode(utf8, i);
    if (c == 0 || c > 0xFFFF || contains(static_cast<ImWchar>(c))) continue;
    if (extra_ >= kMaxExtra) break;
    set(needed_, c);
    ++count_;
    ++extra_;
    added = true;
  }
  pending_ = pending_ || added;
  return added;
}

bool GlyphSet::need(ImWchar c) {
  if (contains(c) || extra_ >= kMaxExtra) return false;
  set(needed_, c);
  ++count_;
  ++extra_;
  pending_ = true;
  return true;
}

bool GlyphSet::contains(ImWchar c) const { return c < 0x100 || test(seeded_, c) || test(needed_, c); }

void GlyphSet::build_ranges(ImVector<ImWchar>& out, Which which) const {
  auto in = [&](unsigned c) {
    return (which != Which::Needed && test(seeded_, c)) || (which != Which::Seeded && test(needed_, c));
  };
  out.clear();
  // Basic Latin and Latin-1 (always there, as in ImGui's default ranges), then the runs of set bits.
  out.push_back(0x0020);
  out.push_back(0x00FF);
  for (unsigned c = 0x100; c < 0x10000;) {
    if (!in(c)) {
      ++c;
      continue;
    }
    const unsigned first = c;
    while (c < 0x10000 && in(c)) ++c;
    out.push_back(static_cast<ImWchar>(first));
    out.push_back(static_cast<ImWchar>(c - 1));
  }
  out.push_back(0);
}

GlyphSet& app_glyphs() {
  static GlyphSet set;
  return set;
}

}  // namespace zs::gui

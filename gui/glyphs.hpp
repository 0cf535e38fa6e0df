// Which characters the font atlas must hold. The UI and lab texts are known at start; what a
// learner types, a znode's path or data and a console's output are not. Views pass such text
// to need_glyphs() as they draw it; the window rebuilds the atlas between frames when a
// character in it is new (ImGui 1.86 has no dynamic atlas), so the next frame shows it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

namespace zs::gui {

class GlyphSet {
 public:
  // Marks the characters of `texts` as present (the atlas is first built with them).
  void seed(const std::vector<std::string>& texts);
  // Adds the characters of `utf8` the atlas lacks; true when one was new. Latin-1 is always in
  // the atlas (ASCII costs a byte compare). Characters beyond U+FFFF are skipped (ImWchar is 16
  // bits in Debian's ImGui) and shown as ImGui's fallback.
  bool need(std::string_view utf8);
  bool need(ImWchar c);
  bool contains(ImWchar c) const;
  // True when need() added a character since the last take_pending().
  bool pending() const { return pending_; }
  void take_pending() { pending_ = false; }
  // Characters as glyph ranges for ImFontAtlas, Latin-1 always (zero-terminated; the vector
  // must outlive the atlas build): those of seed() and need(), or only seed()'s (the UI and
  // lab texts: the lab card's large font) or only need()'s.
  enum class Which : std::uint8_t { All, Seeded, Needed };
  void build_ranges(ImVector<ImWchar>& out, Which which = Which::All) const;
  std::size_t size() const { return count_; }
  // Most characters need() adds; the rest are ignored (a pasted book must not grow the
  // atlas texture past what the GPU takes).
  static constexpr std::size_t kMaxExtra = 6000;

 private:
  using Bits = std::vector<unsigned>;
  static void set(Bits& b, unsigned c) { b[c >> 5] |= 1u << (c & 31); }
  static bool test(const Bits& b, unsigned c) { return (b[c >> 5] >> (c & 31) & 1u) != 0; }
  Bits seeded_ = Bits(0x10000 / 32, 0u);
  Bits needed_ = Bits(0x10000 / 32, 0u);
  std::size_t count_ = 0;
  std::size_t extra_ = 0;
  bool pending_ = false;
};

// The app's set (the window seeds it and builds the atlas from it).
GlyphSet& app_glyphs();
// app_glyphs().need(utf8): call with text that did not come from a language or lab file.
inline void need_glyphs(std::string_view utf8) { app_glyphs().need(utf8); }

}  // namespace zs::gui

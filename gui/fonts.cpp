#include "fonts.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <imgui.h>

// Only to read a font's metrics (the mono cell width), in this file alone.
#define STBTT_STATIC
#define STB_TRUETYPE_IMPLEMENTATION
#include <imstb_truetype.h>

#include "glyphs.hpp"
#include "views/theme.hpp"

namespace zs::gui {
namespace {

struct FontFile {
  const char* path;
  int face;  // index inside a .ttc collection
};

constexpr FontFile kLatin[] = {{"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0}};
constexpr FontFile kMono[] = {{"/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", 0}};
// Face 2 of the Noto collection is Noto Sans CJK SC (simplified Chinese glyph shapes).
constexpr FontFile kCjk[] = {{"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2},
                             {"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0}};

// At equal pixel size the hanzi look smaller than DejaVu Sans's Latin letters.
constexpr float kCjkScale = 1.15f;
// In the mono font a hanzi takes exactly two cells, centred, as in a terminal.
constexpr float kCjkMonoScale = 1.15f;

template <std::size_t N>
std::optional<FontFile> first_existing(const FontFile (&files)[N]) {
  for (const FontFile& f : files) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(f.path, ec)) return f;
  }
  return std::nullopt;
}

// The bytes of a font file, read once per process: the atlas is rebuilt whenever a new
// character comes (and at every presenter scale), and Noto's collection is 19 MB.
std::vector<unsigned char>& file_bytes(const char* path) {
  static std::map<std::string, std::vector<unsigned char>> cache;
  auto [it, fresh] = cache.try_emplace(path);
  if (fresh) {
    std::ifstream in(path, std::ios::binary);
    it->second.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return it->second;
}

// The advance of 'M' in `f` at `px` as ImGui scales it (to the pixel height of ascent - descent).
float cell_width(const FontFile& f, float px) {
  std::vector<unsigned char>& bytes = file_bytes(f.path);
  stbtt_fontinfo info;
  const int offset = stbtt_GetFontOffsetForIndex(bytes.data(), f.face);
  if (bytes.empty() || offset < 0 || stbtt_InitFont(&info, bytes.data(), offset) == 0) return 0;
  int advance = 0;
  int bearing = 0;
  stbtt_GetCodepointHMetrics(&info, 'M', &advance, &bearing);
  return static_cast<float>(advance) * stbtt_ScaleForPixelHeight(&info, px);
}

// ImGui reads the shared bytes and does not free them (FontDataOwnedByAtlas = false).
ImFont* add_font(const FontFile& f, float px, ImFontConfig cfg, const ImWchar* ranges = nullptr) {
  std::vector<unsigned char>& bytes = file_bytes(f.path);
  if (bytes.empty()) return nullptr;
  cfg.FontNo = f.face;
  cfg.FontDataOwnedByAtlas = false;
  return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(bytes.data(), static_cast<int>(bytes.size()), px, &cfg, ranges);
}

}  // namespace

void load_fonts(const GlyphSet& glyphs, float size_px, float large_px, std::ostream& err) {
  static bool noted = false;  // the notes once, not at every rebuild
  ImGuiIO& io = ImGui::GetIO();
  auto latin = first_existing(kLatin);
  if (latin && file_bytes(latin->path).empty()) latin.reset();  // there but unreadable
  const auto cjk = first_existing(kCjk);
  const auto mono = first_existing(kMono);

  if (!latin) {
    if (!noted) {
      err << "zooscope: note: " << kLatin[0].path
          << " not found (package fonts-dejavu-core); using ImGui's built-in font";
      if (cjk) err << ", so Chinese text shows as '?'";
      err << "\n";
    }
    noted = true;
    io.Fonts->AddFontDefault();
    set_mono_font(nullptr);
    set_large_font(nullptr);
    return;
  }
  if (!cjk && !noted) {
    err << "zooscope: note: no CJK font found (package fonts-noto-cjk); Chinese text shows as '?'\n";
  }
  noted = true;

  // The ranges must outlive the atlas build (ImGui keeps the pointer). Only the characters
  // in use: a 1024x1024 atlas built in about 90 ms of CPU, where Noto's whole CJK range
  // takes 1.7 s and 128 MB of texture (docs/PERFORMANCE.md, "Chinese glyphs").
  static ImVector<ImWchar> all;
  static ImVector<ImWchar> seeded;
  glyphs.build_ranges(all, GlyphSet::Which::All);
  glyphs.build_ranges(seeded, GlyphSet::Which::Seeded);
  auto merge_cjk = [&](float px, bool in_mono, const ImVector<ImWchar>& ranges) {
    if (!cjk) return;
    ImFontConfig cfg;
    if (in_mono && mono) {
      const float two_cells = 2 * cell_width(*mono, px);
      if (two_cells > 0) {
        cfg.GlyphMinAdvanceX = two_cells;
        cfg.GlyphMaxAdvanceX = two_cells;
      }
    }
    cfg.MergeMode = true;
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    add_font(*cjk, px * (in_mono ? kCjkMonoScale : kCjkScale), cfg, ranges.Data);
  };
  // Latin, with the CJK glyphs merged in, at one size.
  auto add = [&](float px, const ImVector<ImWchar>& ranges) {
    ImFont* font = add_font(*latin, px, ImFontConfig{});
    merge_cjk(px, false, ranges);
    return font;
  };
  add(size_px, all);  // the first font is the default
  // The lab card's: the lab and UI texts only.
  set_large_font(large_px > size_px ? add(large_px, seeded) : nullptr);
  ImFont* mono_font = nullptr;
  if (mono) {
    mono_font = add_font(*mono, size_px - 2, ImFontConfig{});
    if (mono_font != nullptr) merge_cjk(size_px - 2, true, all);  // a learner may type 进程 too
  }
  set_mono_font(mono_font);
}

}  // namespace zs::gui

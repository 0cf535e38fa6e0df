#include "fonts.hpp"

#include <filesystem>
#include <optional>
#include <ostream>

#include <imgui.h>

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

template <std::size_t N>
std::optional<FontFile> first_existing(const FontFile (&files)[N]) {
  for (const FontFile& f : files) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(f.path, ec)) return f;
  }
  return std::nullopt;
}

}  // namespace

void load_fonts(const std::vector<std::string>& texts, float size_px, float large_px, std::ostream& err) {
  ImGuiIO& io = ImGui::GetIO();
  const auto latin = first_existing(kLatin);
  const auto cjk = first_existing(kCjk);
  const auto mono = first_existing(kMono);

  if (!latin) {
    err << "zooscope: note: " << kLatin[0].path
        << " not found (package fonts-dejavu-core); using ImGui's built-in font";
    if (cjk) err << ", so Chinese text shows as '?'";
    err << "\n";
    io.Fonts->AddFontDefault();
    set_mono_font(nullptr);
    set_large_font(nullptr);
    return;
  }

  // The ranges must outlive the atlas build (ImGui keeps the pointer).
  static ImVector<ImWchar> ranges;
  if (cjk) {
    // Only the glyphs the UI text uses: the atlas stays small and builds in milliseconds.
    ranges.clear();
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
    for (const std::string& t : texts) builder.AddText(t.c_str());
    builder.BuildRanges(&ranges);
  } else {
    err << "zooscope: note: no CJK font found (package fonts-noto-cjk); Chinese text shows as '?'\n";
  }
  // Latin, with the CJK glyphs merged in, at one size.
  auto add = [&](float px) {
    ImFontConfig latin_cfg;
    latin_cfg.FontNo = latin->face;
    ImFont* font = io.Fonts->AddFontFromFileTTF(latin->path, px, &latin_cfg);
    if (!cjk) return font;
    ImFontConfig cfg;
    cfg.MergeMode = true;
    cfg.FontNo = cjk->face;
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    // At equal pixel size the hanzi look smaller than DejaVu's Latin letters.
    io.Fonts->AddFontFromFileTTF(cjk->path, px * 1.15f, &cfg, ranges.Data);
    return font;
  };
  add(size_px);  // the first font is the default
  set_large_font(large_px > size_px ? add(large_px) : nullptr);
  set_mono_font(mono ? io.Fonts->AddFontFromFileTTF(mono->path, size_px - 2) : nullptr);
}

}  // namespace zs::gui

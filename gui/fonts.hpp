// The fonts the window uses, found on the system at run time (fonts-dejavu-core,
// fonts-noto-cjk). Missing fonts are not fatal: ImGui's built-in font takes over.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace zs::gui {

// Adds DejaVu Sans with Noto Sans CJK SC merged in (the glyphs of `texts`, i.e. every UI
// string of every language) and DejaVu Sans Mono for the trace (passed to set_mono_font).
// With large_px > size_px, the same pair again at that size for the lab card (set_large_font).
// Call after ImGui::CreateContext() and before the first frame. Notes go to `err`.
void load_fonts(const std::vector<std::string>& texts, float size_px, float large_px, std::ostream& err);

}  // namespace zs::gui

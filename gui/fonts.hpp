// The fonts the window uses, found on the system at run time (fonts-dejavu-core,
// fonts-noto-cjk). Missing fonts are not fatal: ImGui's built-in font takes over.
#pragma once

#include <iosfwd>

namespace zs::gui {

class GlyphSet;

// Adds DejaVu Sans with Noto Sans CJK SC merged in (the characters of `glyphs`: every UI and
// lab string, and what need_glyphs() asked for) and DejaVu Sans Mono for the trace, the
// console and znode names, with the same CJK characters merged in about two cells wide
// (passed to set_mono_font). With large_px > size_px, the UI pair again at that size for the
// lab card (set_large_font). Call after ImGui::CreateContext() and io.Fonts->Clear(), then
// io.Fonts->Build(). Notes go to `err` (once per process).
void load_fonts(const GlyphSet& glyphs, float size_px, float large_px, std::ostream& err);

}  // namespace zs::gui

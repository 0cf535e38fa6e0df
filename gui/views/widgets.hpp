// Small ImGui pieces the views share: translated patterns with fields, one-sentence tooltips,
// table headers with help, colour swatches.
#pragma once

#include <string>
#include <utility>

#include <fmt/format.h>
#include <imgui.h>

namespace zs::gui {

// A translated pattern with {0}, {1}... filled in; a broken translation shows as written
// rather than throwing mid-frame.
template <class... Args>
std::string fill(const char* pattern, Args&&... args) {
  try {
    return fmt::format(fmt::runtime(pattern), std::forward<Args>(args)...);
  } catch (const fmt::format_error&) {
    return pattern;
  }
}

// A wrapped tooltip for the last item while it is hovered.
void help_tooltip(const char* text);
// A table header cell with a one-sentence tooltip.
void table_header(int column, const char* label, const char* help);
// A small filled square in `col`, one text line high.
void swatch(ImU32 col);

}  // namespace zs::gui
